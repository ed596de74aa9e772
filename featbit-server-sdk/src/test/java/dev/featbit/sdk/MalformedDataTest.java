package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.cond;
import static dev.featbit.sdk.testing.TestData.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Malformed flag content (D-9, EVAL-6, EVAL-7, EVAL-30): a defect is an {@code ERROR} only for evaluations that
 * reach it in the server's reading order; others get the server's answer, and one bad flag never affects
 * another.
 */
@AllowLogs("featbit.eval")
class MalformedDataTest {
  static EvalDetail<String> eval(Consumer<ObjectNode> breakIt, FBUser user) {
    ObjectNode f = TestData.flag("f", new String[] {"a", "b"}, new String[] {"A", "B"});
    breakIt.accept(f);
    try (FBClient c = Clients.offline(TestData.full(f, TestData.boolFlag("healthy")))) {
      assertThat(c.boolVariation("healthy", user, false)).isTrue();
      return c.stringVariationDetail("f", user, "fallback");
    }
  }

  static final FBUser U = FBUser.builder("u").build();
  static final Duration T = Duration.ofSeconds(10);

  @Test
  void variationsListIsReadBeforeAnything() {
    EvalDetail<String> d = eval(f -> ((ObjectNode) f.get("variations").get(0)).put("value", 5), U);
    assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(d.value()).isEqualTo("fallback");
    assertThat(d.variationId()).isEmpty();
    assertThat(eval(f -> {
      f.put("isEnabled", false);
      f.remove("variations");
    }, U).reason()).isEqualTo(ReasonKind.ERROR);
    // web-default binding: property names of variations are case-insensitive
    assertThat(eval(f -> {
      ObjectNode v = (ObjectNode) f.get("variations").get(0);
      v.remove("value");
      v.put("Value", "A2");
    }, U).value()).isEqualTo("A2");
  }

  /**
   * The server looks variations up with {@code x.Id == variationId}: a JSON null id (disabled variation,
   * target, rollout slice) finds the first variation that has no id; without one it is an error.
   */
  @Test
  void aNullVariationIdFindsTheVariationWithoutId() {
    Consumer<ObjectNode> idless = f -> ((ObjectNode) f.get("variations").get(1)).remove("id");
    EvalDetail<String> d = eval(idless.andThen(f -> {
      f.put("isEnabled", false);
      f.putNull("disabledVariationId");
    }), U);
    assertThat(d.reason()).isEqualTo(ReasonKind.OFF);
    assertThat(d.value()).isEqualTo("B");
    d = eval(idless.andThen(f -> {
      ObjectNode t = ((ArrayNode) f.get("targetUsers")).addObject();
      t.putArray("keyIds").add("u");
      t.putNull("variationId");
    }), U);
    assertThat(d.reason()).isEqualTo(ReasonKind.TARGET_MATCH);
    assertThat(d.value()).isEqualTo("B");
    d = eval(idless.andThen(f -> ((ObjectNode) f.get("fallthrough").get("variations").get(0)).putNull("id")), U);
    assertThat(d.reason()).isEqualTo(ReasonKind.FALLTHROUGH);
    assertThat(d.value()).isEqualTo("B");
    assertThat(eval(f -> {
      f.put("isEnabled", false);
      f.putNull("disabledVariationId");
    }, U).reason()).as("no variation without id").isEqualTo(ReasonKind.ERROR);
  }

