package dev.featbit.sdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL at random moments while it writes snapshots: the file is always the previous or
 * the new complete snapshot, never a torn one.
 */
class SnapshotCrashTest {
  static final String ENV = "0123456789abcdef0123456789abcdef";
  static final Pattern GENERATION = Pattern.compile("^\\{\"generation\":(\\d+),");
  static final int KILLS = 30;

  @Test
  void killMinus9DuringWritesLeavesThePreviousOrTheNewSnapshot(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("snapshots").resolve("featbit.snapshot");
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int midWrite = 0;
    for (int i = 0; i < KILLS; i++) {
      Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          SnapshotWriterChild.class.getName(), file.toString(), ENV).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int wanted = 1 + random.nextInt(6);
      long printed = 0;
      for (int n = 0; n < wanted; n++) {
        String line = out.readLine();
        assertThat(line).as("child output (seed %d)", seed).startsWith("wrote ");
        printed = Long.parseLong(line.substring(6));
      }
      long spinUntil = System.nanoTime() + random.nextInt(40_000_000); // a random moment within the next writes
      while (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      }
      child.toHandle().destroyForcibly(); // SIGKILL on Linux and macOS; the pipe stays readable
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("wrote ")) {
          printed = Long.parseLong(line.substring(6));
        }
      }
      if (Files.exists(SnapshotFile.temporary(file))) {
        midWrite++;
      }
      SnapshotFile.Loaded loaded = SnapshotFile.read(file, ENV); // throws Refused for a torn file
      assertThat(loaded).as("kill %d (seed %d)", i, seed).isNotNull();
      Matcher m = GENERATION.matcher(loaded.body);
      assertThat(m.find()).isTrue();
      long generation = Long.parseLong(m.group(1));
      assertThat(generation).as("kill %d (seed %d): the last completed write or the one in progress", i, seed)
          .isBetween(printed, printed + 1);
      assertThat(loaded.writtenAt).isEqualTo(generation);
    }
    // the kills did land inside writes (a temporary file was left behind), not only between them
    assertThat(midWrite).as("kills during a write (seed %d)", seed).isGreaterThan(0);
    // a client removes what a crash left behind
    SnapshotFile.removeLeftover(file);
    assertThat(Files.exists(SnapshotFile.temporary(file))).isFalse();
  }
}
