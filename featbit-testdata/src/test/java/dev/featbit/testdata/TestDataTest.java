package dev.featbit.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.testsupport.AllowLogs;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testkit.TestSegment;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Flags defined in code reach clients through the normal commit path, with no server, socket or thread. */
class TestDataTest {
  static FBUser user(String key, String... attributes) {
    FBUser.Builder b = FBUser.builder(key);
    for (int i = 0; i < attributes.length; i += 2) {
      b.custom(attributes[i], attributes[i + 1]);
    }
    return b.build();
  }

  @Test
  void everyVariationTypeTargetsAndOnOff() {
    TestData td = TestData.dataSource()
        .update(TestFlag.bool("b").serve(false).targets(true, "qa-1", "qa-2"))
        .update(TestFlag.strings("s", "light", "dark").serve("dark"))
        .update(TestFlag.number("n", "10", "20.5").serve("20.5"))
        .update(TestFlag.json("j", "{\"a\":1}", "{}"))
        .update(TestFlag.bool("off").on(false));
    try (FBClient client = new FBClient(td.configBuilder().build())) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(DataUpdateStatus.State.READY);
      assertThat(client.boolVariation("b", user("qa-2"), false)).isTrue();
      assertThat(client.boolVariationDetail("b", user("qa-2"), false).reason()).isEqualTo(ReasonKind.TARGET_MATCH);
      assertThat(client.boolVariation("b", user("u"), true)).isFalse();
      assertThat(client.stringVariation("s", user("u"), "x")).isEqualTo("dark");
      assertThat(client.doubleVariation("n", user("u"), 0)).isEqualTo(20.5);
      Object j = client.jsonValueVariation("j", user("u"), null);
      assertThat(j).isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) j).get("a")).isEqualTo(1);
      EvalDetail<Boolean> off = client.boolVariationDetail("off", user("u"), true);
      assertThat(off.value()).isFalse();
      assertThat(off.reason()).isEqualTo(ReasonKind.OFF);
    }
  }

  @Test
  void rulesWithEveryOperator() {
    // operator, property, rule value, a user value that matches, one that does not
    String[][] cases = {
        {"Equal", "plan", "beta", "beta", "free"},
        {"NotEqual", "plan", "beta", "free", "beta"},
        {"LessThan", "age", "18", "17", "18"},
        {"BiggerThan", "age", "18", "19", "18"},
        {"LessEqualThan", "age", "18", "18", "19"},
        {"BiggerEqualThan", "age", "18", "18", "17"},
        {"Contains", "email", "@example", "a@example.com", "a@other.com"},
        {"NotContain", "email", "@example", "a@other.com", "a@example.com"},
        {"StartsWith", "email", "admin", "admin@x.com", "user@x.com"},
        {"EndsWith", "email", ".com", "a@x.com", "a@x.org"},
        {"IsOneOf", "country", "[\"nl\",\"de\"]", "nl", "fr"},
        {"NotOneOf", "country", "[\"nl\",\"de\"]", "fr", "nl"},
        {"MatchRegex", "code", "^\\d{3}$", "123", "12a"},
        {"NotMatchRegex", "code", "^\\d{3}$", "12a", "123"},
        {"IsTrue", "beta", "", "true", "false"},
        {"IsFalse", "beta", "", "false", "true"}};
    TestData td = TestData.dataSource();
    for (String[] c : cases) {
      td.update(TestFlag.bool("op-" + c[0]).serve(false)
          .rule(c[0] + " rule", true, TestFlag.condition(c[1], c[0], c[2])));
    }
    try (FBClient client = new FBClient(td.configBuilder().build())) {
      for (String[] c : cases) {
        EvalDetail<Boolean> yes = client.boolVariationDetail("op-" + c[0], user("u", c[1], c[3]), false);
        assertThat(yes.value()).as(c[0] + " matches " + c[3]).isTrue();
        assertThat(yes.reason()).isEqualTo(ReasonKind.RULE_MATCH);
        assertThat(client.boolVariation("op-" + c[0], user("u", c[1], c[4]), true)).as(c[0] + " vs " + c[4])
            .isFalse();
      }
    }
  }

  @Test
  @AllowLogs("featbit.eval")   // a flag whose segment was deleted is malformed, and says so
  void segmentsAndSegmentChangesReachTheFlagsThatUseThem() throws Exception {
    TestData td = TestData.dataSource()
        .update(TestSegment.of("beta-seg").included("u-in").excluded("u-out")
            .rule("enterprise", TestFlag.condition("plan", "Equal", "enterprise")))
        .update(TestFlag.bool("beta").serve(false).rule("in beta", true, TestFlag.inSegment("beta-seg")))
        .update(TestFlag.bool("not-beta").serve(false).rule("outside", true, TestFlag.notInSegment("beta-seg")));
    try (FBClient client = new FBClient(td.configBuilder().build())) {
      assertThat(client.boolVariation("beta", user("u-in"), false)).isTrue();
      assertThat(client.boolVariation("beta", user("u-out", "plan", "enterprise"), true)).isFalse();
      assertThat(client.boolVariation("beta", user("u-x", "plan", "enterprise"), false)).isTrue();
      assertThat(client.boolVariation("beta", user("u-y", "plan", "free"), true)).isFalse();
      assertThat(client.boolVariation("not-beta", user("u-y", "plan", "free"), false)).isTrue();
      assertThat(client.boolVariation("not-beta", user("u-in"), true)).isFalse();

      BlockingQueue<Set<String>> changed = new LinkedBlockingQueue<>();
      client.flagTracker().addFlagChangeListener(e -> changed.add(e.flagKeys()));
      td.update(TestSegment.of("beta-seg").included("u-y"));
      assertThat(client.boolVariation("beta", user("u-y", "plan", "free"), false)).isTrue(); // at once
      assertThat(changed.poll(10, TimeUnit.SECONDS)).containsExactlyInAnyOrder("beta", "not-beta");
      changed.clear();
      td.deleteSegment("beta-seg");
      assertThat(client.boolVariationDetail("beta", user("u-y"), false).reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(changed.poll(10, TimeUnit.SECONDS)).contains("beta");
      assertThatThrownBy(() -> td.deleteSegment("beta-seg")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rolloutsSplitUsersAndAreStablePerUser() {
    TestData td = TestData.dataSource()
        .update(TestFlag.strings("theme", "a", "b").rollout(0.5, 0.5))
        .update(TestFlag.strings("tier", "x", "y").serve("x")
            .ruleRollout("paying", new double[] {0.2, 0.8}, TestFlag.condition("plan", "Equal", "paid")));
    try (FBClient client = new FBClient(td.configBuilder().build())) {
      int a = 0;
      int y = 0;
      int n = 2000;
      for (int i = 0; i < n; i++) {
        FBUser u = user("user-" + i, "plan", "paid");
        String theme = client.stringVariation("theme", u, "?");
        assertThat(theme).isIn("a", "b").isEqualTo(client.stringVariation("theme", u, "?"));
        a += theme.equals("a") ? 1 : 0;
        y += client.stringVariation("tier", u, "?").equals("y") ? 1 : 0;
      }
      assertThat(a).isBetween(n * 40 / 100, n * 60 / 100);
      assertThat(y).isBetween(n * 70 / 100, n * 90 / 100);
      assertThat(client.stringVariation("tier", user("free-user", "plan", "free"), "?")).isEqualTo("x");
    }
  }

  @Test
  void changesAreSeenAtOnceListenersFireAndSeveralClientsShareOneSource() throws Exception {
    TestData td = TestData.dataSource().update(TestFlag.bool("f").serve(false));
    try (FBClient one = new FBClient(td.configBuilder().build());
         FBClient two = new FBClient(td.configBuilder().build())) {
      FBUser u = user("u");
      BlockingQueue<String> values = new LinkedBlockingQueue<>();
      one.flagTracker().addFlagValueChangeListener("f", u, e -> values.add(e.newValue().value()));
      td.update(TestFlag.bool("f").serve(true));
      assertThat(one.boolVariation("f", u, false)).isTrue();
      assertThat(two.boolVariation("f", u, false)).isTrue();
      assertThat(values.poll(10, TimeUnit.SECONDS)).isEqualTo("true");
      td.update(TestFlag.bool("g").serve(true)); // a new flag
      assertThat(two.boolVariation("g", u, false)).isTrue();
      td.delete("f");
      assertThat(one.isFlagKnown("f")).isFalse();
      assertThat(one.boolVariationDetail("f", u, true).reason()).isEqualTo(ReasonKind.ERROR);
      assertThatThrownBy(() -> td.delete("f")).isInstanceOf(IllegalArgumentException.class);
      td.update(TestFlag.bool("f").serve(false)); // back again
      assertThat(two.isFlagKnown("f")).isTrue();
    }
    // a client closed: the source no longer feeds it, and other clients still start from everything defined
    try (FBClient three = new FBClient(td.configBuilder().build())) {
      assertThat(three.boolVariation("g", user("u"), false)).isTrue();
    }
  }

  /** One flag-building API: the same TestFlag and TestSegment objects feed the test kit's server and TestData. */
  @Test
  void theSameBuildersFeedTheTestKitServerWithTheSameResults() throws Exception {
    TestSegment segment = TestSegment.of("vip").included("u-1").rule("paid", TestFlag.condition("plan", "Equal", "paid"));
    TestFlag flag = TestFlag.strings("banner", "none", "gold").serve("none").rule("vip", "gold",
        TestFlag.inSegment("vip"));
    FBUser[] users = {user("u-1"), user("u-2", "plan", "paid"), user("u-3", "plan", "free")};
    try (dev.featbit.testkit.FeatBitTestServer server = dev.featbit.testkit.FeatBitTestServer.start()) {
      server.load(flag);
      server.upsertSegment(segment);
      TestData td = TestData.dataSource().update(segment).update(flag);
      try (FBClient viaServer = new FBClient(dev.featbit.sdk.FBConfig.builder(server.secret())
          .streamingUrl(server.streamingUrl()).disableEvents().build());
           FBClient viaTestData = new FBClient(td.configBuilder().build())) {
        assertThat(viaServer.isInitialized()).isTrue();
        for (FBUser u : users) {
          assertThat(viaTestData.stringVariation("banner", u, "?")).as(u.key())
              .isEqualTo(viaServer.stringVariation("banner", u, "?"));
        }
        assertThat(viaTestData.stringVariation("banner", users[1], "?")).isEqualTo("gold");
        assertThat(viaTestData.stringVariation("banner", users[2], "?")).isEqualTo("none");
      }
    }
  }

  /** The example of docs/durability.md, verbatim (DurabilityDocTest checks it), run. */
  @Test
  void theDocumentationExampleRuns() {
    TestData flags = TestData.dataSource()
        .update(TestFlag.bool("new-checkout").serve(false).targets(true, "qa-1"))
        .update(TestSegment.of("beta").included("u-7").rule("paid", TestFlag.condition("plan", "Equal", "paid")))
        .update(TestFlag.strings("theme", "light", "dark").rule("beta", "dark", TestFlag.inSegment("beta")))
        .update(TestFlag.number("max-upload", "10", "100").rollout(0.9, 0.1));
    FBClient client = new FBClient(flags.configBuilder().build());   // customDataSource(flags), no events
    flags.update(TestFlag.bool("new-checkout").on(false));          // every client of this source sees it at once
    flags.delete("theme");                                           // then "flag not found"
    assertThat(client.intVariation("max-upload", user("u-1"), 0)).isIn(10, 100);
    assertThat(client.boolVariation("new-checkout", user("qa-1"), true)).isFalse();
    assertThat(client.isFlagKnown("theme")).isFalse();
    client.close();
  }

  @Test
  void noServerNoSocketNoThreadOfItsOwn() {
    Set<String> before = featbitThreads();
    TestData td = TestData.dataSource().update(TestFlag.bool("f"));
    try (FBClient client = new FBClient(td.configBuilder().build())) {
      td.update(TestFlag.bool("f").serve(false));
      assertThat(client.boolVariation("f", user("u"), true)).isFalse();
      Set<String> started = featbitThreads();
      started.removeAll(before);
      // only the client's own scheduler and listener threads: no HTTP, no events, nothing for the source
      assertThat(started.stream().map(n -> n.replaceAll("-\\d+$", "")).collect(Collectors.toSet()))
          .isSubsetOf("featbit-tasks", "featbit-listeners");
    }
  }

  static Set<String> featbitThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("featbit-")).collect(Collectors.toSet());
  }
}