  /**
   * A variation without id has the id {@code null}, as on the server (its evaluation results and insights
   * report {@code Variation.Id}, null): in the detail, the typed detail calls, the bootstrap JSON and the
   * explanation. A fallback keeps the empty id.
   */
  @Test
  void aVariationWithoutIdIsServedWithANullId() throws Exception {
    ObjectNode f = TestData.flag("f", new String[] {"a", "b"}, new String[] {"A", "B"});
    ((ObjectNode) f.get("variations").get(1)).remove("id");
    ObjectNode t = ((ArrayNode) f.get("targetUsers")).addObject();
    t.putArray("keyIds").add("vip");
    t.putNull("variationId");
    ((ObjectNode) f.get("fallthrough").get("variations").get(0)).putNull("id");
    try (FBClient c = Clients.offline(TestData.full(f))) {
      FBUser vip = FBUser.builder("vip").build();
      for (FBUser u : new FBUser[] {U, vip}) {
        EvalDetail<String> d = c.stringVariationDetail("f", u, "fallback");
        assertThat(d.isServed()).isTrue();
        assertThat(d.value()).isEqualTo("B");
        assertThat(d.variationId()).as(u.key()).isNull();
        assertThat(c.getAllLatestFlagVariations(u).get("f").variationId()).isNull();
        assertThat(TestData.M.readTree(c.getAllLatestFlagVariations(u).toJson()).get(0).get("variationId").isNull())
            .isTrue();
        List<String> steps = c.explain("f", u).steps();
        assertThat(steps.get(steps.size() - 1)).endsWith("variation (no id) = B");
      }
      assertThat(c.stringVariationDetail("f", vip, "x").reason()).isEqualTo(ReasonKind.TARGET_MATCH);
      assertThat(c.intVariationDetail("f", U, 3).variationId()).as("a fallback").isEmpty();
      assertThat(c.stringVariationDetail("missing", U, "x").variationId()).isEmpty();
    }
    EvalDetail<String> made = new EvalDetail<>("f", "x", null, ReasonKind.OFF, "flag off");
    assertThat(made.variationId()).isNull();
    assertThat(made).isEqualTo(new EvalDetail<>("f", "x", null, ReasonKind.OFF, "flag off"))
        .isNotEqualTo(new EvalDetail<>("f", "x", "", ReasonKind.OFF, "flag off"));
    assertThat(new EvalDetail<>("f", "x", null, ReasonKind.ERROR, "e").variationId()).isEmpty();
  }

  /** Variation member names fold ASCII letters only, as .NET's ordinal ignore-case ("\u0131d" is not "id"). */
  @Test
  void variationMemberNamesFoldAsciiLettersOnly() {
    for (String name : new String[] {"\u0131d", "\u0130d", "\u0130D"}) {
      EvalDetail<String> d = eval(f -> {
        ObjectNode v = (ObjectNode) f.get("variations").get(1);
        v.remove("id");
        v.put(name, "b");
        f.put("isEnabled", false);
      }, U);
      assertThat(d.reason()).as(name).isEqualTo(ReasonKind.ERROR);
    }
    assertThat(eval(f -> {
      ObjectNode v = (ObjectNode) f.get("variations").get(1);
      v.remove("id");
      v.put("ID", "b");
      f.put("isEnabled", false);
    }, U).value()).isEqualTo("B");
  }

  /**
   * Rollout numbers beyond a double's range read as infinities, as .NET Core's {@code GetDouble} and
   * {@code Deserialize<double[]>} read them: {@code [0, 1e400]} is the full range, and an infinite
   * {@code exptRollout} is a valid (capped) sampling rate.
   */
  @Test
  void rolloutNumbersBeyondTheDoubleRangeAreInfinities() {
    EvalDetail<String> d = eval(f -> {
      ObjectNode slice = (ObjectNode) f.get("fallthrough").get("variations").get(0);
      slice.put("id", "b");
      slice.putArray("rollout").add(0).add(new java.math.BigDecimal("1e400"));
      slice.put("exptRollout", new java.math.BigDecimal("1e400"));
    }, U);
    assertThat(d.reason()).isEqualTo(ReasonKind.FALLTHROUGH);
    assertThat(d.value()).isEqualTo("B");
  }

  @Test
  void disabledFlagWithBrokenRulesStillServesItsDisabledVariation() {
    EvalDetail<String> d = eval(f -> {
      f.put("isEnabled", false);
      f.put("rules", "garbage");
      f.remove("fallthrough");
      f.remove("exptIncludeAllTargets");
    }, U);
    assertThat(d.reason()).isEqualTo(ReasonKind.OFF);
    assertThat(d.value()).isEqualTo("B");
  }

