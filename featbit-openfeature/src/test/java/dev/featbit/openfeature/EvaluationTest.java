package dev.featbit.openfeature;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.EvalDetail.ErrorKind;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every flag type, reason and error code, through the OpenFeature API against the test kit. */
class EvaluationTest extends ProviderTestBase {
  static final EvaluationContext USER = new ImmutableContext("user-1");
  static final String JSON_VALUE = "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":2.5},\"big\":5000000000}";

  FeatBitProvider provider;
  Client client;

  @BeforeEach
  void setProvider() {
    ObjectNode broken = doc(TestFlag.bool("broken"));
    ((ObjectNode) broken.get("fallthrough").get("variations").get(0)).put("id", "no-such-variation");
    // served while off: the variation without id, found by a null disabledVariationId as on the server
    ObjectNode idless = doc(TestFlag.bool("idless").on(false));
    ((ObjectNode) idless.get("variations").get(1)).remove("id");
    idless.putNull("disabledVariationId");
    server.load(dataSet(
        idless,
        doc(TestFlag.bool("bool-flag")),
        doc(TestFlag.strings("theme", "light", "dark")),
        doc(TestFlag.of("int-flag", "number", "42", "7")),
        doc(TestFlag.of("double-flag", "number", "2.5", "0")),
        doc(TestFlag.of("long-flag", "number", "5000000000", "0")),
        doc(TestFlag.of("json-flag", "json", JSON_VALUE, "{}")),
        doc(TestFlag.of("json-array", "json", "[1,\"two\",null]", "[]")),
        doc(TestFlag.bool("off-flag").on(false)),
        doc(TestFlag.strings("targeted", "a", "b").targets("b", "vip")),
        doc(TestFlag.strings("ruled", "a", "b").rule("beta users", "b", condition("plan", "Equal", "beta"))),
        broken));
    provider = new FeatBitProvider(config().build());
    api.setProviderAndWait(provider);
    client = api.getClient();
  }

  @Test
  void providerMetadataNameIsFeatBit() {
    assertThat(api.getProviderMetadata().getName()).isEqualTo("FeatBit");
    assertThat(provider.getMetadata().getName()).isEqualTo(FeatBitProvider.NAME);
  }

  @Test
  void booleanFlag() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("bool-flag", false, USER);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getVariant()).isEqualTo("bool-flag-v0");
    assertThat(d.getReason()).isEqualTo(Reason.DEFAULT.toString());
    assertThat(d.getErrorCode()).isNull();
    assertThat(client.getBooleanValue("bool-flag", false, USER)).isTrue();
  }

  @Test
  void stringFlag() {
    FlagEvaluationDetails<String> d = client.getStringDetails("theme", "none", USER);
    assertThat(d.getValue()).isEqualTo("light");
    assertThat(d.getVariant()).isEqualTo("theme-v0");
    assertThat(d.getReason()).isEqualTo("DEFAULT");
    // the SDK's string evaluation serves any flag type as stored
    assertThat(client.getStringValue("bool-flag", "x", USER)).isEqualTo("true");
  }

  @Test
  void integerLongAndDoubleFlags() {
    FlagEvaluationDetails<Integer> i = client.getIntegerDetails("int-flag", 0, USER);
    assertThat(i.getValue()).isEqualTo(42);
    assertThat(i.getVariant()).isEqualTo("int-flag-v0");
    assertThat(i.getErrorCode()).isNull();

    FlagEvaluationDetails<Long> l = client.getLongDetails("long-flag", 0L, USER);
    assertThat(l.getValue()).isEqualTo(5_000_000_000L);
    assertThat(l.getErrorCode()).isNull();
    assertThat(client.getLongValue("int-flag", 0L, USER)).isEqualTo(42L);

    FlagEvaluationDetails<Double> d = client.getDoubleDetails("double-flag", 0.0, USER);
    assertThat(d.getValue()).isEqualTo(2.5);
    assertThat(d.getVariant()).isEqualTo("double-flag-v0");
    assertThat(client.getDoubleValue("int-flag", 0.0, USER)).isEqualTo(42.0);
  }

  @Test
  void objectFlagBecomesStructureAndLists() {
    FlagEvaluationDetails<Value> d = client.getObjectDetails("json-flag", new Value("fallback"), USER);
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getVariant()).isEqualTo("json-flag-v0");
    assertThat(d.getReason()).isEqualTo("DEFAULT");
    Value v = d.getValue();
    assertThat(v.isStructure()).isTrue();
    assertThat(v.asStructure().getValue("a").asInteger()).isEqualTo(1);
    List<Value> b = v.asStructure().getValue("b").asList();
    assertThat(b).hasSize(3);
    assertThat(b.get(0).asBoolean()).isTrue();
    assertThat(b.get(1).isNull()).isTrue();
    assertThat(b.get(2).asString()).isEqualTo("x");
    assertThat(v.asStructure().getValue("c").asStructure().getValue("d").asDouble()).isEqualTo(2.5);
    assertThat(v.asStructure().getValue("big").asLong()).isEqualTo(5_000_000_000L);
    // Integer or Double only: OpenFeature's own conversion knows no other number type
    assertThat(v.asStructure().asObjectMap())
        .isEqualTo(Map.of("a", 1, "b", java.util.Arrays.asList(true, null, "x"), "c", Map.of("d", 2.5),
            "big", 5.0e9));

    Value array = client.getObjectValue("json-array", new Value(), USER);
    assertThat(array.isList()).isTrue();
    assertThat(array.asList()).containsExactly(new Value(1), new Value("two"), new Value());
  }

  @Test
  void reasonsMapped() {
    FlagEvaluationDetails<Boolean> off = client.getBooleanDetails("off-flag", true, USER);
    assertThat(off.getValue()).isFalse();
    assertThat(off.getReason()).isEqualTo("DISABLED");
    assertThat(off.getVariant()).isEqualTo("off-flag-v1");
    assertThat(off.getErrorCode()).isNull();

    FlagEvaluationDetails<String> target = client.getStringDetails("targeted", "x", new ImmutableContext("vip"));
    assertThat(target.getValue()).isEqualTo("b");
    assertThat(target.getReason()).isEqualTo("TARGETING_MATCH");
    assertThat(target.getFlagMetadata().getString(FeatBitProvider.METADATA_REASON_KIND)).isEqualTo("TARGET_MATCH");

    FlagEvaluationDetails<String> rule = client.getStringDetails("ruled", "x",
        new ImmutableContext("user-2", Map.of("plan", new Value("beta"))));
    assertThat(rule.getValue()).isEqualTo("b");
    assertThat(rule.getVariant()).isEqualTo("ruled-v1");
    assertThat(rule.getReason()).isEqualTo("TARGETING_MATCH");
    assertThat(rule.getFlagMetadata().getString("reasonKind")).isEqualTo("RULE_MATCH");
    assertThat(rule.getFlagMetadata().getString("reasonText")).isEqualTo("match rule beta users");

    FlagEvaluationDetails<String> fallthrough = client.getStringDetails("ruled", "x", USER);
    assertThat(fallthrough.getValue()).isEqualTo("a");
    assertThat(fallthrough.getReason()).isEqualTo("DEFAULT");
    assertThat(fallthrough.getFlagMetadata().getString("reasonKind")).isEqualTo("FALLTHROUGH");
  }

  /** A served variation that has no id in the flag data has no variant (the server reports a null id). */
  @Test
  void aVariationWithoutIdHasNoVariant() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("idless", true, USER);
    assertThat(d.getValue()).isFalse();
    assertThat(d.getReason()).isEqualTo("DISABLED");
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getVariant()).isNull();
  }

  @Test
  void everyReasonKindHasAnOpenFeatureReason() {
    assertThat(FeatBitProvider.reason(ReasonKind.OFF)).isEqualTo(Reason.DISABLED);
    assertThat(FeatBitProvider.reason(ReasonKind.TARGET_MATCH)).isEqualTo(Reason.TARGETING_MATCH);
    assertThat(FeatBitProvider.reason(ReasonKind.RULE_MATCH)).isEqualTo(Reason.TARGETING_MATCH);
    assertThat(FeatBitProvider.reason(ReasonKind.FALLTHROUGH)).isEqualTo(Reason.DEFAULT);
    assertThat(FeatBitProvider.reason(ReasonKind.ERROR)).isEqualTo(Reason.ERROR);
    assertThat(FeatBitProvider.reason(ReasonKind.WRONG_TYPE)).isEqualTo(Reason.ERROR);
    assertThat(FeatBitProvider.reason(ReasonKind.CLIENT_NOT_READY)).isEqualTo(Reason.ERROR);
    for (ReasonKind k : ReasonKind.values()) {
      assertThat(FeatBitProvider.reason(k) == Reason.ERROR).as(k.name()).isEqualTo(!k.isServed());
    }
  }

  @Test
  void unknownFlagIsFlagNotFound() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("no-such-flag", true, USER);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(d.getVariant()).isNull();
    assertThat(client.getObjectDetails("no-such-flag", new Value(3), USER).getErrorCode())
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    // the SDK's error kind this mapping relies on
    EvalDetail<Boolean> raw = provider.getFeatBitClient().boolVariationDetail("no-such-flag",
        dev.featbit.sdk.FBUser.builder("u").build(), false);
    assertThat(raw.reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(raw.errorKind()).isEqualTo(ErrorKind.FLAG_NOT_FOUND);
    assertThat(raw.reasonText()).isEqualTo("flag not found");
  }

  @Test
  void wrongTypeIsTypeMismatch() {
    FlagEvaluationDetails<Integer> boolAsInt = client.getIntegerDetails("bool-flag", 5, USER);
    assertThat(boolAsInt.getValue()).isEqualTo(5);
    assertThat(boolAsInt.getReason()).isEqualTo("ERROR");
    assertThat(boolAsInt.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getIntegerDetails("double-flag", 5, USER).getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getIntegerDetails("long-flag", 5, USER).getErrorCode()).as("int overflow")
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getBooleanDetails("theme", false, USER).getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getDoubleDetails("theme", 1.0, USER).getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);

    Value fallback = new Value(new MutableStructure().add("keep", "me"));
    FlagEvaluationDetails<Value> notJson = client.getObjectDetails("theme", fallback, USER);
    assertThat(notJson.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(notJson.getValue()).isSameAs(fallback);
  }

  @Test
  @AllowLogs("featbit.eval")
  void malformedFlagIsGeneralError() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("broken", false, USER);
    assertThat(d.getValue()).isFalse();
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(d.getErrorMessage()).contains("malformed");
  }

  @Test
  void errorCodeOfOtherSdkErrors() {
    // the error kind decides, never the reason text (not a stable contract)
    assertThat(provider.errorCode("bool-flag", detail(ErrorKind.USER_NOT_SPECIFIED, "user not specified")))
        .isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    assertThat(provider.errorCode("bool-flag", detail(ReasonKind.ERROR, "something new")))
        .isEqualTo(ErrorCode.GENERAL);
    assertThat(provider.errorCode("no-such-flag", detail(ReasonKind.ERROR, "reworded: unknown flag")))
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(provider.errorCode("bool-flag", detail(ReasonKind.WRONG_TYPE, "wrong type")))
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(provider.errorCode("bool-flag", detail(ReasonKind.CLIENT_NOT_READY, "client not ready")))
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    assertThat(provider.errorCode("bool-flag", detail(ReasonKind.ERROR, "flag not found")))
        .as("the text is not read").isEqualTo(ErrorCode.GENERAL);
    assertThat(provider.errorCode("bool-flag", detail(ErrorKind.FLAG_NOT_FOUND, "reworded")))
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void everyErrorKindHasAnErrorCode() {
    Map<ErrorKind, ErrorCode> expected = new EnumMap<>(ErrorKind.class);
    expected.put(ErrorKind.CLIENT_NOT_READY, ErrorCode.PROVIDER_NOT_READY);
    expected.put(ErrorKind.FLAG_NOT_FOUND, ErrorCode.FLAG_NOT_FOUND);
    expected.put(ErrorKind.USER_NOT_SPECIFIED, ErrorCode.TARGETING_KEY_MISSING);
    expected.put(ErrorKind.MALFORMED_FLAG, ErrorCode.GENERAL);
    expected.put(ErrorKind.WRONG_TYPE, ErrorCode.TYPE_MISMATCH);
    expected.put(ErrorKind.REGEX_BUDGET_EXCEEDED, ErrorCode.GENERAL);
    expected.put(ErrorKind.EXCEPTION, ErrorCode.GENERAL);
    for (ErrorKind k : ErrorKind.values()) {
      if (k != ErrorKind.NONE) {
        assertThat(provider.errorCode("bool-flag", detail(k, "text"))).as(k.name()).isEqualTo(expected.get(k));
      }
    }
    assertThat(expected).hasSize(ErrorKind.values().length - 1);
    // an unexpected error for a key the client does not know: not found
    assertThat(provider.errorCode("no-such-flag", detail(ErrorKind.EXCEPTION, "error in evaluation")))
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  @AllowLogs("featbit.eval")
  void errorKindsFromRealEvaluations() {
    ObjectNode broken = doc(TestFlag.bool("broken"));
    ((ObjectNode) broken.get("fallthrough").get("variations").get(0)).put("id", "no-such-variation");
    String data = dataSet(broken, doc(TestFlag.bool("regex").rule("re", false,
        condition("s", "MatchRegex", "^(a|b)*$"))));
    try (FBClient offline = new FBClient(FBConfig.builder(null).offline(true).bootstrap(data).regexStepBudget(10)
        .build())) {
      FeatBitProvider p = new FeatBitProvider(offline);
      EvaluationContext longValue = new ImmutableContext("u", Map.of("s", new Value("ab".repeat(20) + "c")));
      assertThat(offline.boolVariationDetail("regex", FBUser.builder("u").custom("s", "ab".repeat(20) + "c")
          .build(), true).errorKind()).isEqualTo(ErrorKind.REGEX_BUDGET_EXCEEDED);
      ProviderEvaluation<Boolean> budget = p.getBooleanEvaluation("regex", true, longValue);
      assertThat(budget.getValue()).isTrue();
      assertThat(budget.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(budget.getErrorMessage()).isEqualTo("regex step budget exceeded");
      assertThat(p.getBooleanEvaluation("broken", true, USER).getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(p.getBooleanEvaluation("missing", true, USER).getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
      assertThat(p.getIntegerEvaluation("regex", 3, USER).getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }
    FBConfig unreachable = FBConfig.builder(server.secret()).streamingUrl("ws://127.0.0.1:1").disableEvents()
        .startWait(java.time.Duration.ZERO).build();
    try (FBClient notReady = new FBClient(unreachable)) {
      assertThat(notReady.boolVariationDetail("bool-flag", FBUser.builder("u").build(), true).errorKind())
          .isEqualTo(ErrorKind.CLIENT_NOT_READY);
      assertThat(new FeatBitProvider(notReady).getBooleanEvaluation("bool-flag", true, USER).getErrorCode())
          .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    }
  }

  static EvalDetail<Object> detail(ReasonKind kind, String text) {
    return new EvalDetail<>("k", null, "", kind, text);
  }

  static EvalDetail<Object> detail(ErrorKind kind, String text) {
    return new EvalDetail<>("k", null, "", kind.reason(), text, kind);
  }

  @Test
  void directCallsNeverThrow() {
    ProviderEvaluation<Boolean> noContext = provider.getBooleanEvaluation("bool-flag", true, null);
    assertThat(noContext.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    assertThat(noContext.getValue()).isTrue();
    assertThat(provider.getBooleanEvaluation(null, null, USER).getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(provider.getIntegerEvaluation("int-flag", null, USER).getValue()).isEqualTo(42);
    assertThat(provider.getIntegerEvaluation("theme", null, USER).getValue()).isNull();
    assertThat(provider.getLongEvaluation("theme", null, USER).getValue()).isNull();
    assertThat(provider.getDoubleEvaluation("theme", null, USER).getValue()).isNull();
    assertThat(provider.getStringEvaluation("nope", null, USER).getValue()).isNull();
    ProviderEvaluation<Value> obj = provider.getObjectEvaluation("nope", null, USER);
    assertThat(obj.getValue()).isNull();
    assertThat(obj.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    // a default holding every kind of value converts for the SDK without trouble
    Value rich = new Value(new ImmutableStructure(Map.of("when", new Value(java.time.Instant.EPOCH),
        "list", new Value(List.of(new Value(1.5), new Value())))));
    assertThat(provider.getObjectEvaluation("nope", rich, USER).getValue()).isSameAs(rich);
    assertThat(provider.getObjectEvaluation("json-array", rich, USER).getValue().asList()).hasSize(3);
  }
}
