package dev.featbit.sdk.internal.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child JVM for {@code SnapshotCrashTest}: writes snapshots of generation 1, 2, 3... to the file in
 * {@code args[0]} for environment {@code args[1]} as fast as it can, printing {@code wrote <n>} after each
 * completed write, until it is killed.
 */
public final class SnapshotWriterChild {
  private SnapshotWriterChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String env = args[1];
    char[] pad = new char[2_000_000];
    for (long gen = 1; ; gen++) {
      Arrays.fill(pad, (char) ('a' + gen % 26));
      byte[] body = ("{\"generation\":" + gen + ",\"pad\":\"" + new String(pad) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      SnapshotFile.write(file, env, body, gen);
      System.out.println("wrote " + gen);
      System.out.flush();
    }
  }
}