  @Test
  void missingIsEnabledOrUnknownDisabledVariationIsAnError() {
    assertThat(eval(f -> f.remove("isEnabled"), U).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(f -> f.put("isArchived", "no"), U).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(f -> {
      f.put("isEnabled", false);
      f.put("disabledVariationId", "nope");
    }, U).reason()).isEqualTo(ReasonKind.ERROR);
  }

  @Test
  void targetsAreReadInOrderUpToTheFirstDefect() {
    Consumer<ObjectNode> targets = f -> {
      ArrayNode tu = f.putArray("targetUsers");
      tu.addObject().put("variationId", "b").putArray("keyIds").add("early").addNull();
      tu.addObject().put("variationId", "b").putArray("keyIds").add(42).add("late");
    };
    assertThat(eval(targets, FBUser.builder("early").build()).reason()).isEqualTo(ReasonKind.TARGET_MATCH);
    assertThat(eval(targets, FBUser.builder("late").build()).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(targets, U).reason()).isEqualTo(ReasonKind.ERROR);
    // a null variationId is an error only for users who hit that target list
    Consumer<ObjectNode> nullVariation = f -> f.putArray("targetUsers").addObject().putNull("variationId")
        .putArray("keyIds").add("t");
    assertThat(eval(nullVariation, FBUser.builder("t").build()).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(nullVariation, U).reason()).isEqualTo(ReasonKind.FALLTHROUGH);
  }

  @Test
  void eval6_brokenRuleIsOnlyAnErrorWhenReached() {
    Consumer<ObjectNode> rules = f -> {
      ArrayNode r = f.putArray("rules");
      r.add(rule("vip", "b", cond("keyId", "Equal", "vip")));
      ObjectNode broken = rule("broken", "b");
      broken.putNull("conditions");
      r.add(broken);
    };
    assertThat(eval(rules, FBUser.builder("vip").build()).reason()).isEqualTo(ReasonKind.RULE_MATCH);
    assertThat(eval(rules, U).reason()).isEqualTo(ReasonKind.ERROR);
    // an empty condition list matches everyone; conditions stop at the first failing one
    assertThat(eval(f -> f.putArray("rules").add(rule("all", "b")), U).reason()).isEqualTo(ReasonKind.RULE_MATCH);
    assertThat(eval(f -> f.putArray("rules").add(rule("short", "b", cond("keyId", "Equal", "x"),
        cond("s", "IsOneOf", "broken json"))), U).reason()).isEqualTo(ReasonKind.FALLTHROUGH);
  }

  @Test
  void matchedRuleReadsDispatchKeyIncludedInExptAndSlices() {
    // the server reads dispatchKey with GetProperty: a missing one is an error (server wins over D-9's "null")
    assertThat(eval(f -> {
      ObjectNode r = rule("r", "b");
      r.remove("dispatchKey");
      f.putArray("rules").add(r);
    }, U).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(f -> {
      ObjectNode r = rule("r", "b");
      r.put("includedInExpt", "yes");
      f.putArray("rules").add(r);
    }, U).reason()).isEqualTo(ReasonKind.ERROR);
    // a rule name may be null
    assertThat(eval(f -> {
      ObjectNode r = rule("r", "b");
      r.putNull("name");
      f.putArray("rules").add(r);
    }, U).reason()).isEqualTo(ReasonKind.RULE_MATCH);
  }

