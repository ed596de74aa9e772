package dev.featbit.opentelemetry;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.TestFlag;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The evaluation counter against the real OpenTelemetry SDK with an in-memory metric reader. */
class MetricsHookTest {
  final Telemetry otel = new Telemetry();

  @AfterEach
  void closeSdk() {
    otel.close();
  }

  FBClient client() {
    return client(MetricsHook.create(otel.openTelemetry()));
  }

  FBClient client(MetricsHook hook) {
    String flags = Telemetry.bootstrap(
        Telemetry.flag(TestFlag.bool("new-checkout").rule("paying", true, condition("plan", "Equal", "team"))
            .serve(false)),
        Telemetry.flag(TestFlag.bool("maintenance").on(false)));
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(flags)
        .hooks(hook).build());
  }

  /** The counter's points, as "key variant reason error" → count. */
  Map<String, Long> points() {
    MetricData m = Telemetry.metric(otel.collect(), MetricsHook.METRIC).orElseThrow();
    assertThat(m.getUnit()).isEqualTo("{evaluation}");
    assertThat(m.getLongSumData().isMonotonic()).isTrue();
    Map<String, Long> out = new TreeMap<>();
    for (LongPointData p : m.getLongSumData().getPoints()) {
      Map<String, Object> a = TracingHookTest.attributes(p.getAttributes());
      assertThat(a.keySet()).containsAnyOf("feature_flag.key").isSubsetOf("feature_flag.key",
          "feature_flag.result.variant", "feature_flag.result.reason", "error.type");
      out.put(a.get("feature_flag.key") + " " + a.getOrDefault("feature_flag.result.variant", "-") + " "
          + a.get("feature_flag.result.reason") + " " + a.getOrDefault("error.type", "-"), p.getValue());
    }
    return out;
  }

  @Test
  void countsByFlagVariantAndReason() {
    FBUser team = FBUser.builder("a").custom("plan", "team").build();
    FBUser free = FBUser.builder("b").custom("plan", "free").build();
    try (FBClient client = client()) {
      for (int i = 0; i < 3; i++) {
        client.boolVariation("new-checkout", team, false);
      }
      client.boolVariation("new-checkout", free, true);
      client.boolVariationDetail("maintenance", free, true);
      client.boolVariation("missing", free, true);
      client.boolVariation("missing", free, true);
      client.stringVariation("new-checkout", null, "x");
      client.intVariation("new-checkout", team, 1);
      Map<String, Long> expected = new HashMap<>();
      expected.put("new-checkout new-checkout-v0 targeting_match -", 3L);
      expected.put("new-checkout new-checkout-v1 default -", 1L);
      expected.put("maintenance maintenance-v1 disabled -", 1L);
      expected.put("missing - error flag_not_found", 2L);
      expected.put("new-checkout - error targeting_key_missing", 1L);
      expected.put("new-checkout - error type_mismatch", 1L);
      assertThat(points()).containsExactlyInAnyOrderEntriesOf(expected);

      client.boolVariation("new-checkout", team, false); // the cached attribute set counts on the same series
      assertThat(points()).containsEntry("new-checkout new-checkout-v0 targeting_match -", 4L).hasSize(6);
    }
  }

  /** A served variation without id is counted without a variant, on one series (its attributes cached too). */
  @Test
  void aVariationWithoutIdIsCountedWithoutVariant() {
    String flags = Telemetry.bootstrap(Telemetry.disabledWithoutVariationId("legacy"));
    FBUser u = FBUser.builder("a").build();
    try (FBClient client = new FBClient(FBConfig.builder(null).offline(true).bootstrap(flags)
        .hooks(MetricsHook.create(otel.openTelemetry())).build())) {
      assertThat(client.boolVariationDetail("legacy", u, true).variationId()).isNull();
      assertThat(client.boolVariation("legacy", u, true)).isFalse();
    }
    assertThat(points()).containsExactlyInAnyOrderEntriesOf(Map.of("legacy - disabled -", 2L));
  }

  @Test
  void flagKeysBeyondTheCachedOnesAreCountedAlike() {
    FBUser u = FBUser.builder("a").build();
    try (FBClient client = client(MetricsHook.create(otel.openTelemetry(), 2))) {
      for (String key : new String[] {"new-checkout", "maintenance", "k1", "k2", "k1", "new-checkout"}) {
        client.boolVariation(key, u, false);
      }
    }
    assertThat(points()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "new-checkout new-checkout-v1 default -", 2L,
        "maintenance maintenance-v1 disabled -", 1L,
        "k1 - error flag_not_found", 2L,
        "k2 - error flag_not_found", 1L));
  }
}
