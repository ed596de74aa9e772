package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.data.Timestamps;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags from local files, reloaded when they change. Each file is a {@code data-sync} message, a
 * {@code latest-all} body or {@code {"featureFlags":[...],"segments":[...]}}; together they are one full data
 * set (a key in two files is an error).
 *
 * <p>Change detection: a {@link WatchService} on the files' folders ({@code featbit-file-watch}) and a check
 * every poll interval on the client's scheduler (for file systems where watching is unreliable) both trigger a
 * check of every file's size and modification time. A new state is loaded only once it has stayed the same for
 * the debounce time (measured on the client's clock) and every file parses; a file being written is
 * therefore not loaded half, and a malformed or missing file keeps the current data and is reported once per
 * change. Reading and parsing run on {@code featbit-file-data}.
 *
 * <p>Versions: an item whose content changed but whose {@code updatedAt} did not (a hand edit) gets the next
 * version (its {@code updatedAt} one millisecond later), so that the store sees the change and change
 * listeners fire for it.
 *
 * <p>It needs only the public interfaces: the context's scheduler and clock, and the data set committed as
 * JSON through {@link DataSourceUpdates#apply(String)}, so it runs with any implementation of them (an
 * application's factory that wraps this one and decorates the context or the updates).
 */
public final class FileDataSource implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.file");

  private final ComponentContext ctx;
  private final DataSourceUpdates updates;
  private final List<Path> files;
  private final long debounceMillis;
  private final long pollMillis;
  private final ExecutorService io;
  private volatile WatchService watcher;
  private volatile Thread watchThread;
  private volatile ScheduledFuture<?> poll;
  private volatile boolean closed;

  // owned by the io thread
  private List<Sig> attempted; // the state last loaded or reported
  private List<Sig> candidate; // a new state, waiting to be stable for the debounce time
  private long candidateSince;
  private boolean recheckScheduled;
  private Map<String, Held> heldFlags = new HashMap<>();
  private Map<String, Held> heldSegments = new HashMap<>();

  private static final class Held {
    final long version;
    final String json;

    Held(long version, String json) {
      this.version = version;
      this.json = json;
    }
  }

  /** A file's observable state: missing, or size and modification time. */
  /**
   * What is compared to notice a change: existence, size, modification time and a checksum of the content (an
   * edit that keeps the size within the file system's timestamp granularity, a tick of a few milliseconds or
   * a whole second, leaves the first three unchanged).
   */
  private static final class Sig {
    final boolean exists;
    final long size;
    final long modified;
    final long checksum;

    Sig(boolean exists, long size, long modified, long checksum) {
      this.exists = exists;
      this.size = size;
      this.modified = modified;
      this.checksum = checksum;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Sig)) {
        return false;
      }
      Sig s = (Sig) o;
      return exists == s.exists && size == s.size && modified == s.modified && checksum == s.checksum;
    }

    @Override
    public int hashCode() {
      return Objects.hash(exists, size, modified, checksum);
    }
  }

  public FileDataSource(ComponentContext ctx, DataSourceUpdates updates, List<Path> files, long debounceMillis,
      long pollMillis) {
    this.ctx = Objects.requireNonNull(ctx, "context");
    this.updates = Objects.requireNonNull(updates, "updates");
    List<Path> abs = new ArrayList<>();
    for (Path f : files) {
      abs.add(f.toAbsolutePath().normalize());
    }
    this.files = abs;
    this.debounceMillis = debounceMillis;
    this.pollMillis = pollMillis;
    this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        ClientContext.threads("file-data"));
  }

  @Override
  public void start() {
    submit(this::loadNow);
    startWatching();
    ScheduledExecutorService s = ctx.scheduler();
    try {
      poll = s.scheduleWithFixedDelay(() -> submit(this::check), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the client is closing
    }
  }

  private void startWatching() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path f : files) {
      if (f.getParent() != null) {
        dirs.add(f.getParent());
      }
    }
    try {
      WatchService w = FileSystems.getDefault().newWatchService();
      for (Path d : dirs) {
        d.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
      watcher = w;
    } catch (IOException | RuntimeException e) {
      LOG.info("Not watching the flag files ({}); checking them every {} ms", e.toString(), pollMillis);
      return;
    }
    Thread t = ClientContext.threads("file-watch").newThread(this::watchLoop);
    watchThread = t;
    t.start();
  }

  private void watchLoop() {
    WatchService w = watcher;
    try {
      while (!closed) {
        WatchKey key = w.take();
        boolean relevant = false;
        for (WatchEvent<?> e : key.pollEvents()) {
          Object ctxName = e.context();
          if (e.kind() == StandardWatchEventKinds.OVERFLOW || !(ctxName instanceof Path)) {
            relevant = true;
            continue;
          }
          Path changed = ((Path) key.watchable()).resolve((Path) ctxName).toAbsolutePath().normalize();
          relevant |= files.contains(changed);
        }
        key.reset();
        if (relevant) {
          submit(this::check);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private List<Sig> signatures() {
    List<Sig> out = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Files.readAllBytes(f));
        out.add(new Sig(true, a.size(), a.lastModifiedTime().toMillis(), crc.getValue()));
      } catch (IOException | RuntimeException e) {
        out.add(new Sig(false, 0, 0, 0));
      }
    }
    return out;
  }

  /** A change notice or a poll: loads a new state once it was stable for the debounce time. */
  private void check() {
    List<Sig> now = signatures();
    if (now.equals(attempted)) {
      candidate = null;
      return;
    }
    long t = ctx.clock().millis();
    if (!now.equals(candidate)) {
      candidate = now;
      candidateSince = t;
      scheduleRecheck(debounceMillis);
      return;
    }
    long left = candidateSince + debounceMillis - t;
    if (left > 0) {
      scheduleRecheck(left);
      return;
    }
    loadNow();
  }

  private void scheduleRecheck(long delay) {
    if (recheckScheduled || closed) {
      return;
    }
    recheckScheduled = true;
    try {
      ctx.scheduler().schedule(() -> submit(() -> {
        recheckScheduled = false;
        check();
      }), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      recheckScheduled = false;
    }
  }

  /** Reads and commits every file; on a problem keeps the current data and reports it once for this state. */
  private void loadNow() {
    List<Sig> before = signatures();
    candidate = null;
    List<DataSyncMessage> parsed = new ArrayList<>(files.size());
    String problem = null;
    for (Path f : files) {
      String text;
      try {
        text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        problem = f + ": no such file";
        break;
      } catch (IOException | RuntimeException e) {
        problem = f + ": cannot read it (" + e.getClass().getSimpleName() + ")";
        break;
      }
      try {
        parsed.add(DataSyncMessage.parseBootstrap(text));
      } catch (DataSyncMessage.InvalidMessageException e) {
        problem = f + ": not FeatBit flag data (" + e.getMessage() + ")";
        break;
      }
    }
    List<Sig> after = signatures();
    if (!after.equals(before)) {
      // changed while being read: wait until it is stable
      candidate = after;
      candidateSince = ctx.clock().millis();
      scheduleRecheck(debounceMillis);
      return;
    }
    attempted = after;
    if (problem == null) {
      problem = commit(parsed);
    }
    if (problem != null) {
      LOG.warn("Flag files not loaded: {}; the current data stays until the files change", problem);
      updates.interrupted(ErrorKind.INVALID_DATA, problem);
    }
  }

  /** Merges the files into one full data set and commits it; returns the problem, or {@code null}. */
  private String commit(List<DataSyncMessage> parsed) {
    Map<String, Held> flagsNext = new HashMap<>();
    Map<String, Held> segmentsNext = new HashMap<>();
    List<EntityDoc> flags = new ArrayList<>();
    List<EntityDoc> segments = new ArrayList<>();
    Map<String, Path> flagFile = new HashMap<>();
    Map<String, Path> segmentFile = new HashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      String p = merge(parsed.get(i).flags, files.get(i), flagFile, heldFlags, flagsNext, flags, "flag");
      if (p == null) {
        p = merge(parsed.get(i).segments, files.get(i), segmentFile, heldSegments, segmentsNext, segments,
            "segment");
      }
      if (p != null) {
        return p;
      }
    }
    if (!updates.apply(fullDataSet(flags, segments))) {
      return null; // closed
    }
    heldFlags = flagsNext;
    heldSegments = segmentsNext;
    LOG.info("Loaded {} flags and {} segments from {}", flags.size(), segments.size(),
        files.size() == 1 ? files.get(0) : files.size() + " files");
    return null;
  }

  /**
   * The merged files as one {@code {"featureFlags":[...],"segments":[...]}} document; an item whose version
   * was moved past its {@code updatedAt} (an edit without a new one) carries the moved time.
   */
  static String fullDataSet(List<EntityDoc> flags, List<EntityDoc> segments) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"featureFlags\":[");
    items(flags, b);
    b.append("],\"segments\":[");
    items(segments, b);
    return b.append("]}").toString();
  }

  private static void items(List<EntityDoc> docs, StringBuilder b) {
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      EntityDoc d = docs.get(i);
      Object updatedAt = d.node().get("updatedAt");
      if (updatedAt instanceof String && Timestamps.toEpochMillis((String) updatedAt) == d.version) {
        b.append(d.json());
        continue;
      }
      JsonObject o = d.node();
      b.append('{');
      for (int m = 0; m < o.size(); m++) {
        if (m > 0) {
          b.append(',');
        }
        b.append(JsonTree.toJson(o.name(m))).append(':');
        b.append("updatedAt".equals(o.name(m)) ? JsonTree.toJson(Instant.ofEpochMilli(d.version).toString())
            : JsonTree.toReadableJson(o.value(m)));
      }
      b.append('}');
    }
  }

  private static String merge(List<EntityDoc> docs, Path file, Map<String, Path> seen, Map<String, Held> held,
      Map<String, Held> next, List<EntityDoc> out, String what) {
    for (EntityDoc d : docs) {
      Path other = seen.put(d.key, file);
      if (other != null && !other.equals(file)) {
        return what + " " + DataSyncMessage.safe(d.key) + " is in both " + other + " and " + file;
      }
      String json = JsonTree.toJson(d.node());
      Held old = held.get(d.key);
      long version = d.version;
      if (old != null) {
        if (old.json.equals(json)) {
          version = old.version;
        } else if (version <= old.version) {
          version = old.version + 1; // edited without a new updatedAt
        }
      }
      next.put(d.key, new Held(version, json));
      out.add(version == d.version ? d : new EntityDoc(d.key, version, d.archived, d.node()));
    }
    return null;
  }

  private void submit(Runnable r) {
    if (closed) {
      return;
    }
    try {
      io.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.error("Flag file check failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** The files this source reads. */
  public List<Path> files() {
    return Arrays.asList(files.toArray(new Path[0]));
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
    WatchService w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    Thread t = watchThread;
    if (t != null) {
      t.interrupt();
    }
    io.shutdownNow();
  }
}
