package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.cond;
import static dev.featbit.sdk.testing.TestData.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import org.junit.jupiter.api.Test;

/**
 * A lone surrogate escape in a JSON string of flag data: .NET's JSON reader refuses to read the string, so the
 * evaluation fails where the server reads it (the condition's value when the rule is reached; an
 * {@code IsOneOf} list only when the user has the attribute, as the server parses the list then), and only
 * that flag is affected. Each test evaluates such data, which the evaluator logs as a malformed flag.
 */
@AllowLogs("featbit.eval")
class LoneSurrogateTest {
  private static final String MARK = "LONESURROGATEMARK";

  /** Evaluates flag "f" for the user after replacing the marker in the document's text by {@code escape}. */
  private static String eval(ObjectNode condition, String escape, FBUser user) {
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", condition));
    String json = TestData.full(flag, TestData.boolFlag("other")).replace(MARK, escape);
    try (FBClient c = Clients.offline(json)) {
      assertThat(c.boolVariation("other", user, false)).isTrue(); // other flags unaffected
      EvalDetail<String> d = c.stringVariationDetail("f", user, "ERROR");
      return d.reason() == ReasonKind.ERROR ? "ERROR" : d.value();
    }
  }

  private static FBUser user(String country) {
    FBUser.Builder b = FBUser.builder("u-1");
    if (country != null) {
      b.custom("country", country);
    }
    return b.build();
  }

  @Test
  void aLoneSurrogateInAnIsOneOfListFailsTheEvaluationsThatReadTheList() {
    ObjectNode c = cond("country", "IsOneOf", "[\"fr\",\"" + MARK + "\"]");
    // inside the list's own JSON text the escape is \ud800: in the document's text, \\ud800
    assertThat(eval(c, "\\\\ud800", user("fr"))).isEqualTo("ERROR");
    assertThat(eval(c, "\\\\udc00", user("de"))).isEqualTo("ERROR");
    // a missing custom attribute reads "": the list is parsed
    assertThat(eval(c, "\\\\ud800", user(null))).isEqualTo("ERROR");
    // a user without a name has no value for "name": the server never parses the list
    ObjectNode byName = cond("name", "IsOneOf", "[\"fr\",\"" + MARK + "\"]");
    assertThat(eval(byName, "\\\\ud800", user(null))).isEqualTo("miss");
    // a pair is a character, not a defect
    assertThat(eval(c, "\\\\ud83d\\\\ude00", user("fr"))).isEqualTo("hit");
    assertThat(eval(c, "\\\\ud83d\\\\ude00", user("\ud83d\ude00"))).isEqualTo("hit");
  }

  @Test
  void aLoneSurrogateInAConditionValueFailsTheRuleWhereverTheUserValueIs() {
    ObjectNode c = cond("country", "Equal", "x" + MARK);
    assertThat(eval(c, "\\ud800", user("fr"))).isEqualTo("ERROR");
    // the server reads the value before the user's: a failure with or without a value
    assertThat(eval(cond("name", "Equal", "x" + MARK), "\\ud800", user(null))).isEqualTo("ERROR");
    assertThat(eval(c, "\\ud83d\\ude00", user("x\ud83d\ude00"))).isEqualTo("hit");
  }

  @Test
  void aLoneSurrogateInAVariationValueFailsTheFlag() {
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit" + MARK});
    String json = TestData.full(flag, TestData.boolFlag("other")).replace(MARK, "\\udfff");
    try (FBClient c = Clients.offline(json)) {
      assertThat(c.stringVariationDetail("f", user("fr"), "d").reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(c.boolVariation("other", user("fr"), false)).isTrue();
    }
  }
}
