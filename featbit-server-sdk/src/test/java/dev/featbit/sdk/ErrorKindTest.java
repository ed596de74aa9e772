package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.EvalDetail.ErrorKind;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.Fallback;
import dev.featbit.sdk.internal.eval.Outcome;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link EvalDetail#errorKind()}: every kind produced by a real evaluation of flag data given as bootstrap JSON
 * (for {@code EXCEPTION}, of a compiled flag broken on purpose), carried by the typed details, the bulk result
 * and explanations alike.
 */
class ErrorKindTest {
  static final FBUser U = FBUser.builder("u").build();

  static String data() {
    ObjectNode on = TestData.boolFlag("on");
    on.putArray("targetUsers").addObject().put("variationId", "v-false").putArray("keyIds").add("vip");
    on.putArray("rules").add(TestData.rule("beta", "v-false", TestData.cond("plan", "Equal", "beta")));
    ObjectNode off = TestData.boolFlag("off");
    off.put("isEnabled", false);
    ObjectNode text = TestData.flag("text", new String[] {"t"}, new String[] {"hello"});
    ObjectNode unknownVariation = TestData.boolFlag("unknown-variation");
    unknownVariation.set("fallthrough", TestData.serve("no-such-variation"));
    ObjectNode missingSegment = TestData.boolFlag("missing-segment");
    missingSegment.putArray("rules").add(TestData.rule("seg", "v-false",
        TestData.cond("User is in segment", "", "[\"no-such-segment\"]")));
    ObjectNode regex = TestData.boolFlag("regex");
    regex.putArray("rules").add(TestData.rule("re", "v-false", TestData.cond("s", "MatchRegex", "^(a|b)*$")));
    ObjectNode broken = TestData.boolFlag("broken");
    broken.putArray("rules").add(TestData.rule("r", "v-false", TestData.cond("plan", "Equal", "x")));
    return TestData.full(on, off, text, unknownVariation, missingSegment, regex, broken);
  }

