package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.cond;
import static dev.featbit.sdk.testing.TestData.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.EvalDetail.ErrorKind;
import dev.featbit.sdk.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * EVAL-14, D-5: a flag whose rule uses a .NET construct the translation onto {@code java.util.regex} cannot
 * express (a conditional, a balancing group, an unbounded look-behind) serves what the server serves, and a
 * catastrophic one ends with {@code REGEX_BUDGET_EXCEEDED}.
 */
class DotNetMatcherEvaluationTest {

  static EvalDetail<String> detail(String op, String pattern, String value) {
    ObjectNode flag = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    flag.putArray("rules").add(rule("r", "hit", cond("s", op, pattern)));
    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(TestData.full(flag)).build();
    try (FBClient c = new FBClient(config)) {
      return c.stringVariationDetail("f", FBUser.builder("u-1").custom("s", value).build(), "ERROR");
    }
  }

  static String check(String op, String pattern, String value) {
    EvalDetail<String> d = detail(op, pattern, value);
    return d.reason() == ReasonKind.ERROR ? "ERROR" : d.value();
  }

  @Test
  void conditionalsBalancingGroupsAndLookBehindsServeTheRule() {
    String tag = "^(?<open><)?\\w+(?(open)>)$";
    assertThat(check("MatchRegex", tag, "<beta>")).isEqualTo("hit");
    assertThat(check("MatchRegex", tag, "beta")).isEqualTo("hit");
    assertThat(check("MatchRegex", tag, "<beta")).isEqualTo("miss");
    assertThat(check("NotMatchRegex", tag, "<beta")).isEqualTo("hit");
    String balanced = "^(?:[^()]|(?<o>\\()|(?<-o>\\)))*(?(o)(?!))$";
    assertThat(check("MatchRegex", balanced, "f(g(x))")).isEqualTo("hit");
    assertThat(check("MatchRegex", balanced, "f(g(x)")).isEqualTo("miss");
    assertThat(check("MatchRegex", "(?<=@\\w+)\\.example$", "ada@corp.example")).isEqualTo("hit");
    assertThat(check("MatchRegex", "(?<=@\\w+)\\.example$", "corp.example")).isEqualTo("miss");
  }

  @Test
  void aCatastrophicConditionalEndsWithTheBudgetError() {
    EvalDetail<String> d = detail("MatchRegex", "^(?<x>a+)+(?(x)b|c)$", "a".repeat(30) + "!");
    assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
    assertThat(d.errorKind()).isEqualTo(ErrorKind.REGEX_BUDGET_EXCEEDED);
  }
}
