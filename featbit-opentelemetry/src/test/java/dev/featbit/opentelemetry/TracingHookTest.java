package dev.featbit.opentelemetry;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracing hook against the real OpenTelemetry SDK: events, attributes, privacy, optional spans. */
class TracingHookTest {
  static final FBUser ADA = FBUser.builder("user-42").custom("plan", "team").build();
  static final FBUser BOB = FBUser.builder("user-7").custom("plan", "free").build();

  final Telemetry otel = new Telemetry();

  @AfterEach
  void closeSdk() {
    otel.close();
  }

  static String flags() {
    ObjectNode unknownVariation = Telemetry.flag(TestFlag.bool("unknown-variation"));
    ((ObjectNode) unknownVariation.get("fallthrough").get("variations").get(0)).put("id", "no-such-variation");
    return Telemetry.bootstrap(
        Telemetry.flag(TestFlag.bool("new-checkout").rule("paying", true, condition("plan", "Equal", "team"))
            .serve(false)),
        Telemetry.flag(TestFlag.strings("search-engine", "classic", "semantic").targets("semantic", "user-7")),
        Telemetry.flag(TestFlag.bool("maintenance").on(false)),
        Telemetry.flag(TestFlag.of("max-items", "number", "25", "10")),
        Telemetry.flag(TestFlag.of("ratio", "number", "0.25", "1")),
        Telemetry.flag(TestFlag.of("layout", "json", "{\"columns\":3,\"title\":\"A \\\"b\\\"\",\"tags\":[1,true,null]}",
            "{}")),
        Telemetry.flag(TestFlag.bool("regex").rule("r", true, condition("s", "MatchRegex", "(a|ab)*c"))),
        unknownVariation);
  }

