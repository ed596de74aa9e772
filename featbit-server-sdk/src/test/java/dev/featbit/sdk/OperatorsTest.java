package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.cond;
import static dev.featbit.sdk.testing.TestData.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operator semantics of the FeatBit server (spec 6.5; EVAL-8..EVAL-15, D-2, D-3, D-4, D-5). Each case builds
 * a flag whose only rule has one condition and serves "hit"; the fallthrough serves "miss".
 */
class OperatorsTest {

  /** Evaluates one condition for a user: "hit", "miss", or "ERROR" when the evaluation failed. */
  static String check(FBUser user, ObjectNode condition) {
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", condition));
    try (FBClient c = Clients.offline(TestData.full(flag))) {
      EvalDetail<String> d = c.stringVariationDetail("f", user, "ERROR");
      return d.reason() == ReasonKind.ERROR ? "ERROR" : d.value();
    }
  }

  static FBUser user(String attr, String value) {
    FBUser.Builder b = FBUser.builder("u-1").name("Ada");
    if (value != null) {
      b.custom(attr, value);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1} [{2}] vs user [{3}] -> {4}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // numbers: .NET grammar, both operands parsed, NaN/unparsable never match (EVAL-11, D-4)
      "n|LessThan|10|9.5|hit",
      "n|LessThan|10|10|miss",
      "n|LessEqualThan|10|10|hit",
      "n|BiggerThan|1,000|1001|hit",
      "n|BiggerEqualThan|50.5|' 75 '|hit",
      "n|BiggerThan|1|1.000001|hit",
      "n|BiggerThan|5|abc|miss",
      "n|LessThan|5|abc|miss",
      "n|BiggerThan|abc|7|miss",
      "n|BiggerThan|1e308|Infinity|hit",
      "n|LessThan|-1e308|-infinity|hit",
      "n|BiggerThan|1e308|1e400|hit",
      "n|BiggerThan|0|NaN|miss",
      "n|LessEqualThan|0|NaN|miss",
      "n|LessEqualThan|0|-0|hit",
      "n|BiggerEqualThan|0|-0|hit",
      "n|BiggerThan|1|0x10|miss",
      "n|BiggerThan|1|1_000|miss",
      "n|BiggerThan|1|١٢|miss",
      "n|BiggerThan|1|1.5d|miss",
      "n|BiggerThan|1|+4.2e1|hit",
      "n|BiggerThan|1|ınfınıty|miss",
      "n|BiggerThan|1|5\u0000|hit",
      // Equal/NotEqual: ordinal, case-sensitive, not numeric (EVAL-9)
      "s|Equal|abc|abc|hit",
      "s|Equal|abc|ABC|miss",
      "s|Equal|1.0|1|miss",
      "s|NotEqual|abc|ABC|hit",
      "s|NotEqual|abc|abc|miss",
      // Contains / StartsWith / EndsWith: ordinal substring / prefix / suffix
      "s|Contains|ell|hello|hit",
      "s|Contains||hello|hit",
      "s|NotContain|ell|hello|miss",
      "s|NotContain|xyz|hello|hit",
      "s|StartsWith|he|hello|hit",
      "s|StartsWith|He|hello|miss",
      "s|EndsWith|lo|hello|hit",
      "s|EndsWith|LO|hello|miss",
      // regex: unanchored search (EVAL-9, not a full match)
      "s|MatchRegex|bot|Googlebot/2.1|hit",
      "s|MatchRegex|^bot|Googlebot/2.1|miss",
      "s|NotMatchRegex|bot|Googlebot/2.1|miss",
      "s|NotMatchRegex|^bot|Googlebot/2.1|hit",
      "s|MatchRegex|(?i)GOOGLE|Googlebot|hit",
      "s|MatchRegex|^\\d+$|١٢٣|hit",
      // IsOneOf / NotOneOf: exact membership in a JSON string array (EVAL-12)
      "s|IsOneOf|[\"de\",\"fr\"]|fr|hit",
      "s|IsOneOf|[\"de\",\"fr\"]|FR|miss",
      "s|IsOneOf|[]|fr|miss",
      "s|NotOneOf|[]|fr|hit",
      "s|NotOneOf|[\"de\",\"fr\"]|fr|miss",
      "s|IsOneOf|null|fr|miss",
      "s|NotOneOf|null|fr|hit",
      "s|IsOneOf|[\"de\",null]|fr|miss",
      // IsTrue / IsFalse: ASCII case-insensitive, no trimming, value unused
      "s|IsTrue|IsTrue|TRUE|hit",
      "s|IsTrue|IsTrue|True|hit",
      "s|IsTrue|IsTrue|' true'|miss",
      "s|IsTrue|IsTrue|1|miss",
      "s|IsFalse|IsFalse|false|hit",
      "s|IsFalse|IsFalse|falſe|miss",
      "s|IsTrue|anything|true|hit",
      // unknown, empty or differently-cased operator names never match (EVAL-8), even negation-like ones
      "s|NotEquals|abc|xyz|miss",
      "s|equal|abc|abc|miss",
      "s||abc|abc|miss",
  })
  void eval9_operators(String attr, String op, String value, String userValue, String expected) {
    assertThat(check(user(attr, userValue), cond(attr, op, value == null ? "" : value))).isEqualTo(expected);
  }

  @Test
  void regexDotExcludesOnlyLineFeedAsInDotNet() {
    assertThat(check(user("s", "a\rb"), cond("s", "MatchRegex", "a.b"))).isEqualTo("hit");
    assertThat(check(user("s", "a\u2028b"), cond("s", "MatchRegex", "a.b"))).isEqualTo("hit");
    assertThat(check(user("s", "a\nb"), cond("s", "MatchRegex", "a.b"))).isEqualTo("miss");
    assertThat(check(user("s", "x\nab"), cond("s", "MatchRegex", "^ab"))).isEqualTo("miss");
  }

  @Test
  void d2_missingAttributeReadsAsEmptyString() {
    FBUser noAttr = user("plan", null);
    assertThat(check(noAttr, cond("plan", "Equal", ""))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "NotEqual", "free"))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "NotContain", "+test"))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "NotOneOf", "[\"trial\"]"))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "IsOneOf", "[\"\"]"))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "MatchRegex", "^$"))).isEqualTo("hit");
    assertThat(check(noAttr, cond("plan", "NotMatchRegex", ".*"))).isEqualTo("miss");
    assertThat(check(noAttr, cond("plan", "BiggerThan", "-1"))).isEqualTo("miss");
  }

  @Test
  void d2_blankPropertyNameReadsAsEmptyString() {
    assertThat(check(user("x", "1"), cond("  ", "Equal", ""))).isEqualTo("hit");
    assertThat(check(user("x", "1"), cond("", "NotEqual", "a"))).isEqualTo("hit");
    assertThat(check(user("x", "1"), cond(null, "Equal", ""))).isEqualTo("hit");
  }

  @Test
  void d3_userWithoutNameFailsEveryConditionOnName() {
    FBUser anonymous = FBUser.builder("u-1").build();
    assertThat(check(anonymous, cond("name", "NotEqual", "x"))).isEqualTo("miss");
    assertThat(check(anonymous, cond("name", "NotContain", "x"))).isEqualTo("miss");
    assertThat(check(anonymous, cond("name", "NotOneOf", "[]"))).isEqualTo("miss");
    assertThat(check(anonymous, cond("name", "Equal", ""))).isEqualTo("miss");
    FBUser emptyName = FBUser.builder("u-1").name("").build();
    assertThat(check(emptyName, cond("name", "Equal", ""))).isEqualTo("hit");
    assertThat(check(emptyName, cond("name", "NotEqual", "x"))).isEqualTo("hit");
  }

  @Test
  void eval2_builtInAttributesWinOverCustomOnes() {
    FBUser u = FBUser.builder("real-key").name("Real").custom("keyId", "fake").custom("name", "Fake").build();
    assertThat(check(u, cond("keyId", "Equal", "real-key"))).isEqualTo("hit");
    assertThat(check(u, cond("name", "Equal", "Real"))).isEqualTo("hit");
    assertThat(check(u, cond("KeyId", "Equal", "real-key"))).isEqualTo("miss"); // exact case only
  }

  @Test
  void eval10_nullConditionValueNeverMatchesEvenNegativeOperators() {
    assertThat(check(user("s", "a"), cond("s", "NotEqual", null))).isEqualTo("miss");
    assertThat(check(user("s", "a"), cond("s", "NotOneOf", null))).isEqualTo("miss");
    assertThat(check(user("s", "a"), cond("s", "IsTrue", null))).isEqualTo("miss");
  }

  @Test
  @AllowLogs("featbit.eval")
  void eval13_dataDefectsAreErrorsNeverPassingNegativeConditions() {
    assertThat(check(user("s", "a"), cond("s", "NotOneOf", "not json"))).isEqualTo("ERROR");
    assertThat(check(user("s", "a"), cond("s", "IsOneOf", "[1,2]"))).isEqualTo("ERROR");
    assertThat(check(user("s", "a"), cond("s", "IsOneOf", "{\"a\":1}"))).isEqualTo("ERROR");
    assertThat(check(user("s", "a"), cond("s", "NotMatchRegex", "(unclosed"))).isEqualTo("ERROR");
    // .NET rejects possessive quantifiers: refused rather than given Java's meaning (D-5, EVAL-15)
    assertThat(check(user("s", "aaa"), cond("s", "MatchRegex", "a*+"))).isEqualTo("ERROR");
    assertThat(check(user("s", "aaa"), cond("s", "MatchRegex", "[a*+]"))).isEqualTo("hit");
    assertThat(check(user("s", "a+"), cond("s", "MatchRegex", "a\\++"))).isEqualTo("hit");
    // the defect is only raised when the user value is present (server order): no name -> plain miss
    assertThat(check(FBUser.builder("u").build(), cond("name", "IsOneOf", "not json"))).isEqualTo("miss");
  }

  @Test
  void eval14_catastrophicRegexIsBoundedAndReportedAsError() {
    // Java's engine memoises many classic cases such as ^(a+)+$; this one still explodes (2^n paths)
    // (the look-behind keeps it off the automaton, which answers (.*a){25} itself in one pass)
    String evil = "(.*a){25}(?<=b)";
    String input = "a".repeat(28) + "x";
    long start = System.nanoTime();
    assertThat(check(user("s", input), cond("s", "MatchRegex", evil))).isEqualTo("ERROR");
    assertThat(check(user("s", input), cond("s", "MatchRegex", "(.*a){25}"))).isEqualTo("hit");
    assertThat(check(user("s", "a".repeat(24) + "x"), cond("s", "MatchRegex", "(.*a){25}"))).isEqualTo("miss");
    assertThat(check(user("s", "x" + "a".repeat(30)), cond("s", "MatchRegex", "(a){25}"))).isEqualTo("hit");
    // bounded: 1,000,000 character reads take milliseconds, not the ~2^40 steps of the naive match
    assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
  }

  @Test
  void segmentConditions() {
    String seg = "5b3c2f0e-8a41-4d6b-9c7e-1f2a3b4c5d6e";
    ObjectNode segment = TestData.segment(seg, new String[] {"in-1", "both"}, new String[] {"both"},
        cond("country", "IsOneOf", "[\"us\"]"));
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", cond("User is in segment", null, "[\"" + seg.toUpperCase() + "\"]")));
    ObjectNode notIn = TestData.flag("g", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    notIn.putArray("rules").add(rule("r", "hit", cond("User is not in segment", "Equal", "[\"" + seg + "\"]")));
    try (FBClient c = Clients.offline(TestData.dataSync("full", TestData.flags(flag, notIn), segment))) {
      // EVAL-17: excluded wins over included; included; rule; otherwise not in
      assertThat(c.stringVariation("f", FBUser.builder("in-1").build(), "x")).isEqualTo("hit");
      assertThat(c.stringVariation("f", FBUser.builder("both").custom("country", "us").build(), "x"))
          .isEqualTo("miss");
      assertThat(c.stringVariation("f", FBUser.builder("u").custom("country", "us").build(), "x")).isEqualTo("hit");
      assertThat(c.stringVariation("f", FBUser.builder("u").custom("country", "de").build(), "x")).isEqualTo("miss");
      // EVAL-16: op ignored for segment conditions
      assertThat(c.stringVariation("g", FBUser.builder("u").build(), "x")).isEqualTo("hit");
      assertThat(c.stringVariation("g", FBUser.builder("in-1").build(), "x")).isEqualTo("miss");
    }
  }

  @Test
  @AllowLogs("featbit.eval")
  void eval16_eval19_segmentListEdgeCases() {
    FBUser u = FBUser.builder("u").build();
    assertThat(check(u, cond("User is in segment", null, "[]"))).isEqualTo("miss");
    assertThat(check(u, cond("User is not in segment", null, "[]"))).isEqualTo("hit");
    assertThat(check(u, cond("User is in segment", null, "null"))).isEqualTo("miss");
    assertThat(check(u, cond("User is not in segment", null, "null"))).isEqualTo("hit");
    // a JSON null value (not the text "null") makes the server throw
    assertThat(check(u, cond("User is not in segment", null, null))).isEqualTo("ERROR");
    // a missing segment never yields a passing "not in segment"
    assertThat(check(u, cond("User is not in segment", null, "[\"0b6e1f2a-0000-4000-8000-000000000000\"]")))
        .isEqualTo("ERROR");
    assertThat(check(u, cond("User is in segment", null, "[1]"))).isEqualTo("ERROR");
    assertThat(check(u, cond("User is in segment", null, "[null]"))).isEqualTo("ERROR");
  }

  @Test
  void eval18_segmentsDoNotNest() {
    String inner = "11111111-1111-4111-8111-111111111111";
    String outer = "22222222-2222-4222-8222-222222222222";
    ObjectNode innerSeg = TestData.segment(inner, new String[] {"u"}, new String[0]);
    ObjectNode outerSeg = TestData.segment(outer, new String[0], new String[0],
        cond("User is in segment", null, "[\"" + inner + "\"]"));
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", cond("User is in segment", null, "[\"" + outer + "\"]")));
    try (FBClient c = Clients.offline(TestData.dataSync("full", TestData.flags(flag), innerSeg, outerSeg))) {
      assertThat(c.stringVariation("f", FBUser.builder("u").build(), "x")).isEqualTo("miss");
    }
  }

  @Test
  void d8_archivedSegmentIsStillEvaluatedLikeTheServer() {
    String seg = "33333333-3333-4333-8333-333333333333";
    ObjectNode segment = TestData.segment(seg, new String[] {"u"}, new String[0]);
    segment.put("isArchived", true);
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", cond("User is in segment", null, "[\"" + seg + "\"]")));
    try (FBClient c = Clients.offline(TestData.dataSync("full", TestData.flags(flag), segment))) {
      assertThat(c.stringVariation("f", FBUser.builder("u").build(), "x")).isEqualTo("hit");
    }
  }

  @Test
  void eval20_whiteSpaceDispatchKeyUsesTheUserKeyAndMissingAttributeSharesOneBucket() {
    for (String dk : new String[] {" ", "\t", "\u00a0", ""}) {
      ObjectNode flag = rolloutFlag(dk);
      try (FBClient c = Clients.offline(TestData.full(flag))) {
        // "r" + "user-b" lands in [0.5,1] and "r" + "user-a" in [0,0.5] (checked below through the bucket)
        assertThat(c.stringVariation("r", FBUser.builder("user-a").build(), "x"))
            .isEqualTo(dev.featbit.sdk.internal.eval.Dispatch.bucket("ruser-a") <= 0.5 ? "low" : "high");
        assertThat(c.stringVariation("r", FBUser.builder("user-b").build(), "x"))
            .isEqualTo(dev.featbit.sdk.internal.eval.Dispatch.bucket("ruser-b") <= 0.5 ? "low" : "high");
      }
    }
    ObjectNode byTenant = rolloutFlag("tenant");
    try (FBClient c = Clients.offline(TestData.full(byTenant))) {
      String expected = dev.featbit.sdk.internal.eval.Dispatch.bucket("r") <= 0.5 ? "low" : "high";
      for (int i = 0; i < 20; i++) {
        assertThat(c.stringVariation("r", FBUser.builder("user-" + i).build(), "x")).isEqualTo(expected);
      }
    }
  }

  static ObjectNode rolloutFlag(String dispatchKey) {
    ObjectNode flag = TestData.flag("r", new String[] {"low", "high"}, new String[] {"low", "high"});
    ObjectNode ft = (ObjectNode) flag.get("fallthrough");
    ft.put("dispatchKey", dispatchKey);
    ft.putArray("variations");
    ((com.fasterxml.jackson.databind.node.ArrayNode) ft.get("variations")).addObject().put("id", "low")
        .put("exptRollout", 0).set("rollout", TestData.M.createArrayNode().add(0).add(0.5));
    ((com.fasterxml.jackson.databind.node.ArrayNode) ft.get("variations")).addObject().put("id", "high")
        .put("exptRollout", 0).set("rollout", TestData.M.createArrayNode().add(0.5).add(1));
    return flag;
  }
}
