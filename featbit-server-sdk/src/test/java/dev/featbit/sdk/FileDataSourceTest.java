package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.config.FileDataSourceBuilder;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.DataSourceFactory;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testkit.VirtualTime;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags from local files, reloaded when they change; no network. */
class FileDataSourceTest {
  static final FBUser U = FBUser.builder("u").build();
  static final Duration T = Duration.ofSeconds(15);
  static final String AT = "2025-03-01T08:00:00Z";

  static String flag(TestFlag f) {
    return f.toJson(AT).toString();
  }

  static String bare(String... flags) {
    return "{\"featureFlags\":[" + String.join(",", flags) + "],\"segments\":[]}";
  }

  static FBConfig.Builder config(FileDataSourceBuilder source) {
    return FBConfig.builder(null).dataSync(Components.customDataSource(source)).events(Components.noEvents());
  }

  static final String NOT_LOADED = "Flag files not loaded";

  @Test
  void anEditIsLoadedAndListenersFireForWhatChangedEvenWithoutANewUpdatedAt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, bare(flag(TestFlag.bool("a").serve(true)), flag(TestFlag.bool("b").serve(true))));
    FBConfig config = FBConfig.builder(null).dataSync(Components.fileDataSource(file))
        .events(Components.noEvents()).build();
    try (FBClient client = new FBClient(config)) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
      assertThat(client.boolVariation("a", U, false)).isTrue();
      BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
      client.flagTracker().addFlagChangeListener(e -> changes.add(e.flagKeys()));
      // a hand edit: same updatedAt, other content
      Files.writeString(file, bare(flag(TestFlag.bool("a").serve(false)), flag(TestFlag.bool("b").serve(true))));
      assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("a");
      assertThat(client.boolVariation("a", U, true)).isFalse();
      assertThat(client.boolVariation("b", U, false)).isTrue();
      // a removal is a change too
      Files.writeString(file, bare(flag(TestFlag.bool("b").serve(true))));
      assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("a");
      assertThat(client.isFlagKnown("a")).isFalse();
    }
  }

  @Test
  void anEditOfTheSameSizeAndTimestampIsLoaded(@TempDir Path dir) throws Exception {
    // what a file system with a coarse timestamp (a tick of milliseconds, or a second) shows for a quick
    // edit that keeps the size: only the content differs
    Path file = dir.resolve("flags.json");
    String before = bare(flag(TestFlag.bool("a").serve(true)));
    String after = bare(flag(TestFlag.bool("a").serve(false)));
    assertThat(after).hasSameSizeAs(before);
    Files.writeString(file, before);
    java.nio.file.attribute.FileTime stamp = Files.getLastModifiedTime(file);
    FBConfig config = config(new FileDataSourceBuilder(file).debounce(Duration.ofMillis(50))
        .pollInterval(Duration.ofMillis(50))).build();
    try (FBClient client = new FBClient(config)) {
      assertThat(client.boolVariation("a", U, false)).isTrue();
      Files.writeString(file, after);
      Files.setLastModifiedTime(file, stamp);
      assertThat(SnapshotTest.until(() -> !client.boolVariation("a", U, true))).isTrue();
    }
  }

  @Test
  void aHalfWrittenFileIsNotLoadedTheCompleteOneIs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, bare(flag(TestFlag.bool("a").serve(true))));
    try (VirtualTime vt = VirtualTime.startingNow(); LogCapture log = new LogCapture()) {
      FBConfig config = config(new FileDataSourceBuilder(file).debounce(Duration.ofMillis(200))
          .pollInterval(Duration.ofHours(1))).clock(vt.clock()).scheduler(vt.scheduler()).build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.boolVariation("a", U, false)).isTrue();
        byte[] next = bare(flag(TestFlag.bool("a").serve(false)), flag(TestFlag.strings("c", "x", "y")))
            .getBytes(StandardCharsets.UTF_8);
        int half = next.length / 2;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(ByteBuffer.wrap(next, 0, half));
          ch.force(true);
          // the source saw the new state and waits for it to be stable (poll + re-check scheduled)
          assertThat(vt.awaitPending(2, T)).isTrue();
          vt.advance(Duration.ofMillis(100)); // less than the debounce
          ch.write(ByteBuffer.wrap(next, half, next.length - half));
          ch.force(true);
        }
        assertThat(SnapshotTest.until(() -> {
          vt.advance(Duration.ofMillis(200));
          return client.isFlagKnown("c");
        })).isTrue();
        assertThat(client.boolVariation("a", U, true)).isFalse();
        assertThat(log.lines()).noneMatch(l -> l.contains(NOT_LOADED));
      }
    }
  }

  @Test
  void aMalformedEditKeepsTheDataAndIsReportedOncePerChange(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, bare(flag(TestFlag.bool("a").serve(true))));
    try (VirtualTime vt = VirtualTime.startingNow(); LogCapture log = new LogCapture()) {
      FBConfig config = config(new FileDataSourceBuilder(file).debounce(Duration.ofMillis(100))
          .pollInterval(Duration.ofMillis(50))).clock(vt.clock()).scheduler(vt.scheduler()).build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.boolVariation("a", U, false)).isTrue();
        Files.writeString(file, "{\"featureFlags\":[{\"key\":");
        assertThat(SnapshotTest.until(() -> {
          vt.advance(Duration.ofMillis(50));
          return log.lines().stream().anyMatch(l -> l.contains(NOT_LOADED));
        })).isTrue();
        // many more checks of the same bad file: not reported again
        for (int i = 0; i < 40; i++) {
          vt.advance(Duration.ofMillis(50));
        }
        assertThat(vt.awaitQuiet(T)).isTrue();
        assertThat(log.lines()).filteredOn(l -> l.contains(NOT_LOADED)).hasSize(1)
            .allMatch(l -> l.startsWith("WARN") && l.contains(file + ": not FeatBit flag data"));
        assertThat(client.boolVariation("a", U, false)).as("the data stays").isTrue();
        // the status follows the report (the reload logs, then records the error)
        assertThat(SnapshotTest.until(() -> client.dataUpdateStatusProvider().state() == State.STALE)).isTrue();
        DataUpdateStatus st = client.dataUpdateStatusProvider().status();
        assertThat(st.state()).isEqualTo(State.STALE);
        assertThat(st.lastError().kind()).isEqualTo(ErrorKind.INVALID_DATA);
        // another bad edit is a new change: reported again
        Files.writeString(file, "{\"hello\":1}");
        assertThat(SnapshotTest.until(() -> {
          vt.advance(Duration.ofMillis(50));
          return log.lines().stream().filter(l -> l.contains(NOT_LOADED)).count() == 2;
        })).isTrue();
        // fixed: loaded, READY again
        Files.writeString(file, bare(flag(TestFlag.bool("a").serve(false))));
        assertThat(SnapshotTest.until(() -> {
          vt.advance(Duration.ofMillis(50));
          return !client.boolVariation("a", U, true);
        })).isTrue();
        assertThat(SnapshotTest.until(() -> client.dataUpdateStatusProvider().state() == State.READY)).isTrue();
      }
    }
  }

  @Test
  void severalFilesInEveryFormatAreOneDataSetAndAKeyInTwoFilesIsAnError(@TempDir Path dir) throws Exception {
    Path one = dir.resolve("one.json");
    Path two = dir.resolve("sub").resolve("two.json");
    Path three = dir.resolve("three.json");
    Files.createDirectories(two.getParent());
    String segment = "{\"id\":\"0A000000-0000-4000-8000-000000000001\",\"name\":\"beta\",\"included\":[\"u\"],"
        + "\"excluded\":[],\"rules\":[],\"isArchived\":false,\"updatedAt\":\"" + AT + "\"}";
    TestFlag inSegment = TestFlag.bool("beta").serve(false).rule("beta users", true,
        TestFlag.condition("User is in segment", "IsOneOf", "[\"0a000000-0000-4000-8000-000000000001\"]"));
    // a data-sync message, a latest-all body (the same envelope), and the bare object
    Files.writeString(one, "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + flag(TestFlag.bool("a").serve(true)) + "],\"segments\":[" + segment + "]}}");
    Files.writeString(two, "{\"data\":{\"eventType\":\"full\",\"featureFlags\":[" + flag(inSegment)
        + "],\"segments\":[]}}");
    Files.writeString(three, bare(flag(TestFlag.strings("theme", "light", "dark"))));
    try (LogCapture log = new LogCapture();
         FBClient client = new FBClient(config(new FileDataSourceBuilder(one, two, three)
             .debounce(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(20))).build())) {
      assertThat(client.boolVariation("a", U, false)).isTrue();
      assertThat(client.boolVariationDetail("beta", U, false).reason()).isEqualTo(ReasonKind.RULE_MATCH);
      assertThat(client.boolVariation("beta", FBUser.builder("other").build(), true)).isFalse();
      assertThat(client.stringVariation("theme", U, "x")).isEqualTo("light");
      Files.writeString(three, bare(flag(TestFlag.bool("a").serve(false))));
      assertThat(log.awaitLine(l -> l.contains(NOT_LOADED), T)).isPositive();
      assertThat(log.lines()).filteredOn(l -> l.contains(NOT_LOADED)).first().asString()
          .contains("flag a is in both " + one.toAbsolutePath() + " and " + three.toAbsolutePath());
      assertThat(client.boolVariation("a", U, false)).isTrue();
      assertThat(client.stringVariation("theme", U, "x")).isEqualTo("light");
    }
  }

  @Test
  void aMissingFileAtStartLeavesTheClientNotReadyUntilItAppears(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("later.json");
    try (LogCapture log = new LogCapture();
         FBClient client = new FBClient(config(new FileDataSourceBuilder(file).debounce(Duration.ofMillis(20))
             .pollInterval(Duration.ofMillis(20))).startWait(Duration.ofMillis(100)).build())) {
      assertThat(log.awaitLine(l -> l.contains(NOT_LOADED) && l.contains("no such file"), T)).isPositive();
      assertThat(client.isInitialized()).isFalse();
      Files.writeString(file, bare(flag(TestFlag.bool("a").serve(true))));
      assertThat(client.dataUpdateStatusProvider().waitForReady(T))
          .isEqualTo(DataUpdateStatusProvider.ReadyResult.READY);
      assertThat(client.boolVariation("a", U, false)).isTrue();
    }
    assertThatThrownBy(() -> new FileDataSourceBuilder()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FileDataSourceBuilder(file).pollInterval(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * An application's factory that wraps the file source and gives it its own implementations of the SPI's
   * context and updates (delegating to the client's): the files load, an edit without a new
   * {@code updatedAt} is still a change, and a rollout bound beyond a double's range survives the reload.
   */
  @Test
  void runsWithTheApplicationsOwnContextAndUpdates(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    ObjectNode wide = TestFlag.bool("wide").serve(true).toJson(AT);
    ((ArrayNode) wide.get("fallthrough").get("variations").get(0).get("rollout")).removeAll()
        .add(0).add(new java.math.BigDecimal("1e400"));
    Files.writeString(file, bare(flag(TestFlag.bool("a").serve(true)), wide.toString()));
    FileDataSourceBuilder files = new FileDataSourceBuilder(file).debounce(Duration.ofMillis(20))
        .pollInterval(Duration.ofMillis(20));
    AtomicInteger applied = new AtomicInteger();
    DataSourceFactory wrapping = (context, updates) -> files.create(new ComponentContext() {
      @Override
      public FBConfig config() {
        return context.config();
      }

      @Override
      public ScheduledExecutorService scheduler() {
        return context.scheduler();
      }

      @Override
      public Clock clock() {
        return context.clock();
      }

      @Override
      public String environmentId() {
        return context.environmentId();
      }
    }, new DataSourceUpdates() {
      @Override
      public boolean apply(String json) {
        applied.incrementAndGet();
        return updates.apply(json);
      }

      @Override
      public void upToDate() {
        updates.upToDate();
      }

      @Override
      public void interrupted(ErrorKind kind, String message) {
        updates.interrupted(kind, message);
      }

      @Override
      public void stopped(String message) {
        updates.stopped(message);
      }

      @Override
      public boolean isInitialized() {
        return updates.isInitialized();
      }

      @Override
      public long cursor() {
        return updates.cursor();
      }
    });
    FBConfig config = FBConfig.builder(null).dataSync(Components.customDataSource(wrapping))
        .events(Components.noEvents()).build();
    try (FBClient client = new FBClient(config)) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.boolVariation("a", U, false)).isTrue();
      assertThat(client.boolVariationDetail("wide", U, false).reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      assertThat(applied.get()).isEqualTo(1);
      BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
      client.flagTracker().addFlagChangeListener(e -> changes.add(e.flagKeys()));
      Files.writeString(file, bare(flag(TestFlag.bool("a").serve(false)), wide.toString()));
      assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("a");
      assertThat(client.boolVariation("a", U, true)).isFalse();
      assertThat(client.boolVariationDetail("wide", U, false).value()).isTrue();
      assertThat(applied.get()).isEqualTo(2);
    }
  }
}