  FBClient client(Hook... hooks) {
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(flags()).regexStepBudget(10).hooks(hooks)
        .build());
  }

  static Map<String, Object> attributes(EventData e) {
    return e.getAttributes().asMap().entrySet().stream()
        .collect(Collectors.toMap(x -> x.getKey().getKey(), Map.Entry::getValue));
  }

  static Map<String, Object> attributes(Attributes a) {
    return a.asMap().entrySet().stream().collect(Collectors.toMap(x -> x.getKey().getKey(), Map.Entry::getValue));
  }

  @Test
  void eachEvaluationAddsTheConventionEventToTheCurrentSpan() {
    try (FBClient client = client(TracingHook.create(otel.openTelemetry()))) {
      otel.inSpan("GET /checkout", () -> {
        assertThat(client.boolVariation("new-checkout", ADA, false)).isTrue();
        assertThat(client.stringVariation("search-engine", BOB, "classic")).isEqualTo("semantic");
        assertThat(client.stringVariation("search-engine", ADA, "classic")).isEqualTo("classic");
        assertThat(client.boolVariation("maintenance", ADA, true)).isFalse();
        return null;
      });
    }
    SpanData span = otel.span("GET /checkout");
    assertThat(otel.spans.getFinishedSpanItems()).hasSize(1); // no span per evaluation by default
    List<EventData> events = span.getEvents();
    assertThat(events).extracting(EventData::getName).containsOnly("feature_flag.evaluation").hasSize(4);
    assertThat(attributes(events.get(0))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "feature_flag.key", "new-checkout",
        "feature_flag.provider.name", "FeatBit",
        "feature_flag.result.variant", "new-checkout-v0",
        "feature_flag.result.reason", "targeting_match"));
    assertThat(attributes(events.get(1))).containsEntry("feature_flag.result.reason", "targeting_match")
        .containsEntry("feature_flag.result.variant", "search-engine-v1");
    assertThat(attributes(events.get(2))).containsEntry("feature_flag.result.reason", "default")
        .containsEntry("feature_flag.result.variant", "search-engine-v0");
    assertThat(attributes(events.get(3))).containsEntry("feature_flag.result.reason", "disabled")
        .containsEntry("feature_flag.result.variant", "maintenance-v1");
    // privacy by default: neither the user key nor the value
    for (EventData e : events) {
      assertThat(attributes(e)).doesNotContainKeys("feature_flag.context.id", "feature_flag.result.value",
          "error.type");
    }
  }

  /** A served variation that has no id in the flag data: a served event without a variant. */
  @Test
  void aVariationWithoutIdHasNoVariant() {
    String flags = Telemetry.bootstrap(Telemetry.disabledWithoutVariationId("legacy"));
    try (FBClient client = new FBClient(FBConfig.builder(null).offline(true).bootstrap(flags)
        .hooks(TracingHook.create(otel.openTelemetry())).build())) {
      otel.inSpan("request", () -> {
        assertThat(client.boolVariation("legacy", ADA, true)).isFalse();
        return null;
      });
    }
    List<EventData> events = otel.span("request").getEvents();
    assertThat(events).hasSize(1);
    assertThat(attributes(events.get(0))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "feature_flag.key", "legacy",
        "feature_flag.provider.name", "FeatBit",
        "feature_flag.result.reason", "disabled"));
  }

  @Test
  @AllowLogs("featbit.eval")
  void fallbacksCarryErrorTypeAndNoVariant() {
    try (FBClient client = client(TracingHook.create(otel.openTelemetry()))) {
      otel.inSpan("request", () -> {
        client.boolVariation("missing", ADA, false);
        client.boolVariation("new-checkout", null, false);
        client.intVariation("search-engine", ADA, 7);
        client.boolVariation("unknown-variation", ADA, false);
        client.boolVariation("regex", FBUser.builder("u").custom("s", "ab".repeat(20) + "c").build(), false);
        return null;
      });
    }
    List<Map<String, Object>> events = otel.span("request").getEvents().stream().map(TracingHookTest::attributes)
        .collect(Collectors.toList());
    assertThat(events).hasSize(5);
    assertThat(events.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "feature_flag.key", "missing",
        "feature_flag.provider.name", "FeatBit",
        "feature_flag.result.reason", "error",
        "error.type", "flag_not_found"));
    assertThat(events.get(1)).containsEntry("error.type", "targeting_key_missing")
        .containsEntry("feature_flag.result.reason", "error");
    assertThat(events.get(2)).containsEntry("error.type", "type_mismatch");
    assertThat(events.get(3)).containsEntry("error.type", "parse_error")
        .hasEntrySatisfying("feature_flag.error.message", m -> assertThat((String) m).startsWith("malformed flag"));
    assertThat(events.get(4)).containsEntry("error.type", "general")
        .containsEntry("feature_flag.error.message", "regex step budget exceeded");
    for (Map<String, Object> e : events) {
      assertThat(e).doesNotContainKey("feature_flag.result.variant");
    }
    assertThat(events.get(0)).doesNotContainKey("feature_flag.error.message");
  }

  @Test
  void beforeTheFirstDataTheErrorIsProviderNotReady() {
    FBConfig config = FBConfig.builder("x".repeat(44)).streamingUrl("ws://127.0.0.1:1").startWait(Duration.ZERO)
        .disableEvents().hooks(TracingHook.create(otel.openTelemetry())).build();
    try (FBClient client = new FBClient(config)) {
      otel.inSpan("early", () -> client.boolVariation("new-checkout", ADA, false));
    }
    assertThat(attributes(otel.span("early").getEvents().get(0))).containsEntry("error.type", "provider_not_ready")
        .containsEntry("feature_flag.result.reason", "error");
  }

  @Test
  void theUserKeyAndTheValueOnlyWhenConfigured() {
    TracingHook hook = TracingHook.builder(otel.openTelemetry()).includeUserKey(true).includeValue(true).build();
    try (FBClient client = client(hook)) {
      otel.inSpan("request", () -> {
        client.boolVariation("new-checkout", ADA, false);
        client.stringVariation("search-engine", BOB, "classic");
        client.intVariation("max-items", ADA, 0);
        client.doubleVariation("ratio", ADA, 0);
        client.jsonVariation("layout", ADA, "{}");
        client.jsonValueVariation("layout", ADA, null);
        client.boolVariation("missing", null, true);
        return null;
      });
    }
    List<Attributes> events = otel.span("request").getEvents().stream().map(EventData::getAttributes)
        .collect(Collectors.toList());
    AttributeKey<String> contextId = AttributeKey.stringKey("feature_flag.context.id");
    assertThat(events.get(0).get(contextId)).isEqualTo("user-42");
    assertThat(events.get(0).get(AttributeKey.booleanKey("feature_flag.result.value"))).isTrue();
    assertThat(events.get(1).get(contextId)).isEqualTo("user-7");
    assertThat(events.get(1).get(AttributeKey.stringKey("feature_flag.result.value"))).isEqualTo("semantic");
    assertThat(events.get(2).get(AttributeKey.longKey("feature_flag.result.value"))).isEqualTo(25L);
    assertThat(events.get(3).get(AttributeKey.doubleKey("feature_flag.result.value"))).isEqualTo(0.25);
    String json = "{\"columns\":3,\"title\":\"A \\\"b\\\"\",\"tags\":[1,true,null]}";
    assertThat(events.get(4).get(AttributeKey.stringKey("feature_flag.result.value"))).isEqualTo(json);
    assertThat(events.get(5).get(AttributeKey.stringKey("feature_flag.result.value"))).isEqualTo(json);
    // no user: no context id; the fallback value is the value returned
    assertThat(events.get(6).get(contextId)).isNull();
    assertThat(events.get(6).get(AttributeKey.booleanKey("feature_flag.result.value"))).isTrue();
  }

  @Test
  void withoutACurrentSpanNothingIsRecorded() {
    TracingHook hook = TracingHook.builder(otel.openTelemetry()).spans(true).build();
    try (FBClient client = client(hook)) {
      assertThat(client.boolVariation("new-checkout", ADA, false)).isTrue();
    }
    assertThat(otel.spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void optionalSpanPerEvaluationIsAChildOfTheCurrentSpan() {
    TracingHook hook = TracingHook.builder(otel.openTelemetry()).spans(true).build();
    try (FBClient client = client(hook)) {
      otel.inSpan("GET /checkout", () -> {
        client.boolVariationDetail("new-checkout", ADA, false);
        client.stringVariation("missing", ADA, "x");
        return null;
      });
    }
    SpanData parent = otel.span("GET /checkout");
    SpanData served = otel.span("FBClient.boolVariationDetail");
    SpanData fallback = otel.span("FBClient.stringVariation");
    assertThat(otel.spans.getFinishedSpanItems()).hasSize(3);
    for (SpanData child : List.of(served, fallback)) {
      assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
      assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
      assertThat(child.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(child.getInstrumentationScopeInfo().getName()).isEqualTo("dev.featbit.opentelemetry");
      assertThat(child.getEvents()).isEmpty();
    }
    assertThat(attributes(served.getAttributes())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "feature_flag.key", "new-checkout",
        "feature_flag.provider.name", "FeatBit",
        "feature_flag.result.variant", "new-checkout-v0",
        "feature_flag.result.reason", "targeting_match"));
    assertThat(served.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attributes(fallback.getAttributes())).containsEntry("error.type", "flag_not_found");
    assertThat(fallback.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(fallback.getStatus().getDescription()).isEqualTo("flag_not_found");
    // the events stay on the application's span
    assertThat(parent.getEvents()).hasSize(2);
  }

  @Test
  void withoutAnSdkTheHookDoesNothingAndTheResultIsUnchanged() {
    TracingHook hook = TracingHook.builder(OpenTelemetry.noop()).spans(true).includeValue(true).build();
    try (FBClient client = client(hook)) {
      EvalDetail<Boolean> d = client.boolVariationDetail("new-checkout", ADA, false);
      assertThat(d.value()).isTrue();
      assertThat(d.variationId()).isEqualTo("new-checkout-v0");
    }
  }
}
