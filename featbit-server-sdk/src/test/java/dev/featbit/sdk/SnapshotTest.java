package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.internal.store.SnapshotFile;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testkit.VirtualTime;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last-known-good snapshot: written from what the data source delivers, loaded at start, refused when bad. */
class SnapshotTest {
  static final FBUser U = FBUser.builder("u").build();
  static final Duration T = Duration.ofSeconds(15);

  static boolean until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + T.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  /** A streaming URL where nothing listens: the server is down. */
  static String deadUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "ws://127.0.0.1:" + s.getLocalPort();
    }
  }

  static String body(Path file, String secret) throws Exception {
    return SnapshotFile.read(file, envId(secret)).body;
  }

  static String envId(String secret) {
    return dev.featbit.sdk.testing.Clients.environmentId(secret);
  }

  @Test
  void aRestartWhileTheServerIsDownServesTheSnapshotThenTheServersDataReplacesIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("state").resolve("featbit.snapshot");
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("a").serve(true), TestFlag.strings("theme", "light", "dark"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).disableEvents()
          .dataStore(Components.inMemoryDataStore().snapshotFile(file).snapshotInterval(Duration.ofMillis(50)))
          .build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.boolVariation("a", U, false)).isTrue();
        assertThat(until(() -> Files.exists(file))).isTrue();
        server.upsertFlag(TestFlag.bool("a").serve(false));
        assertThat(until(() -> !client.boolVariation("a", U, true))).isTrue();
        // written within the interval, not only on close
        assertThat(until(() -> {
          try {
            return body(file, server.secret()).contains("\"a-v1\",\"rollout\"");
          } catch (Exception e) {
            return false;
          }
        })).isTrue();
      }
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain(server.secret());
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      }
      assertThat(Files.exists(SnapshotFile.temporary(file))).isFalse();

      // restart with the server down: initialized from the snapshot at once, STALE saying so
      server.stop();
      try (LogCapture log = new LogCapture();
           FBClient client = new FBClient(config.toBuilder().startWait(Duration.ofSeconds(30)).build())) {
        assertThat(client.isInitialized()).isTrue();
        DataUpdateStatus st = client.dataUpdateStatusProvider().status();
        assertThat(st.state()).isEqualTo(State.STALE);
        assertThat(st.lastError().kind()).isIn(ErrorKind.STORE, ErrorKind.NETWORK);
        assertThat(st.lastError().message()).contains("serving the snapshot " + file).containsPattern(
            "written \\d+ s ago until the data source delivers");
        assertThat(client.boolVariation("a", U, true)).isFalse();
        assertThat(client.stringVariation("theme", U, "x")).isEqualTo("light");
        assertThat(log.lines()).anyMatch(l -> l.contains("Loaded 2 flags and 0 segments from the snapshot"));

        // the server comes back with other data: the first full data set replaces the snapshot
        server.load(TestFlag.bool("b").serve(true));
        server.restart();
        assertThat(client.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(
            DataUpdateStatusProvider.ReadyResult.READY);
        assertThat(until(() -> client.dataUpdateStatusProvider().state() == State.READY)).isTrue();
        assertThat(client.isFlagKnown("a")).isFalse();
        assertThat(client.boolVariation("b", U, false)).isTrue();
        // the snapshot's data is provisional: the client asked for everything (cursor 0)
        List<JsonNode> sent = server.clientMessages();
        assertThat(sent).filteredOn(m -> "data-sync".equals(m.path("messageType").asText())).first()
            .satisfies(m -> assertThat(m.path("data").path("timestamp").asLong()).isZero());
      }
      assertThat(body(file, server.secret())).contains("\"key\":\"b\"").doesNotContain("\"key\":\"a\"");
    }
  }

  @Test
  void writesAreDebouncedOnTheClientsClockAndTheLastIsWrittenOnClose(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("featbit.snapshot");
    String secret = Secrets.newSecret();
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    try (VirtualTime vt = VirtualTime.startingNow()) {
      FBConfig config = FBConfig.builder(secret).disableEvents().startWait(Duration.ZERO)
          .dataSync(scripted(updates))
          .dataStore(Components.inMemoryDataStore().snapshotFile(file))
          .clock(vt.clock()).scheduler(vt.scheduler()).build();
      long t0 = vt.clock().millis();
      FBClient client = new FBClient(config);
      assertThat(client.isInitialized()).isFalse();
      updates.get().apply(full(flag("a", true, 1)));
      assertThat(vt.awaitPending(1, T)).isTrue(); // the snapshot thread scheduled the write
      vt.advance(Duration.ofMillis(4_900));
      assertThat(Files.exists(file)).isFalse();
      vt.advance(Duration.ofMillis(100));
      assertThat(until(() -> Files.exists(file))).isTrue();
      SnapshotFile.Loaded first = SnapshotFile.read(file, envId(secret));
      assertThat(first.writtenAt).isEqualTo(t0 + 5_000);
      // two patches within one interval: one write, with the second
      updates.get().apply(patch(flag("a", false, 2)));
      assertThat(vt.awaitPending(1, T)).isTrue();
      vt.advance(Duration.ofSeconds(1));
      updates.get().apply(patch(flag("b", true, 3)));
      vt.advance(Duration.ofSeconds(3));
      assertThat(body(file, secret)).doesNotContain("\"key\":\"b\"");
      vt.advance(Duration.ofSeconds(1));
      assertThat(until(() -> {
        try {
          return body(file, secret).contains("\"key\":\"b\"");
        } catch (Exception e) {
          return false;
        }
      })).isTrue();
      assertThat(SnapshotFile.read(file, envId(secret)).writtenAt)
          .isEqualTo(t0 + 10_000);
      // a last change is written by close(), without waiting for the interval
      updates.get().apply(patch(flag("c", true, 4)));
      client.close();
      assertThat(body(file, secret)).contains("\"key\":\"c\"").contains("\"key\":\"b\"");
    }
  }

  @Test
  void aNumberBeyondADoublesRangeIsWrittenSoThatItReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("featbit.snapshot");
    String secret = Secrets.newSecret();
    // a rollout bound of 1e400 (an infinity once read, as the server reads it): the full range
    String big = flag("big", true, 1).replace("\"rollout\":[0.0,1.0]", "\"rollout\":[0,1e400]");
    assertThat(big).contains("1e400");
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    FBConfig config = FBConfig.builder(secret).disableEvents().startWait(Duration.ZERO)
        .dataSync(scripted(updates))
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build();
    try (FBClient client = new FBClient(config)) {
      updates.get().apply(full(big));
      assertThat(client.boolVariation("big", U, false)).isTrue();
    } // written on close
    assertThat(body(file, secret)).contains("1e400").doesNotContain("Infinity");
    FBConfig restart = FBConfig.builder(secret).streamingUrl(deadUrl()).disableEvents().startWait(Duration.ZERO)
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build();
    try (FBClient client = new FBClient(restart)) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.boolVariationDetail("big", U, false).reason()).isNotEqualTo(ReasonKind.ERROR);
      assertThat(client.boolVariation("big", U, false)).isTrue();
    }
  }

  /**
   * A full data set holding a key twice with the same version: the store serves the first copy, and the snapshot
   * keeps that same copy, so a restart from it serves what was served before.
   */
  @Test
  void aKeyGivenTwiceWithTheSameVersionIsSnapshottedAsTheStoreServesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("featbit.snapshot");
    String secret = Secrets.newSecret();
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    FBConfig config = FBConfig.builder(secret).disableEvents().startWait(Duration.ZERO)
        .dataSync(scripted(updates))
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build();
    try (FBClient client = new FBClient(config)) {
      updates.get().apply(full(flag("twice", true, 1), flag("twice", false, 1)));
      assertThat(client.boolVariation("twice", U, false)).isTrue();
    } // written on close
    FBConfig restart = FBConfig.builder(secret).streamingUrl(deadUrl()).disableEvents().startWait(Duration.ZERO)
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build();
    try (FBClient client = new FBClient(restart)) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.boolVariation("twice", U, false)).isTrue();
    }
  }

  /** A data source that does nothing by itself and hands its updates to the test, which applies data sets. */
  static dev.featbit.sdk.config.DataSyncBuilder scripted(AtomicReference<DataSourceUpdates> updates) {
    return Components.customDataSource((ctx, u) -> {
      updates.set(u);
      return new DataSource() {
        @Override
        public void start() {}

        @Override
        public void close() {}
      };
    });
  }

  static String flag(String key, boolean on, long seconds) {
    return TestFlag.bool(key).on(on).toJson(java.time.Instant.ofEpochSecond(1_700_000_000L + seconds).toString())
        .toString();
  }

  static String full(String... flags) {
    return "{\"eventType\":\"full\",\"featureFlags\":[" + String.join(",", flags) + "],\"segments\":[]}";
  }

  static String patch(String... flags) {
    return "{\"eventType\":\"patch\",\"featureFlags\":[" + String.join(",", flags) + "],\"segments\":[]}";
  }

  @Test
  void aTornCorruptForeignOrUnknownSnapshotIsLoggedAndIgnored(@TempDir Path dir) throws Exception {
    String secret = Secrets.newSecret();
    String env = envId(secret);
    Path good = dir.resolve("good.snapshot");
    SnapshotFile.write(good, env, full(flag("a", true, 1)).getBytes(StandardCharsets.UTF_8), 1);
    byte[] bytes = Files.readAllBytes(good);
    String dead = deadUrl();

    Path truncated = dir.resolve("truncated.snapshot");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Path corrupt = dir.resolve("corrupt.snapshot");
    byte[] flipped = bytes.clone();
    flipped[flipped.length - 20] ^= 0x01;
    Files.write(corrupt, flipped);
    Path foreign = dir.resolve("foreign.snapshot");
    SnapshotFile.write(foreign, envId(Secrets.newSecret()),
        full(flag("a", true, 1)).getBytes(StandardCharsets.UTF_8), 1);
    Path garbage = dir.resolve("garbage.snapshot");
    Files.writeString(garbage, "{\"featureFlags\":[]");
    Path future = dir.resolve("future.snapshot");
    Files.writeString(future, new String(bytes, StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":2"));
    Path notFlags = dir.resolve("notflags.snapshot");
    SnapshotFile.write(notFlags, env, "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), 1);

    String[][] cases = {
        {truncated.toString(), "truncated or torn"},
        {corrupt.toString(), "checksum does not match"},
        {foreign.toString(), "belongs to another environment"},
        {garbage.toString(), "no snapshot header"},
        {future.toString(), "format version 2 is not supported"},
        {notFlags.toString(), "not FeatBit flag data"}};
    for (String[] c : cases) {
      Path file = Path.of(c[0]);
      byte[] before = Files.readAllBytes(file);
      try (LogCapture log = new LogCapture();
           FBClient client = new FBClient(FBConfig.builder(secret).streamingUrl(dead).disableEvents()
               .startWait(Duration.ZERO).dataStore(Components.inMemoryDataStore().snapshotFile(file)).build())) {
        assertThat(client.isInitialized()).as(c[1]).isFalse();
        assertThat(client.boolVariationDetail("a", U, false).reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
        assertThat(log.lines()).as(c[1]).filteredOn(l -> l.contains("Ignoring the snapshot " + file)).hasSize(1)
            .allMatch(l -> l.startsWith("WARN") && l.contains(c[1]));
      }
      // nothing was delivered: the bad file is left as it is (not replaced by an empty snapshot)
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
    // the good one loads
    try (FBClient client = new FBClient(FBConfig.builder(secret).streamingUrl(dead).disableEvents()
        .startWait(Duration.ZERO).dataStore(Components.inMemoryDataStore().snapshotFile(good)).build())) {
      assertThat(client.boolVariation("a", U, false)).isTrue();
    }
  }

  @Test
  void aSnapshotIsOnlineOnlyAndNeedsTheSecret(@TempDir Path dir) {
    Path file = dir.resolve("s");
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true)
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("dataStore.snapshotFile"));
    assertThatThrownBy(() -> FBConfig.builder(null).disableEvents()
        .dataSync(Components.customDataSource((c, u) -> null))
        .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("dataStore.snapshotFile"));
    assertThatThrownBy(() -> FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://127.0.0.1:1")
        .dataStore(Components.inMemoryDataStore().snapshotFile(file).snapshotInterval(Duration.ZERO)).build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("dataStore.snapshotInterval"));
  }
}
