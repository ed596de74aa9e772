package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.spi.HookContext;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.spring.actuate.FlagTagMeterHook;
import dev.featbit.testkit.TestFlag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code featbit.*} Micrometer meters, bound by Spring Boot's metrics auto-configuration. */
class MetricsTest {
  static FeatBitTestServer server;
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
      .withConfiguration(TestSupport.all());

  @BeforeAll
  static void startServer() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag"), TestFlag.bool("off").on(false));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void everyMeterIsRegisteredAndCounts() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.events.flush-interval=50ms")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          FBClient client = context.getBean(FBClient.class);
          FBUser user = FBUser.builder("u-1").build();
          assertThat(client.boolVariation("flag", user, false)).isTrue();
          assertThat(client.boolVariation("flag", user, false)).isTrue();
          assertThat(client.boolVariation("off", user, true)).isFalse();
          assertThat(client.boolVariation("missing", user, false)).isFalse();
          client.trackMetric(user, "checkout");
          assertThat(client.flushAndWait(TestSupport.WAIT)).isTrue();

          assertThat(registry.get("featbit.evaluations").tag("reason", "FALLTHROUGH").functionCounter().count())
              .isEqualTo(2.0);
          assertThat(registry.get("featbit.evaluations").tag("reason", "OFF").functionCounter().count()).isEqualTo(1.0);
          assertThat(registry.get("featbit.evaluations").tag("reason", "ERROR").functionCounter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("featbit.evaluations").functionCounters()).hasSize(ReasonKind.values().length);
          assertThat(registry.get("featbit.evaluation.errors").tag("error", "FLAG_NOT_FOUND").functionCounter()
              .count()).isEqualTo(1.0);
          assertThat(registry.get("featbit.evaluation.errors").tag("error", "WRONG_TYPE").functionCounter()
              .count()).isZero();
          assertThat(registry.get("featbit.evaluation.errors").functionCounters())
              .hasSize(dev.featbit.sdk.EvalDetail.ErrorKind.values().length - 1);
          assertThat(registry.get("featbit.events.accepted").functionCounter().count()).isEqualTo(4.0);
          assertThat(registry.get("featbit.events.sent").functionCounter().count()).isEqualTo(4.0);
          assertThat(registry.get("featbit.events.dropped").functionCounter().count()).isZero();
          assertThat(registry.get("featbit.events.failed").functionCounter().count()).isZero();
          assertThat(registry.get("featbit.sync.state").tag("state", "READY").gauge().value()).isEqualTo(1.0);
          assertThat(registry.get("featbit.sync.state").tag("state", "STALE").gauge().value()).isZero();
          assertThat(registry.get("featbit.sync.state").gauges()).hasSize(State.values().length);
          TimeGauge age = registry.get("featbit.data.update.age").timeGauge();
          assertThat(age.value(TimeUnit.SECONDS)).isBetween(0.0, 60.0);

          client.close();
          assertThat(registry.get("featbit.sync.state").tag("state", "CLOSED").gauge().value()).isEqualTo(1.0);
          assertThat(registry.get("featbit.sync.state").tag("state", "READY").gauge().value()).isZero();
        });
  }

  @Test
  void dataUpdateAgeIsNaNBeforeData() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.start-wait=0s",
        "featbit.streaming-url=ws://127.0.0.1:1").run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("featbit.data.update.age").timeGauge().value()).isNaN();
          assertThat(registry.get("featbit.sync.state").tag("state", "NOT_READY").gauge().value()).isEqualTo(1.0);
        });
  }

  @Test
  void noEvaluationMetersWhenCountingIsOff() {
    runner.withPropertyValues(TestSupport.offline()).withPropertyValues("featbit.evaluation-metrics=false")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("featbit.evaluations").meters()).isEmpty();
          assertThat(registry.find("featbit.events.accepted").functionCounter()).isNotNull();
        });
  }

  @Test
  void flagTagCountsEvaluationsByFlagAndReason() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.metrics.flag-tag=true")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          FBClient client = context.getBean(FBClient.class);
          assertThat(client.config().hooks()).hasExactlyElementsOfTypes(FlagTagMeterHook.class);
          FBUser user = FBUser.builder("u-1").build();
          assertThat(client.boolVariation("flag", user, false)).isTrue();
          assertThat(client.boolVariationDetail("flag", user, false).value()).isTrue();
          assertThat(client.boolVariation("off", user, true)).isFalse();
          assertThat(client.boolVariation("missing", user, false)).isFalse();

          assertThat(registry.get("featbit.evaluations").tag("flag", "flag").tag("reason", "FALLTHROUGH").counter()
              .count()).isEqualTo(2.0);
          assertThat(registry.get("featbit.evaluations").tag("flag", "off").tag("reason", "OFF").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("featbit.evaluations").tag("flag", "missing").tag("reason", "ERROR").counter()
              .count()).isEqualTo(1.0);
          // the tagged counters replace the reason-only function counters: one set of tag keys per meter name
          assertThat(registry.find("featbit.evaluations").functionCounters()).isEmpty();
          assertThat(registry.find("featbit.evaluations").counters()).hasSize(3)
              .allSatisfy(c -> assertThat(c.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
                  .containsExactly("flag", "reason"));
          assertThat(registry.find("featbit.events.accepted").functionCounter()).isNotNull();
        });
  }

  @Test
  void flagTagIsOffByDefaultAndNeedsEvaluationMetrics() {
    runner.withPropertyValues(TestSupport.offline()).run(context -> {
      assertThat(context.getBean(FBClient.class).config().hooks()).isEmpty();
      assertThat(context.getBean(MeterRegistry.class).find("featbit.evaluations").counters()).isEmpty();
    });
    runner.withPropertyValues(TestSupport.offline()).withPropertyValues("featbit.metrics.flag-tag=true",
        "featbit.evaluation-metrics=false").run(context -> {
          assertThat(context.getBean(FBClient.class).config().hooks()).isEmpty();
          assertThat(context.getBean(MeterRegistry.class).find("featbit.evaluations").meters()).isEmpty();
        });
  }

  @Test
  void flagTagKeepsAtMostMaxFlagsSeriesAndCountsTheRestAsOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FlagTagMeterHook hook = new FlagTagMeterHook(() -> registry);
    for (int i = 0; i < FlagTagMeterHook.MAX_FLAGS + 10; i++) {
      String key = "unknown-" + i;
      hook.afterEvaluation(new HookContext("boolVariation", key, null, false), null,
          new EvalDetail<>(key, false, "", ReasonKind.ERROR, "flag not found", EvalDetail.ErrorKind.FLAG_NOT_FOUND));
    }
    hook.afterEvaluation(new HookContext("boolVariation", "unknown-0", null, false), null,
        new EvalDetail<>("unknown-0", false, "", ReasonKind.ERROR, "flag not found",
            EvalDetail.ErrorKind.FLAG_NOT_FOUND));
    assertThat(registry.find("featbit.evaluations").counters()).hasSize(FlagTagMeterHook.MAX_FLAGS + 1);
    assertThat(registry.get("featbit.evaluations").tag("flag", FlagTagMeterHook.OTHER).counter().count())
        .isEqualTo(10.0);
    assertThat(registry.get("featbit.evaluations").tag("flag", "unknown-0").counter().count()).isEqualTo(2.0);
  }
}