  @Test
  void eval7_noSliceOrUnknownVariationIsAnErrorWithoutTryingLaterRules() {
    Consumer<ObjectNode> gap = f -> {
      ObjectNode r = rule("gap", "b");
      ((ObjectNode) r.get("variations").get(0)).set("rollout", TestData.M.createArrayNode().add(0).add(0));
      f.putArray("rules").add(r).add(rule("later", "a"));
    };
    EvalDetail<String> d = eval(gap, U);
    assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(d.reasonText()).contains("no rollout slice");
    Consumer<ObjectNode> unknown = f -> f.putArray("rules").add(rule("r", "zzz")).add(rule("later", "a"));
    assertThat(eval(unknown, U).reason()).isEqualTo(ReasonKind.ERROR);
    // a slice whose range is unreadable is an error when the search reaches it
    assertThat(eval(f -> ((ObjectNode) f.get("fallthrough").get("variations").get(0))
        .set("rollout", TestData.M.createArrayNode().add("0").add(1)), U).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(f -> ((ObjectNode) f.get("fallthrough").get("variations").get(0))
        .set("rollout", TestData.M.createArrayNode().add(0)), U).reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(eval(f -> ((ObjectNode) f.get("fallthrough").get("variations").get(0))
        .put("exptRollout", "x"), U).reason()).isEqualTo(ReasonKind.ERROR);
  }

  /**
   * A newer copy of a flag whose structure is broken (key and {@code updatedAt} usable) replaces the good copy,
   * as on the evaluation server, which keeps only the latest document of a flag and reads it only when it
   * evaluates: evaluations that reach the defect answer {@code ERROR} with the fallback, the others are served,
   * and the next good copy repairs the flag.
   */
  @Test
  void aBrokenNewerCopyReplacesTheGoodOneAndAnswersAsTheServerWould() {
    List<Consumer<ObjectNode>> breakages = List.of(
        f -> f.remove("variations"),
        f -> f.put("variations", "not an array"),
        f -> f.putNull("variations"),
        f -> f.putNull("fallthrough"));
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.strings("f", "A", "B"));
      try (FBClient c = new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .startWait(T).disableEvents().build())) {
        assertThat(c.stringVariation("f", U, "fallback")).isEqualTo("A");
        for (int i = 0; i < breakages.size(); i++) {
          ObjectNode broken = TestFlag.strings("f", "A", "B").toJson("");
          breakages.get(i).accept(broken);
          server.upsertFlag(broken);
          assertThat(server.await(s -> c.stringVariationDetail("f", U, "fallback").reason() == ReasonKind.ERROR, T))
              .as("breakage %d replaced the good copy", i).isTrue();
          EvalDetail<String> d = c.stringVariationDetail("f", U, "fallback");
          assertThat(d.value()).isEqualTo("fallback");
          assertThat(d.variationId()).isEmpty();
          server.upsertFlag(TestFlag.strings("f", "A", "B"));
          assertThat(server.await(s -> "A".equals(c.stringVariation("f", U, "fallback")), T))
              .as("repaired after breakage %d", i).isTrue();
        }
        // the server reads the fallthrough only when it reaches it: a disabled flag still serves its variation
        ObjectNode off = TestFlag.strings("f", "A", "B").on(false).toJson("");
        off.putNull("fallthrough");
        server.upsertFlag(off);
        assertThat(server.await(s -> c.stringVariationDetail("f", U, "fallback").reason() == ReasonKind.OFF, T))
            .isTrue();
        assertThat(c.stringVariation("f", U, "fallback")).isNotEqualTo("fallback");
      }
    }
  }

  @Test
  void eval34_bulkEvaluationIsolatesTheBadFlag() {
    ObjectNode bad = TestData.boolFlag("bad");
    bad.remove("fallthrough");
    try (FBClient c = Clients.offline(TestData.full(bad, TestData.boolFlag("good")))) {
      AllFlagStates all = c.getAllLatestFlagVariations(U);
      assertThat(all.isValid()).isTrue();
      assertThat(all.get("bad").reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(all.get("bad").value()).isEmpty();
      assertThat(all.get("bad").variationId()).isEmpty();
      assertThat(all.get("good").value()).isEqualTo("true");
      assertThat(all.toJson()).contains("\"id\":\"good\"").doesNotContain("\"bad\"");
    }
  }
}
