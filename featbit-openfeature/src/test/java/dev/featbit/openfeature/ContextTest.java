package dev.featbit.openfeature;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.TestFlag;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EvaluationContext to FBUser: targeting key, name, custom attributes, and the rejections. */
class ContextTest extends ProviderTestBase {
  Client client;

  /** A boolean flag serving false unless {@code property op value} matches. */
  static TestFlag when(String key, String property, String op, String value) {
    return TestFlag.bool(key).serve(false).rule("r", true, condition(property, op, value));
  }

  @BeforeEach
  void setProvider() {
    server.load(
        TestFlag.bool("plain"),
        when("by-key", "keyId", "Equal", "user-7"),
        when("by-name", "name", "Equal", "Ada"),
        when("by-plan", "plan", "Equal", "team"),
        when("by-seats", "seats", "Equal", "12"),
        when("by-ratio", "ratio", "Equal", "1.5"),
        when("by-beta", "beta", "Equal", "true"),
        when("by-since", "since", "Equal", "2024-01-02T03:04:05Z"),
        when("no-plan", "plan", "Equal", ""));
    api.setProviderAndWait(new FeatBitProvider(config().build()));
    client = api.getClient();
  }

  boolean on(String flag, EvaluationContext ctx) {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails(flag, false, ctx);
    assertThat(d.getErrorCode()).as(flag + ": " + d.getErrorMessage()).isNull();
    return d.getValue();
  }

  @Test
  void targetingKeyNameAndCustomAttributes() {
    Map<String, Value> attrs = new HashMap<>();
    attrs.put("name", new Value("Ada"));
    attrs.put("plan", new Value("team"));
    attrs.put("seats", new Value(12));
    attrs.put("ratio", new Value(1.5));
    attrs.put("beta", new Value(true));
    attrs.put("since", new Value(Instant.parse("2024-01-02T03:04:05Z")));
    EvaluationContext ctx = new ImmutableContext("user-7", attrs);
    assertThat(on("by-key", ctx)).isTrue();
    assertThat(on("by-name", ctx)).isTrue();
    assertThat(on("by-plan", ctx)).isTrue();
    assertThat(on("by-seats", ctx)).isTrue();
    assertThat(on("by-ratio", ctx)).isTrue();
    assertThat(on("by-beta", ctx)).isTrue();
    assertThat(on("by-since", ctx)).as("instants as ISO-8601 text").isTrue();
    assertThat(on("no-plan", ctx)).isFalse();

    EvaluationContext other = new ImmutableContext("user-8", Map.of("name", new Value("Bo"),
        "seats", new Value(12.0), "beta", new Value(false)));
    assertThat(on("by-key", other)).isFalse();
    assertThat(on("by-name", other)).isFalse();
    assertThat(on("by-seats", other)).as("12.0 is stored as 12, as FeatBit does").isTrue();
    assertThat(on("by-beta", other)).isFalse();
    assertThat(on("no-plan", other)).as("a missing attribute reads as empty, as on the server").isTrue();
  }

  @Test
  void nullAttributesAreLeftOut() {
    Map<String, Value> attrs = new HashMap<>();
    attrs.put("plan", new Value());
    attrs.put("name", new Value());
    assertThat(on("no-plan", new ImmutableContext("u", attrs))).isTrue();
    assertThat(on("by-name", new ImmutableContext("u", attrs))).isFalse();
  }

  @Test
  void contextsAreMergedByOpenFeatureFirst() {
    api.setEvaluationContext(new ImmutableContext("user-7", Map.of("plan", new Value("team"))));
    assertThat(client.getBooleanValue("by-key", false)).isTrue();
    assertThat(on("by-plan", new ImmutableContext(Map.of("name", new Value("Ada"))))).isTrue();
    assertThat(on("by-key", new ImmutableContext("user-8"))).as("invocation context wins").isFalse();
  }

  @Test
  void missingOrBlankTargetingKeyIsAnErrorNotAnException() {
    for (EvaluationContext ctx : List.of(new ImmutableContext(), new ImmutableContext(Map.of("plan", new Value("team"))),
        new ImmutableContext(""), new ImmutableContext(" \t\u00a0"))) {
      FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("plain", false, ctx);
      assertThat(d.getValue()).isFalse();
      assertThat(d.getReason()).isEqualTo("ERROR");
      assertThat(d.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
      assertThat(d.getErrorMessage()).contains("targeting key");
    }
    assertThat(client.getStringDetails("plain", "d", new ImmutableContext()).getValue()).isEqualTo("d");
  }

  @Test
  void nestedStructuresAndListsAreInvalidContext() {
    EvaluationContext nested = new MutableContext("user-7")
        .add("address", new MutableStructure().add("city", "Paris"));
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("plain", false, nested);
    assertThat(d.getValue()).isFalse();
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(d.getErrorMessage()).contains("'address'").contains("structure").doesNotContain("Paris");

    EvaluationContext list = new MutableContext("user-7").add("groups", List.of(new Value("a")));
    FlagEvaluationDetails<Integer> l = client.getIntegerDetails("plain", 3, list);
    assertThat(l.getValue()).isEqualTo(3);
    assertThat(l.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
    assertThat(l.getErrorMessage()).contains("'groups'").contains("list");

    EvaluationContext numericName = new MutableContext("user-7").add("name", 42);
    assertThat(client.getBooleanDetails("plain", false, numericName).getErrorCode())
        .isEqualTo(ErrorCode.INVALID_CONTEXT);
  }

  @Test
  void conversionToFBUser() {
    Map<String, Value> attrs = new HashMap<>();
    attrs.put("name", new Value("Ada"));
    attrs.put("plan", new Value("team"));
    attrs.put("seats", new Value(12));
    attrs.put("big", new Value(5_000_000_000L));
    attrs.put("ratio", new Value(1.50));
    attrs.put("beta", new Value(true));
    attrs.put("since", new Value(Instant.parse("2024-01-02T03:04:05Z")));
    attrs.put("gone", new Value());
    Contexts.Conversion c = Contexts.toUser(new ImmutableContext("user-7", attrs));
    assertThat(c.ok()).isTrue();
    FBUser u = c.user;
    assertThat(u.key()).isEqualTo("user-7");
    assertThat(u.name()).isEqualTo("Ada");
    assertThat(u.customAttributes()).containsExactly(
        Map.entry("beta", "true"), Map.entry("big", "5000000000"), Map.entry("plan", "team"),
        Map.entry("ratio", "1.5"), Map.entry("seats", "12"), Map.entry("since", "2024-01-02T03:04:05Z"));

    FBUser noName = Contexts.toUser(new ImmutableContext("k")).user;
    assertThat(noName.hasName()).isFalse();
    assertThat(noName.customAttributes()).isEmpty();

    Contexts.Conversion none = Contexts.toUser(null);
    assertThat(none.ok()).isFalse();
    assertThat(none.errorCode).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    assertThat(Contexts.isBlank("\u0085\u2003")).isTrue();
    assertThat(Contexts.isBlank(" x ")).isFalse();
  }
}