  static FBClient offline(long regexStepBudget) {
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(data()).regexStepBudget(regexStepBudget)
        .build());
  }

  /** The error kind of a detail, checked against the bulk result and the explanation of the same evaluation. */
  static ErrorKind kind(FBClient c, EvalDetail<?> d, FBUser user) {
    assertThat(d.errorKind().reason() == null ? d.isServed() : d.errorKind().reason() == d.reason())
        .as("%s goes with %s", d.errorKind(), d.reason()).isTrue();
    Explanation e = c.explain(d.flagKey(), user);
    if (d.errorKind() != ErrorKind.WRONG_TYPE) {
      assertThat(e.result().errorKind()).as("explain " + d.flagKey()).isEqualTo(d.errorKind());
    }
    if (user != null && user.key() != null && !user.key().isBlank() && c.isInitialized()) {
      EvalDetail<String> bulk = c.getAllLatestFlagVariations(user).get(d.flagKey());
      if (bulk != null && d.errorKind() != ErrorKind.WRONG_TYPE) {
        assertThat(bulk.errorKind()).as("bulk " + d.flagKey()).isEqualTo(d.errorKind());
      }
    }
    return d.errorKind();
  }

  @Test
  @AllowLogs("featbit.eval")
  void everyErrorKindComesFromARealEvaluation() throws Exception {
    Set<ErrorKind> seen = EnumSet.noneOf(ErrorKind.class);
    try (FBClient c = offline(FBConfig.DEFAULT_REGEX_STEP_BUDGET)) {
      for (FBUser user : new FBUser[] {U, FBUser.builder("vip").build(), FBUser.builder("b").custom("plan", "beta")
          .build()}) {
        EvalDetail<Boolean> d = c.boolVariationDetail("on", user, false);
        assertThat(d.isServed()).isTrue();
        seen.add(kind(c, d, user));
      }
      EvalDetail<Boolean> off = c.boolVariationDetail("off", U, true);
      assertThat(off.reason()).isEqualTo(ReasonKind.OFF);
      assertThat(kind(c, off, U)).isEqualTo(ErrorKind.NONE);
      assertThat(kind(c, c.stringVariationDetail("text", U, "x"), U)).isEqualTo(ErrorKind.NONE);

      EvalDetail<Boolean> missing = c.boolVariationDetail("missing", U, true);
      assertThat(missing.value()).isTrue();
      assertThat(missing.reason()).isEqualTo(ReasonKind.ERROR);
      seen.add(kind(c, missing, U));
      assertThat(missing.errorKind()).isEqualTo(ErrorKind.FLAG_NOT_FOUND);
      assertThat(c.stringVariationDetail(null, U, "x").errorKind()).isEqualTo(ErrorKind.FLAG_NOT_FOUND);

      EvalDetail<Boolean> noUser = c.boolVariationDetail("on", null, false);
      seen.add(kind(c, noUser, null));
      assertThat(noUser.errorKind()).isEqualTo(ErrorKind.USER_NOT_SPECIFIED);
      FBUser blank = FBUser.builder(" ").build();
      assertThat(kind(c, c.boolVariationDetail("on", blank, false), blank)).isEqualTo(ErrorKind.USER_NOT_SPECIFIED);

      EvalDetail<Integer> wrongType = c.intVariationDetail("text", U, 7);
      assertThat(wrongType.value()).isEqualTo(7);
      assertThat(wrongType.reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      seen.add(kind(c, wrongType, U));
      assertThat(wrongType.errorKind()).isEqualTo(ErrorKind.WRONG_TYPE);
      assertThat(c.jsonValueVariationDetail("text", U, null).errorKind()).isEqualTo(ErrorKind.WRONG_TYPE);

      EvalDetail<Boolean> unknownVariation = c.boolVariationDetail("unknown-variation", U, false);
      seen.add(kind(c, unknownVariation, U));
      assertThat(unknownVariation.errorKind()).isEqualTo(ErrorKind.MALFORMED_FLAG);
      assertThat(kind(c, c.boolVariationDetail("missing-segment", U, false), U)).isEqualTo(ErrorKind.MALFORMED_FLAG);

      breakFirstRule(c, "broken");
      EvalDetail<Boolean> exception = c.boolVariationDetail("broken", U, true);
      assertThat(exception.value()).isTrue();
      assertThat(exception.reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(exception.reasonText()).isEqualTo("error in evaluation");
      seen.add(kind(c, exception, U));
      assertThat(exception.errorKind()).isEqualTo(ErrorKind.EXCEPTION);
    }
    try (FBClient c = offline(10)) {
      FBUser user = FBUser.builder("u").custom("s", "ab".repeat(20) + "c").build();
      EvalDetail<Boolean> budget = c.boolVariationDetail("regex", user, true);
      seen.add(kind(c, budget, user));
      assertThat(budget.errorKind()).isEqualTo(ErrorKind.REGEX_BUDGET_EXCEEDED);
      assertThat(budget.reasonText()).isEqualTo("regex step budget exceeded");
    }
    FBConfig online = FBConfig.builder(ClientApiTest.SECRET).streamingUrl("ws://127.0.0.1:1").disableEvents()
        .startWait(Duration.ZERO).build();
    try (FBClient c = new FBClient(online)) {
      EvalDetail<Boolean> notReady = c.boolVariationDetail("on", U, true);
      seen.add(kind(c, notReady, U));
      assertThat(notReady.errorKind()).isEqualTo(ErrorKind.CLIENT_NOT_READY);
      assertThat(notReady.reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
    }
    assertThat(seen).containsExactlyInAnyOrder(ErrorKind.values());
  }

  /**
   * Breaks a compiled flag of the client's current snapshot in a way no flag data can (its first rule becomes
   * {@code null}), so that evaluating it fails with an unexpected {@link NullPointerException} inside the
   * SDK's guard: the only way to reach {@code EXCEPTION}, which valid and malformed data never produce.
   */
  static void breakFirstRule(FBClient c, String flagKey) throws ReflectiveOperationException {
    DataStore store = null;
    for (Field f : FBClient.class.getDeclaredFields()) {
      if (f.getType() == DataStore.class) {
        f.setAccessible(true);
        store = (DataStore) f.get(c);
      }
    }
    assertThat(store).as("the client's store").isNotNull();
    CompiledFlag flag = store.snapshot().flag(flagKey);
    Field rules = CompiledFlag.class.getDeclaredField("rules");
    rules.setAccessible(true);
    Object[] array = (Object[]) rules.get(flag);
    assertThat(array).isNotEmpty();
    array[0] = null;
  }

  @Test
  @AllowLogs("featbit.eval")
  void theBulkResultCarriesTheErrorKindOfEachFlag() {
    try (FBClient c = offline(FBConfig.DEFAULT_REGEX_STEP_BUDGET)) {
      AllFlagStates all = c.getAllLatestFlagVariations(U);
      assertThat(all.flagKeys()).containsExactly("broken", "missing-segment", "off", "on", "regex", "text",
          "unknown-variation");
      assertThat(all.get("on").errorKind()).isEqualTo(ErrorKind.NONE);
      assertThat(all.get("off").errorKind()).isEqualTo(ErrorKind.NONE);
      assertThat(all.get("missing-segment").errorKind()).isEqualTo(ErrorKind.MALFORMED_FLAG);
      assertThat(all.get("unknown-variation").errorKind()).isEqualTo(ErrorKind.MALFORMED_FLAG);
      assertThatThrownBy(() -> all.flagKeys().add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThat(AllFlagStates.invalid("user not specified").flagKeys()).isEmpty();
    }
  }

  @Test
  void fallbackOutcomesAreSharedObjectsDecidedWhenTheFlagIsCompiled() {
    DataStore store = Clients.store(data());
    Outcome first = Clients.outcome(store, "unknown-variation", U);
    assertThat(first.errorKind).isEqualTo(ErrorKind.MALFORMED_FLAG);
    assertThat(first.kind).isEqualTo(ReasonKind.ERROR);
    assertThat(Clients.outcome(store, "unknown-variation", U)).isSameAs(first);
    assertThat(Clients.outcome(store, "on", U).errorKind).isEqualTo(ErrorKind.NONE);
    for (Fallback f : new Fallback[] {Fallback.CLIENT_NOT_READY, Fallback.FLAG_NOT_FOUND,
        Fallback.USER_NOT_SPECIFIED, Fallback.WRONG_TYPE, Fallback.REGEX_BUDGET_EXCEEDED,
        Fallback.UNEXPECTED_ERROR}) {
      assertThat(f.kind).as(f.reasonText).isEqualTo(f.errorKind.reason());
      assertThat(f.isServed()).isFalse();
    }
    assertThatThrownBy(() -> new Fallback(ErrorKind.NONE, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFiveArgumentConstructorDerivesTheKindAndTheSixArgumentOneChecksIt() {
    assertThat(new EvalDetail<>("k", 1, "v", ReasonKind.RULE_MATCH, "match rule r").errorKind())
        .isEqualTo(ErrorKind.NONE);
    assertThat(new EvalDetail<>("k", 1, "", ReasonKind.CLIENT_NOT_READY, "").errorKind())
        .isEqualTo(ErrorKind.CLIENT_NOT_READY);
    assertThat(new EvalDetail<>("k", 1, "", ReasonKind.WRONG_TYPE, "").errorKind()).isEqualTo(ErrorKind.WRONG_TYPE);
    assertThat(new EvalDetail<>("k", 1, "", ReasonKind.ERROR, "flag not found").errorKind())
        .as("the text is not interpreted").isEqualTo(ErrorKind.EXCEPTION);
    for (ErrorKind k : ErrorKind.values()) {
      ReasonKind reason = k == ErrorKind.NONE ? ReasonKind.FALLTHROUGH : k.reason();
      assertThat(new EvalDetail<>("k", 1, null, reason, null, k).errorKind()).isEqualTo(k);
    }
    assertThatThrownBy(() -> new EvalDetail<>("k", 1, "", ReasonKind.ERROR, "", ErrorKind.NONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvalDetail<>("k", 1, "", ReasonKind.OFF, "", ErrorKind.FLAG_NOT_FOUND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvalDetail<>("k", 1, "", ReasonKind.WRONG_TYPE, "", ErrorKind.MALFORMED_FLAG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvalDetail<>("k", 1, "", ReasonKind.ERROR, "", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalsHashCodeAndToStringIncludeTheKind() {
    EvalDetail<String> a = new EvalDetail<>("k", "x", "", ReasonKind.ERROR, "t", ErrorKind.FLAG_NOT_FOUND);
    EvalDetail<String> b = new EvalDetail<>("k", "x", "", ReasonKind.ERROR, "t", ErrorKind.MALFORMED_FLAG);
    assertThat(a).isNotEqualTo(b).isEqualTo(new EvalDetail<>("k", "x", "", ReasonKind.ERROR, "t",
        ErrorKind.FLAG_NOT_FOUND));
    assertThat(a.hashCode()).isNotEqualTo(b.hashCode())
        .isEqualTo(new EvalDetail<>("k", "x", "", ReasonKind.ERROR, "t", ErrorKind.FLAG_NOT_FOUND).hashCode());
    assertThat(a.toString()).contains("errorKind=FLAG_NOT_FOUND");
  }
}
