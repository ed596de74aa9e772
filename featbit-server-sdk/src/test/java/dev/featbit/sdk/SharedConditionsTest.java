package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.cond;
import static dev.featbit.sdk.testing.TestData.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import org.junit.jupiter.api.Test;

/**
 * The compiler shares one condition object between flags whose conditions are equal (operator, property and
 * value) within a commit. Conditions differing in any one of those must still answer for themselves, and a
 * condition with an unusable value keeps its own flag's defect (EVAL-8, EVAL-14, D-9).
 */
class SharedConditionsTest {

  private static ObjectNode flag(String key, ObjectNode condition) {
    ObjectNode f = TestData.flag(key, new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    f.putArray("rules").add(rule("r", "hit", condition));
    return f;
  }

  @Test
  @AllowLogs("featbit.eval")
  void conditionsDifferingInOnePartAreNotConfused() {
    JsonNode[] flags = {
        flag("one-of", cond("country", "IsOneOf", "[\"nl\",\"de\"]")),
        flag("one-of-again", cond("country", "IsOneOf", "[\"nl\",\"de\"]")),
        flag("not-one-of", cond("country", "NotOneOf", "[\"nl\",\"de\"]")),
        flag("other-property", cond("region", "IsOneOf", "[\"nl\",\"de\"]")),
        flag("other-value", cond("country", "IsOneOf", "[\"fr\"]")),
        flag("null-value", cond("country", "IsOneOf", null)),
        flag("broken-a", cond("country", "IsOneOf", "[1]")),
        flag("broken-b", cond("country", "IsOneOf", "[1]")),
    };
    FBUser nl = FBUser.builder("u").custom("country", "nl").build();
    try (FBClient c = Clients.offline(TestData.full(flags))) {
      assertThat(c.stringVariation("one-of", nl, "x")).isEqualTo("hit");
      assertThat(c.stringVariation("one-of-again", nl, "x")).isEqualTo("hit");
      assertThat(c.stringVariation("not-one-of", nl, "x")).isEqualTo("miss");
      assertThat(c.stringVariation("other-property", nl, "x")).isEqualTo("miss");
      assertThat(c.stringVariation("other-value", nl, "x")).isEqualTo("miss");
      assertThat(c.stringVariation("null-value", nl, "x")).isEqualTo("miss");
      EvalDetail<String> a = c.stringVariationDetail("broken-a", nl, "x");
      EvalDetail<String> b = c.stringVariationDetail("broken-b", nl, "x");
      assertThat(a.reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(b.reason()).isEqualTo(ReasonKind.ERROR);
      // each defect names its own flag: defective conditions are not shared
      assertThat(a.reasonText()).contains("flag broken-a rule 0").doesNotContain("broken-b");
      assertThat(b.reasonText()).contains("flag broken-b rule 0").doesNotContain("broken-a");
    }
  }

  /**
   * Flag keys and attribute names are interned when data arrives so that literal keys match by identity; keys
   * and attribute names built at run time (not interned) must give the same answers.
   */
  @Test
  void keysAndAttributeNamesThatAreNotLiteralsWorkTheSame() {
    String flagKey = new String(new char[] {'o', 'n', 'e', '-', 'o', 'f'});
    String attribute = new StringBuilder("coun").append("try").toString();
    assertThat(flagKey).isNotSameAs("one-of");
    assertThat(attribute).isNotSameAs("country");
    JsonNode[] flags = {flag("one-of", cond("country", "IsOneOf", "[\"nl\",\"de\"]"))};
    try (FBClient c = Clients.offline(TestData.full(flags))) {
      FBUser literal = FBUser.builder("u").custom("country", "nl").build();
      FBUser built = FBUser.builder("u").custom(attribute, new String("nl".toCharArray())).build();
      for (FBUser u : new FBUser[] {literal, built}) {
        assertThat(c.stringVariation("one-of", u, "x")).isEqualTo("hit");
        assertThat(c.stringVariation(flagKey, u, "x")).isEqualTo("hit");
        assertThat(c.isFlagKnown(flagKey)).isTrue();
      }
    }
  }
}
