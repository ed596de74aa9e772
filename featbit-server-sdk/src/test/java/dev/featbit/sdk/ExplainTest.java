package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.eval.Served;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diagnostic path behind {@code featbit eval --explain} ({@link CompiledFlag#explain}) must reach the same
 * result as the evaluation path, step for step, for every spec vector (EVAL-1..EVAL-25 inputs), and say which
 * target, rule or condition decided.
 */
class ExplainTest {

  @Test
  void explainReachesTheSameResultAsEvaluateForEveryVector() {
    String full = TestData.resource("spec/examples/data-sync-full.json");
    DataStore store = Clients.store(full);
    Snapshot s = store.snapshot();
    int compared = 0;
    for (JsonNode u : SpecVectorsTest.EVALUATION.get("users")) {
      FBUser user = SpecVectorsTest.user(u);
      for (CompiledFlag f : s.activeFlags()) {
        Object expected;
        try {
          expected = f.evaluate(user, s.segmentTable());
        } catch (Defect d) {
          expected = d;
        }
        List<String> trace = new ArrayList<>();
        Object actual;
        try {
          actual = f.explain(user, s.segmentTable(), trace);
        } catch (Defect d) {
          actual = d;
        }
        assertThat(actual).as(f.key + " / " + user.key()).isSameAs(expected);
        assertThat(trace).as(f.key + " / " + user.key()).isNotEmpty();
        assertThat(trace.get(trace.size() - 1)).startsWith("=> ");
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(50);
  }

  @Test
  void explainsWhichConditionFailedAndWhichRuleServed() {
    ObjectNode flag = TestData.flag("pricing", new String[] {"a", "b"}, new String[] {"basic", "premium"});
    flag.withArray("rules").add(TestData.rule("Germany", "a", TestData.cond("country", "Equal", "de")));
    flag.withArray("rules").add(TestData.rule("Big plans", "b", TestData.cond("seats", "BiggerThan", "10"),
        TestData.cond("name", "IsOneOf", "[\"Dan\"]")));
    DataStore store = Clients.store(TestData.full(flag));
    Snapshot s = store.snapshot();
    FBUser dan = FBUser.builder("u1").name("Dan").custom("country", "us").custom("seats", 20).build();
    List<String> trace = new ArrayList<>();
    Served served = s.flag("pricing").explain(dan, s.segmentTable(), trace);
    assertThat(served.variation.id).isEqualTo("b");
    assertThat(trace).containsSubsequence(
        "rule 0 \"Germany\":",
        "  country Equal \"de\" (user value: \"us\") -> false",
        "  not matched",
        "rule 1 \"Big plans\":",
        "  seats BiggerThan \"10\" (user value: \"20\") -> true",
        "  name IsOneOf \"[\\\"Dan\\\"]\" (user value: \"Dan\") -> true",
        "  all conditions match");
    assertThat(trace.get(trace.size() - 1)).isEqualTo("=> RULE_MATCH (match rule Big plans): variation b = premium");
  }

  @Test
  void explainsSegmentsAndErrors() {
    ObjectNode flag = TestData.flag("beta", new String[] {"on", "off"}, new String[] {"true", "false"});
    flag.withArray("rules").add(TestData.rule("Beta testers", "on",
        TestData.cond("User is in segment", "", "[\"seg-1\"]")));
    flag.withArray("rules").add(TestData.rule("Broken", "on",
        TestData.cond("User is in segment", "", "[\"seg-missing\"]")));
    ObjectNode seg = TestData.segment("seg-1", new String[] {"alice"}, new String[] {"bob"});
    DataStore store = Clients.store(TestData.dataSync("full", TestData.flags(flag), seg));
    Snapshot s = store.snapshot();

    List<String> trace = new ArrayList<>();
    s.flag("beta").explain(FBUser.builder("alice").build(), s.segmentTable(), trace);
    assertThat(trace).contains("    segment seg-1: user key is included -> in segment");

    List<String> bob = new ArrayList<>();
    assertThatThrownBy(() -> s.flag("beta").explain(FBUser.builder("bob").build(), s.segmentTable(), bob))
        .isInstanceOf(Defect.class);
    assertThat(bob).contains("    segment seg-1: user key is excluded -> not in segment");
    assertThat(bob.get(bob.size() - 1)).startsWith("=> ERROR: ").contains("seg-missing");
  }
}
