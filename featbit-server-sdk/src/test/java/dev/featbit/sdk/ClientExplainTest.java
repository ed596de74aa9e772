package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.EvalDetail.ErrorKind;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FBClient#explain(String, FBUser)}: the result and the steps of every evaluation path. */
class ClientExplainTest {
  static final String SEGMENT = "5e000000-0000-4000-8000-0000000000b1";
  static final FBUser U = FBUser.builder("u").build();

  static String data() {
    ObjectNode off = TestData.boolFlag("off");
    off.put("isEnabled", false);
    ObjectNode targeted = TestData.boolFlag("targeted");
    targeted.putArray("targetUsers").addObject().put("variationId", "v-false").putArray("keyIds").add("vip");
    ObjectNode segmented = TestData.boolFlag("segmented");
    segmented.putArray("rules").add(TestData.rule("Country", "v-false", TestData.cond("country", "Equal", "de")))
        .add(TestData.rule("Beta testers", "v-false", TestData.cond("User is in segment", "", "[\"" + SEGMENT
            + "\"]")));
    ObjectNode rollout = TestData.boolFlag("rollout");
    ObjectNode half = TestData.serve("v-true");
    ((ObjectNode) half.get("variations").get(0)).set("rollout", TestData.M.createArrayNode().add(0).add(0.5));
    ((ArrayNode) half.get("variations")).addObject().put("id", "v-false").put("exptRollout", 1)
        .set("rollout", TestData.M.createArrayNode().add(0.5).add(1));
    rollout.set("fallthrough", half);
    ObjectNode defect = TestData.boolFlag("defect");
    defect.putArray("rules").add(TestData.rule("Gone", "no-such-variation", TestData.cond("plan", "Equal", "x")));
    ObjectNode regex = TestData.boolFlag("regex");
    regex.putArray("rules").add(TestData.rule("re", "v-false", TestData.cond("s", "MatchRegex", "^(a|b)*$")));
    ObjectNode segment = TestData.segment(SEGMENT, new String[] {"alice"}, new String[] {"bob"},
        TestData.cond("plan", "Equal", "enterprise"));
    return TestData.dataSync("full", TestData.flags(off, targeted, segmented, rollout, defect, regex), segment);
  }

