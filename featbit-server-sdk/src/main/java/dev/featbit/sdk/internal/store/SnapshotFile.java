package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The on-disk format of a last-known-good snapshot, and its atomic replacement.
 *
 * <p>Format: one header line of JSON, then the body (UTF-8 JSON {@code {"featureFlags":[...],"segments":[...]}}):
 * <pre>{"format":"featbit-snapshot","version":1,"environmentId":"<32 hex>","writtenAt":<epoch ms>,
 *  "bodyLength":<bytes>,"crc32c":<unsigned 32-bit>}\n&lt;body&gt;</pre>
 * A file is accepted only when the header parses, names this format and version and the expected environment,
 * and the body has exactly {@code bodyLength} bytes with that CRC32C: a torn, truncated, foreign or corrupt
 * file is refused whole.
 *
 * <p>Writing: the bytes go to {@code <file>.tmp} in the same folder (created owner-only where POSIX permissions
 * are supported), are forced to disk, then the temporary file is renamed over the snapshot (an atomic move) and
 * the folder is forced, so that after a crash at any moment the file is the previous or the new snapshot.
 */
public final class SnapshotFile {
  static final String FORMAT = "featbit-snapshot";
  static final int VERSION = 1;
  private static final int MAX_HEADER = 4096;

  private SnapshotFile() {}

  /** Why a snapshot file was refused (a safe message naming the problem). */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** A verified snapshot: its body and when it was written. */
  public static final class Loaded {
    public final String body;
    public final long writtenAt;

    Loaded(String body, long writtenAt) {
      this.body = body;
      this.writtenAt = writtenAt;
    }
  }

  /** The temporary file a write goes through. */
  public static Path temporary(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /**
   * Writes {@code body} as the snapshot of {@code environmentId}, atomically replacing {@code file}.
   *
   * @throws IOException when the file cannot be written (the previous snapshot is then unchanged)
   */
  public static void write(Path file, String environmentId, byte[] body, long writtenAt) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(body, 0, body.length);
    String header = "{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION + ",\"environmentId\":\""
        + environmentId + "\",\"writtenAt\":" + writtenAt + ",\"bodyLength\":" + body.length + ",\"crc32c\":"
        + crc.getValue() + "}\n";
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    Path tmp = temporary(file);
    Files.deleteIfExists(tmp);
    try {
      try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          ownerOnly(tmp))) {
        writeFully(ch, ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
        writeFully(ch, ByteBuffer.wrap(body));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the next write replaces it
      }
      throw e;
    }
    forceDirectory(dir);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!posix) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(rw)};
  }

  /** Makes the rename durable (POSIX); not every platform can open a folder, which is then skipped. */
  private static void forceDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // not supported here (Windows): the rename itself is atomic
    }
  }

  /**
   * Reads and verifies the snapshot of {@code environmentId} in {@code file}.
   *
   * @return the snapshot, or {@code null} when there is no file
   * @throws Refused when the file is not a complete snapshot of that environment
   * @throws IOException when the file cannot be read
   */
  public static Loaded read(Path file, String environmentId) throws Refused, IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    int nl = -1;
    for (int i = 0; i < Math.min(all.length, MAX_HEADER); i++) {
      if (all[i] == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      throw new Refused(all.length == 0 ? "the file is empty" : "no snapshot header (not a snapshot file)");
    }
    Object parsed;
    try {
      parsed = JsonTree.parse(new String(all, 0, nl, StandardCharsets.UTF_8));
    } catch (JsonTree.SyntaxError e) {
      throw new Refused("the header is not JSON (not a snapshot file)");
    }
    if (!(parsed instanceof JsonObject) || !FORMAT.equals(((JsonObject) parsed).get("format"))) {
      throw new Refused("not a snapshot file");
    }
    JsonObject h = (JsonObject) parsed;
    long version = number(h, "version");
    if (version != VERSION) {
      throw new Refused("snapshot format version " + version + " is not supported (expected " + VERSION
          + ")");
    }
    Object env = h.get("environmentId");
    if (!(env instanceof String) || !((String) env).equalsIgnoreCase(environmentId)) {
      throw new Refused("the snapshot belongs to another environment (" + (env instanceof String ? env : "none")
          + ", this client's is " + environmentId + ")");
    }
    long length = number(h, "bodyLength");
    int bodyLength = all.length - nl - 1;
    if (length != bodyLength) {
      throw new Refused("the body has " + bodyLength + " bytes, the header says " + length + " (truncated or torn)");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, nl + 1, bodyLength);
    if (crc.getValue() != number(h, "crc32c")) {
      throw new Refused("the checksum does not match (corrupt)");
    }
    return new Loaded(new String(all, nl + 1, bodyLength, StandardCharsets.UTF_8), number(h, "writtenAt"));
  }

  private static long number(JsonObject h, String name) throws Refused {
    Object v = h.get(name);
    if (!(v instanceof Double)) {
      throw new Refused("the header has no " + name);
    }
    return ((Double) v).longValue();
  }

  /** Removes a temporary file a crash left behind (best effort). */
  static void removeLeftover(Path file) {
    try {
      Files.deleteIfExists(temporary(file));
    } catch (IOException | RuntimeException e) {
      // the next write replaces it
    }
  }
}
