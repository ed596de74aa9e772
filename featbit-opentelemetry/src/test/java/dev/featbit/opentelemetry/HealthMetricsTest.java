package dev.featbit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.Subscription;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Synchronisation and event-delivery health as asynchronous instruments, against the test kit's server. */
class HealthMetricsTest {
  static final Duration T = Duration.ofSeconds(10);

  final Telemetry otel = new Telemetry();
  FeatBitTestServer server;

  @BeforeEach
  void startServer() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag"));
  }

  @AfterEach
  void stop() {
    otel.close();
    server.close();
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(20)).maxRetryDelay(Duration.ofMillis(200))
        .flushInterval(Duration.ofMillis(20));
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static Map<String, Long> states(Collection<MetricData> all) {
    MetricData m = Telemetry.metric(all, "featbit.sync.state").orElseThrow();
    Map<String, Long> out = new TreeMap<>();
    for (LongPointData p : m.getLongGaugeData().getPoints()) {
      out.put(p.getAttributes().get(HealthMetrics.STATE), p.getValue());
    }
    return out;
  }

  static long counter(Collection<MetricData> all, String name) {
    MetricData m = Telemetry.metric(all, name).orElseThrow(() -> new AssertionError("no " + name));
    assertThat(m.getUnit()).isEqualTo("{event}");
    assertThat(m.getLongSumData().isMonotonic()).isTrue();
    return m.getLongSumData().getPoints().iterator().next().getValue();
  }

  static Double age(Collection<MetricData> all) {
    return Telemetry.metric(all, "featbit.data.age")
        .map(m -> m.getDoubleGaugeData().getPoints().stream().findFirst().map(DoublePointData::getValue).orElse(null))
        .orElse(null);
  }

  static boolean await(FBClient client, State state) throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    try (Subscription ignored = client.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == state) {
        reached.countDown();
      }
    })) {
      return client.dataUpdateStatusProvider().state() == state || reached.await(T.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void stateAndEventCountersFollowTheClient() throws Exception {
    try (FBClient client = new FBClient(config().build());
        HealthMetrics ignored = HealthMetrics.register(otel.openTelemetry(), client)) {
      FBUser user = FBUser.builder("u-1").build();
      assertThat(client.boolVariation("flag", user, false)).isTrue();
      assertThat(client.boolVariation("flag", user, false)).isTrue();
      client.trackMetric(user, "checkout");
      assertThat(client.flushAndWait(T)).isTrue();

      Collection<MetricData> all = otel.collect();
      assertThat(states(all)).containsExactlyInAnyOrderEntriesOf(
          Map.of("NOT_READY", 0L, "READY", 1L, "STALE", 0L, "CLOSED", 0L));
      assertThat(counter(all, "featbit.events.accepted")).isEqualTo(3);
      assertThat(counter(all, "featbit.events.sent")).isEqualTo(3);
      assertThat(counter(all, "featbit.events.dropped")).isZero();
      assertThat(counter(all, "featbit.events.failed")).isZero();
      assertThat(age(all)).isBetween(0.0, 60.0);
      assertThat(Telemetry.metric(all, "featbit.data.age").orElseThrow().getUnit()).isEqualTo("s");

      server.stop();
      assertThat(await(client, State.STALE)).isTrue();
      assertThat(states(otel.collect())).containsEntry("STALE", 1L).containsEntry("READY", 0L);

      client.close();
      assertThat(states(otel.collect())).containsEntry("CLOSED", 1L).containsEntry("STALE", 0L);
    }
  }

  @Test
  void dataAgeIsTheTimeSinceTheLastFlagChange() throws Exception {
    TestClock clock = new TestClock();
    try (FBClient client = new FBClient(config().disableEvents().build());
        HealthMetrics health = HealthMetrics.register(otel.openTelemetry(), client, clock)) {
      Instant ready = client.dataUpdateStatusProvider().status().since();
      assertThat(health.lastUpdate()).isEqualTo(ready); // ready before the registration: the time it became so

      CountDownLatch changed = new CountDownLatch(1);
      client.flagTracker().addFlagChangeListener(e -> changed.countDown()); // runs after the registration's
      server.upsertFlag(TestFlag.bool("flag").serve(false));
      assertThat(changed.await(T.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(health.lastUpdate()).isEqualTo(clock.instant());
      assertThat(age(otel.collect())).isEqualTo(0.0);

      clock.advance(Duration.ofMillis(4500));
      assertThat(age(otel.collect())).isEqualTo(4.5);
      assertThat(health.age()).isEqualTo(Duration.ofMillis(4500));
    }
  }

  @Test
  void beforeTheFirstDataNoAgeAndNotReady() {
    FBConfig config = FBConfig.builder(server.secret()).streamingUrl("ws://127.0.0.1:1").startWait(Duration.ZERO)
        .disableEvents().build();
    try (FBClient client = new FBClient(config);
        HealthMetrics health = HealthMetrics.register(otel.openTelemetry(), client)) {
      Collection<MetricData> all = otel.collect();
      assertThat(states(all)).containsEntry("NOT_READY", 1L).containsEntry("READY", 0L);
      assertThat(age(all)).isNull();
      assertThat(health.age()).isNull();
      assertThat(counter(all, "featbit.events.accepted")).isZero();
    }
  }

  @Test
  void closingTheRegistrationRemovesTheMeasurements() {
    try (FBClient client = new FBClient(config().disableEvents().build())) {
      HealthMetrics health = HealthMetrics.register(otel.openTelemetry(), client);
      assertThat(Telemetry.metric(otel.collect(), "featbit.sync.state")).isPresent();
      health.close();
      assertThat(otel.collect()).noneMatch(m -> m.getName().startsWith("featbit.") && !m.isEmpty());
    }
  }
}