  static FBClient offline() {
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(data()).evaluationMetrics(true).build());
  }

  /** The explanation's result is the detail the evaluation path gives (raw string, fallback {@code ""}). */
  static Explanation explain(FBClient c, String flagKey, FBUser user) {
    Explanation e = c.explain(flagKey, user);
    assertThat(e.result()).as(flagKey).isEqualTo(c.stringVariationDetail(flagKey, user, ""));
    assertThat(e.steps()).as(flagKey).isNotEmpty();
    assertThat(e.steps().get(e.steps().size() - 1)).as(flagKey).startsWith("=> ");
    return e;
  }

  @Test
  void flagNotFound() {
    try (FBClient c = offline()) {
      Explanation e = explain(c, "missing", U);
      assertThat(e.result().errorKind()).isEqualTo(ErrorKind.FLAG_NOT_FOUND);
      assertThat(e.result().value()).isEmpty();
      assertThat(e.steps()).containsExactly("flag not found", "=> ERROR (flag not found)");
      assertThat(c.explain(null, U).result().errorKind()).isEqualTo(ErrorKind.FLAG_NOT_FOUND);
    }
  }

  @Test
  void disabledFlag() {
    try (FBClient c = offline()) {
      Explanation e = explain(c, "off", U);
      assertThat(e.result().reason()).isEqualTo(ReasonKind.OFF);
      assertThat(e.result().value()).isEqualTo("false");
      assertThat(e.steps()).containsExactly("flag is disabled: serving the disabled variation",
          "=> OFF (flag off): variation v-false = false");
    }
  }

  @Test
  void individualTarget() {
    try (FBClient c = offline()) {
      Explanation vip = explain(c, "targeted", FBUser.builder("vip").build());
      assertThat(vip.result().reason()).isEqualTo(ReasonKind.TARGET_MATCH);
      assertThat(vip.steps()).containsExactly("flag is enabled", "user key vip is in an individual target list",
          "=> TARGET_MATCH (target match): variation v-false = false");
      Explanation other = explain(c, "targeted", U);
      assertThat(other.result().reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      assertThat(other.steps()).contains("user key is not individually targeted", "no rule matched: fallthrough");
    }
  }

  @Test
  void ruleWithASegment() {
    try (FBClient c = offline()) {
      FBUser carol = FBUser.builder("carol").custom("country", "fr").custom("plan", "enterprise").build();
      Explanation e = explain(c, "segmented", carol);
      assertThat(e.result().reason()).isEqualTo(ReasonKind.RULE_MATCH);
      assertThat(e.result().reasonText()).isEqualTo("match rule Beta testers");
      assertThat(e.steps()).containsExactly(
          "flag is enabled",
          "no individual targets",
          "rule 0 \"Country\":",
          "  country Equal \"de\" (user value: \"fr\") -> false",
          "  not matched",
          "rule 1 \"Beta testers\":",
          "  User is in segment [" + SEGMENT + "]",
          "    segment " + SEGMENT + ": rule 0",
          "      plan Equal \"enterprise\" (user value: \"enterprise\") -> true",
          "    segment " + SEGMENT + ": rule 0 matches -> in segment",
          "  -> true",
          "  all conditions match",
          "  slice [0.0, 1.0] (serves everyone) -> variation v-false = false",
          "=> RULE_MATCH (match rule Beta testers): variation v-false = false");
      assertThat(explain(c, "segmented", FBUser.builder("alice").build()).steps())
          .contains("    segment " + SEGMENT + ": user key is included -> in segment");
      Explanation bob = explain(c, "segmented", FBUser.builder("bob").custom("plan", "enterprise").build());
      assertThat(bob.result().reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      assertThat(bob.steps()).contains("    segment " + SEGMENT + ": user key is excluded -> not in segment",
          "  -> false (the user is in none of them)");
    }
  }

  @Test
  void fallthroughRollout() {
    try (FBClient c = offline()) {
      for (String key : new String[] {"u", "u-1", "u-2", "u-3", "dave"}) {
        FBUser user = FBUser.builder(key).build();
        Explanation e = explain(c, "rollout", user);
        assertThat(e.result().reason()).isEqualTo(ReasonKind.FALLTHROUGH);
        List<String> steps = e.steps();
        assertThat(steps).containsSubsequence("flag is enabled", "no individual targets",
            "no rule matched: fallthrough");
        assertThat(steps.get(3)).startsWith("  dispatch by keyId: hash of \"rollout" + key + "\" -> bucket ");
        double bucket = Double.parseDouble(steps.get(3).substring(steps.get(3).lastIndexOf(' ') + 1));
        String slice = bucket <= 0.5 ? "  slice [0.0, 0.5] -> variation v-true = true"
            : "  slice [0.5, 1.0] -> variation v-false = false";
        assertThat(steps).contains(slice);
        assertThat(e.result().value()).isEqualTo(bucket <= 0.5 ? "true" : "false");
      }
    }
  }

  @Test
  @AllowLogs("featbit.eval")
  void defectInTheFlagData() {
    try (FBClient c = offline()) {
      Explanation e = explain(c, "defect", FBUser.builder("u").custom("plan", "x").build());
      assertThat(e.result().reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(e.result().errorKind()).isEqualTo(ErrorKind.MALFORMED_FLAG);
      assertThat(e.result().reasonText()).startsWith("malformed flag: ");
      assertThat(e.steps()).contains("  plan Equal \"x\" (user value: \"x\") -> true", "  all conditions match");
      assertThat(e.steps().get(e.steps().size() - 1)).startsWith("=> ERROR: ").contains("no-such-variation");
      // a user who does not reach the defect is served
      assertThat(explain(c, "defect", U).result().reason()).isEqualTo(ReasonKind.FALLTHROUGH);
    }
  }

  @Test
  void noUserRegexBudgetAndClientNotReady() {
    try (FBClient c = offline()) {
      Explanation noUser = explain(c, "off", null);
      assertThat(noUser.result().errorKind()).isEqualTo(ErrorKind.USER_NOT_SPECIFIED);
      assertThat(noUser.steps()).containsExactly("no user, or a blank user key", "=> ERROR (user not specified)");
      assertThat(explain(c, "off", FBUser.builder("  ").build()).result().errorKind())
          .isEqualTo(ErrorKind.USER_NOT_SPECIFIED);
    }
    try (FBClient c = new FBClient(FBConfig.builder(null).offline(true).bootstrap(data()).regexStepBudget(10)
        .build())) {
      Explanation e = explain(c, "regex", FBUser.builder("u").custom("s", "ab".repeat(20) + "c").build());
      assertThat(e.result().errorKind()).isEqualTo(ErrorKind.REGEX_BUDGET_EXCEEDED);
      assertThat(e.steps()).contains("  s MatchRegex \"^(a|b)*$\" (user value: \"" + "ab".repeat(20)
          + "c\") -> error: regex step budget exceeded");
      assertThat(e.steps().get(e.steps().size() - 1)).isEqualTo("=> ERROR: regex step budget exceeded");
    }
    FBConfig online = FBConfig.builder(ClientApiTest.SECRET).streamingUrl("ws://127.0.0.1:1").disableEvents()
        .startWait(Duration.ZERO).build();
    try (FBClient c = new FBClient(online)) {
      Explanation e = explain(c, "off", U);
      assertThat(e.result().errorKind()).isEqualTo(ErrorKind.CLIENT_NOT_READY);
      assertThat(e.steps()).containsExactly("the client has no flag data yet",
          "=> CLIENT_NOT_READY (client not ready)");
    }
  }

  @Test
  void recordsNoEventAndIsNotCounted() {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("flag"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .eventsUrl(server.httpUrl()).startWait(Duration.ofSeconds(10)).evaluationMetrics(true).build();
      try (FBClient c = new FBClient(config)) {
        assertThat(c.isInitialized()).isTrue();
        assertThat(c.explain("flag", U).result().value()).isEqualTo("true");
        assertThat(c.explain("missing", U).result().isServed()).isFalse();
        assertThat(c.eventStats().accepted()).isZero();
        assertThat(c.evaluationStats().total()).isZero();
        c.stringVariation("flag", U, "");
        assertThat(c.eventStats().accepted()).isEqualTo(1);
        assertThat(c.evaluationStats().total()).isEqualTo(1);
      }
    }
  }

  @Test
  void anExplanationIsAnImmutableValue() {
    try (FBClient c = offline()) {
      Explanation e = c.explain("segmented", U);
      assertThatThrownBy(() -> e.steps().add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThat(e).isEqualTo(c.explain("segmented", U)).hasSameHashCodeAs(c.explain("segmented", U));
      assertThat(e).isNotEqualTo(c.explain("off", U));
      assertThat(e.toString()).startsWith(e.result().toString()).endsWith("\n" + String.join("\n", e.steps()));
      List<String> steps = new java.util.ArrayList<>(List.of("a"));
      Explanation own = new Explanation(e.result(), steps);
      steps.add("b");
      assertThat(own.steps()).containsExactly("a");
      assertThatThrownBy(() -> new Explanation(null, List.of())).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> new Explanation(e.result(), java.util.Arrays.asList("a", null)))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
