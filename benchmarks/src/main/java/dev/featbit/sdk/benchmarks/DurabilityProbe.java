package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.config.FileDataSourceBuilder;
import dev.featbit.sdk.internal.store.SnapshotFile;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Durability probes: a runnable program (not a test) printing three figures.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.featbit.sdk.benchmarks.DurabilityProbe [flags=10000] [rounds=20]
 * </pre>
 *
 * <ol>
 *   <li><b>Start from a snapshot</b>: {@code new FBClient(config)} with a snapshot of {@code flags} mixed flags
 *       ({@link Scenarios#mixed}) and the server unreachable (a closed port), until the constructor returned
 *       initialized; the first (cold) start and the following ones (same JVM).</li>
 *   <li><b>Snapshot write</b>: one write of that data set on the snapshot thread (body assembly excluded):
 *       {@code SnapshotFile.write} with its fsync and rename; and the caller's cost of committing the full data
 *       set with and without a snapshot file configured (the write-through only hands the commit over).</li>
 *   <li><b>File reload</b>: the file data source with its defaults (200 ms debounce, watch service); a file
 *       with 100 flags replaced (atomic move) until the flag change listener fired.</li>
 * </ol>
 */
public final class DurabilityProbe {
  private static final FBUser U = FBUser.builder("probe-user").build();

  private DurabilityProbe() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.println("DurabilityProbe: " + n + " flags, " + rounds + " rounds; " + System.getProperty("java.vm.name")
        + " " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
    Path dir = Files.createTempDirectory("featbit-durability");
    try {
      String json = Scenarios.mixed(n).featBitJson();
      startFromSnapshot(dir, json, n, rounds);
      snapshotWrite(dir, json, rounds);
      fileReload(dir, rounds);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String deadUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "ws://127.0.0.1:" + s.getLocalPort();
    }
  }

  /** A data source whose updates the probe drives. */
  static DataSourceFactoryRef source() {
    return new DataSourceFactoryRef();
  }

  static final class DataSourceFactoryRef {
    final AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();

    dev.featbit.sdk.spi.DataSourceFactory factory() {
      return (ctx, u) -> {
        updates.set(u);
        return new DataSource() {
          @Override
          public void start() {}

          @Override
          public void close() {}
        };
      };
    }
  }

  static void startFromSnapshot(Path dir, String json, int n, int rounds) throws Exception {
    String secret = Secrets.newSecret();
    Path file = dir.resolve("featbit.snapshot");
    // a client that received the data set writes the snapshot (on close at the latest)
    DataSourceFactoryRef src = source();
    try (FBClient writer = new FBClient(FBConfig.builder(secret).disableEvents().startWait(Duration.ZERO)
        .dataSync(Components.customDataSource(src.factory()))
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build())) {
      if (!src.updates.get().apply(json)) {
        throw new IllegalStateException("data not applied");
      }
    }
    System.out.printf("snapshot file: %,d bytes for %,d flags%n", Files.size(file), n);
    String dead = deadUrl();
    FBConfig config = FBConfig.builder(secret).streamingUrl(dead).disableEvents()
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build();
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i <= rounds; i++) {
      long t0 = System.nanoTime();
      FBClient client = new FBClient(config);
      long t1 = System.nanoTime();
      if (!client.isInitialized() || client.stringVariation("flag-00004", U, null) == null) {
        throw new IllegalStateException("not initialized from the snapshot");
      }
      client.close();
      ms.add((t1 - t0) / 1e6);
    }
    double cold = ms.remove(0);
    System.out.printf("start from snapshot (constructor returned, initialized): cold %.1f ms; warm %s%n", cold,
        summary(ms));
    // the same client without a snapshot (startWait 0): what constructing an online client costs anyway
    List<Double> bare = new ArrayList<>();
    FBConfig without = config.toBuilder().startWait(Duration.ZERO).dataStore(Components.inMemoryDataStore()).build();
    for (int i = 0; i <= rounds; i++) {
      long t0 = System.nanoTime();
      FBClient client = new FBClient(without);
      bare.add((System.nanoTime() - t0) / 1e6);
      client.close();
    }
    bare.remove(0);
    System.out.printf("  reference, the same client without a snapshot (startWait 0, not initialized): %s%n",
        summary(bare));
    // its parts: reading and checking the file; and, as the reference under the same load, parse + compile +
    // commit of the same data set (what ParseBenchmark.parseAndCommit measures)
    List<Double> read = new ArrayList<>();
    List<Double> parse = new ArrayList<>();
    String env = environmentId(secret);
    try (FBClient offline = new FBClient(FBConfig.builder(null).offline(true).build())) {
      for (int i = 0; i <= rounds; i++) {
        long t0 = System.nanoTime();
        SnapshotFile.Loaded loaded = SnapshotFile.read(file, env);
        long t1 = System.nanoTime();
        if (!offline.initializeFromExternalJson(loaded.body)) {
          throw new IllegalStateException("snapshot body not loaded");
        }
        long t2 = System.nanoTime();
        read.add((t1 - t0) / 1e6);
        parse.add((t2 - t1) / 1e6);
      }
    }
    read.remove(0);
    parse.remove(0);
    System.out.printf("  of which reading + checking the file (read, CRC32C, UTF-8): %s%n", summary(read));
    System.out.printf("  reference, parse + compile + commit of the body alone: %s%n", summary(parse));
  }

  static void snapshotWrite(Path dir, String json, int rounds) throws Exception {
    String secret = Secrets.newSecret();
    String env = environmentId(secret);
    Path file = dir.resolve("write.snapshot");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i <= rounds; i++) {
      long t0 = System.nanoTime();
      SnapshotFile.write(file, env, body, i);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    ms.remove(0);
    System.out.printf("snapshot write (%,d bytes, fsync + atomic rename): %s%n", body.length, summary(ms));

    // the commit path: full data set committed by a data source, without and with a snapshot file
    for (boolean snapshot : new boolean[] {false, true, false, true}) {
      DataSourceFactoryRef src = source();
      FBConfig.Builder b = FBConfig.builder(secret).disableEvents().startWait(Duration.ZERO)
          .dataSync(Components.customDataSource(src.factory()));
      if (snapshot) {
        b.dataStore(Components.inMemoryDataStore().snapshotFile(dir.resolve("commit.snapshot"))
            .snapshotInterval(Duration.ofSeconds(1)));
      }
      List<Double> commit = new ArrayList<>();
      try (FBClient client = new FBClient(b.build())) {
        for (int i = 0; i <= rounds; i++) {
          long t0 = System.nanoTime();
          src.updates.get().apply(json);
          commit.add((System.nanoTime() - t0) / 1e6);
        }
      }
      commit.remove(0);
      System.out.printf("commit of the full data set by a data source, %s: %s%n",
          snapshot ? "with snapshotFile   " : "without snapshotFile", summary(commit));
    }
  }

  static String environmentId(String secret) {
    String part = secret.substring(22).replace('_', '/').replace('-', '+') + "==";
    StringBuilder sb = new StringBuilder();
    for (byte x : java.util.Base64.getDecoder().decode(part)) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  static void fileReload(Path dir, int rounds) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, flags(100, false));
    try (FBClient client = new FBClient(FBConfig.builder(null).events(Components.noEvents())
        .dataSync(Components.fileDataSource(file)).build())) {
      if (!client.isInitialized()) {
        throw new IllegalStateException("file not loaded");
      }
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i <= rounds; i++) {
        boolean on = i % 2 == 0;
        CountDownLatch fired = new CountDownLatch(1);
        var sub = client.flagTracker().addFlagChangeListener(e -> fired.countDown());
        Path tmp = dir.resolve("flags.json.new");
        Files.writeString(tmp, flags(100, on));
        long t0 = System.nanoTime();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!fired.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no reload");
        }
        ms.add((System.nanoTime() - t0) / 1e6);
        sub.close();
        if (client.boolVariation("flag-0", U, !on) != on) {
          throw new IllegalStateException("wrong value after reload");
        }
        LockSupport.parkNanos(50_000_000); // let the file's modification time move on
      }
      ms.remove(0);
      System.out.printf("file reload (defaults: %d ms debounce, watch service; 100 flags): %s%n",
          FileDataSourceBuilder.DEFAULT_DEBOUNCE.toMillis(), summary(ms));
    }
  }

  static String flags(int n, boolean on) {
    StringBuilder b = new StringBuilder("{\"featureFlags\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(TestFlag.bool("flag-" + i).serve(on).toJson("2025-03-01T08:00:00Z"));
    }
    return b.append("],\"segments\":[]}").toString();
  }

  static String summary(List<Double> ms) {
    List<Double> s = new ArrayList<>(ms);
    Collections.sort(s);
    return String.format("min %.1f ms, median %.1f ms, max %.1f ms (%d runs)", s.get(0), s.get(s.size() / 2),
        s.get(s.size() - 1), s.size());
  }
}
