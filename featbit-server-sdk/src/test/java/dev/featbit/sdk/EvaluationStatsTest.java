package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.sdk.testing.Together;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FBConfig.Builder#evaluationMetrics(boolean)} and {@link FBClient#evaluationStats()}. */
class EvaluationStatsTest {
  static final FBUser U = FBUser.builder("u").build();
  static final FBUser VIP = FBUser.builder("vip").build();
  static final FBUser BETA = FBUser.builder("b").custom("plan", "beta").build();

  static String data() {
    ObjectNode flag = TestData.boolFlag("flag");
    flag.putArray("targetUsers").addObject().put("variationId", "v-false").putArray("keyIds").add("vip");
    flag.putArray("rules").add(TestData.rule("beta", "v-false", TestData.cond("plan", "Equal", "beta")));
    ObjectNode off = TestData.boolFlag("off");
    off.put("isEnabled", false);
    ObjectNode text = TestData.flag("text", new String[] {"t"}, new String[] {"hello"});
    ObjectNode json = TestData.flag("json", new String[] {"j"}, new String[] {"{\"a\":1}"});
    return TestData.full(flag, off, text, json);
  }

  static FBClient offline(boolean metrics) {
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(data()).evaluationMetrics(metrics).build());
  }

  static Map<ReasonKind, Long> counts(Object... kindThenCount) {
    Map<ReasonKind, Long> m = new EnumMap<>(ReasonKind.class);
    for (ReasonKind k : ReasonKind.values()) {
      m.put(k, 0L);
    }
    for (int i = 0; i < kindThenCount.length; i += 2) {
      m.put((ReasonKind) kindThenCount[i], ((Number) kindThenCount[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void offByDefaultAndNothingIsCounted() {
    assertThat(FBConfig.builder(null).offline(true).build().isEvaluationMetricsEnabled()).isFalse();
    try (FBClient c = offline(false)) {
      assertThat(c.boolVariation("flag", U, false)).isTrue();
      assertThat(c.boolVariation("missing", U, false)).isFalse();
      EvaluationStats s = c.evaluationStats();
      assertThat(s.isEnabled()).isFalse();
      assertThat(s.total()).isZero();
      assertThat(s.asMap()).isEqualTo(counts());
    }
  }

  @Test
  void eachTypedCallCountsOnceUnderTheReasonTheCallerGets() {
    try (FBClient c = offline(true)) {
      assertThat(c.evaluationStats().isEnabled()).isTrue();
      assertThat(c.evaluationStats().total()).isZero();
      assertThat(c.boolVariation("flag", U, false)).isTrue();                                  // FALLTHROUGH
      assertThat(c.boolVariationDetail("flag", VIP, true).reason()).isEqualTo(ReasonKind.TARGET_MATCH);
      assertThat(c.stringVariation("flag", BETA, "x")).isEqualTo("false");                    // RULE_MATCH
      assertThat(c.boolVariation("off", U, true)).isFalse();                                  // OFF
      assertThat(c.intVariationDetail("text", U, 0).reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      assertThat(c.doubleVariation("text", U, 1.5)).isEqualTo(1.5);                           // WRONG_TYPE
      assertThat(c.jsonValueVariation("json", U, null)).isEqualTo(Map.of("a", 1));            // FALLTHROUGH
      assertThat(c.jsonVariation("text", U, "{}")).isEqualTo("{}");                           // WRONG_TYPE
      assertThat(c.longVariation("missing", U, 3L)).isEqualTo(3L);                            // ERROR
      assertThat(c.boolVariation("flag", null, false)).isFalse();                             // ERROR
      c.getAllLatestFlagVariations(U);                                                        // not counted
      EvaluationStats s = c.evaluationStats();
      assertThat(s.asMap()).isEqualTo(counts(ReasonKind.FALLTHROUGH, 2, ReasonKind.TARGET_MATCH, 1,
          ReasonKind.RULE_MATCH, 1, ReasonKind.OFF, 1, ReasonKind.WRONG_TYPE, 3, ReasonKind.ERROR, 2));
      assertThat(s.total()).isEqualTo(10);
      assertThat(s.count(ReasonKind.CLIENT_NOT_READY)).isZero();
      assertThat(s.toString()).contains("WRONG_TYPE=3");
    }
  }

  @Test
  void fallbacksAreCountedByTheirErrorKind() {
    FBConfig config = FBConfig.builder(null).offline(true).evaluationMetrics(true)
        .bootstrap(dev.featbit.sdk.testing.TestData.full(dev.featbit.sdk.testing.TestData.boolFlag("on"))).build();
    try (FBClient client = new FBClient(config)) {
      FBUser u = FBUser.builder("u").build();
      client.boolVariation("on", u, false);
      client.boolVariation("missing", u, false);
      client.stringVariationDetail("missing", u, "x");
      client.intVariation("on", u, 0);
      client.boolVariation("on", null, false);
      EvaluationStats s = client.evaluationStats();
      assertThat(s.count(EvalDetail.ErrorKind.NONE)).isEqualTo(1);
      assertThat(s.count(EvalDetail.ErrorKind.FLAG_NOT_FOUND)).isEqualTo(2);
      assertThat(s.count(EvalDetail.ErrorKind.WRONG_TYPE)).isEqualTo(1);
      assertThat(s.count(EvalDetail.ErrorKind.USER_NOT_SPECIFIED)).isEqualTo(1);
      assertThat(s.count(ReasonKind.ERROR)).isEqualTo(3);
      assertThat(s.total()).isEqualTo(5);
    }
  }

  @Test
  void clientNotReadyIsCounted() {
    FBConfig config = FBConfig.builder(ClientApiTest.SECRET).streamingUrl("ws://127.0.0.1:1")
        .startWait(Duration.ZERO).evaluationMetrics(true).build();
    try (FBClient c = new FBClient(config)) {
      c.boolVariation("flag", U, false);
      c.stringVariationDetail("flag", U, "x");
      assertThat(c.evaluationStats().asMap()).isEqualTo(counts(ReasonKind.CLIENT_NOT_READY, 2));
    }
  }

  @Test
  void snapshotsAreImmutableAndCountsOnlyGrow() {
    try (FBClient c = offline(true)) {
      c.boolVariation("flag", U, false);
      EvaluationStats first = c.evaluationStats();
      c.boolVariation("flag", U, false);
      assertThat(first.count(ReasonKind.FALLTHROUGH)).isEqualTo(1);
      assertThat(c.evaluationStats().count(ReasonKind.FALLTHROUGH)).isEqualTo(2);
      assertThatThrownBy(() -> first.asMap().put(ReasonKind.OFF, 5L))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void concurrentEvaluationsAreAllCounted() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    try (FBClient c = offline(true)) {
      List<Thread> ts = Together.start(threads, t -> {
        for (int i = 0; i < perThread; i++) {
          c.boolVariation("flag", i % 2 == 0 ? U : VIP, false);
        }
      });
      for (Thread th : ts) {
        th.join(60_000);
        assertThat(th.isAlive()).isFalse();
      }
      EvaluationStats s = c.evaluationStats();
      assertThat(s.count(ReasonKind.FALLTHROUGH)).isEqualTo(threads * perThread / 2);
      assertThat(s.count(ReasonKind.TARGET_MATCH)).isEqualTo(threads * perThread / 2);
      assertThat(s.total()).isEqualTo(threads * perThread);
    }
  }

  @Test
  void configRoundTripsAndPublicConstructorValidates() {
    FBConfig on = FBConfig.builder(null).offline(true).evaluationMetrics(true).build();
    assertThat(on.toBuilder().build().isEvaluationMetricsEnabled()).isTrue();
    assertThat(on.toBuilder().evaluationMetrics(false).build().isEvaluationMetricsEnabled()).isFalse();

    EvaluationStats s = new EvaluationStats(true, Map.of(ReasonKind.OFF, 2L, ReasonKind.ERROR, 1L));
    assertThat(s.count(ReasonKind.OFF)).isEqualTo(2);
    assertThat(s.count(ReasonKind.FALLTHROUGH)).isZero();
    assertThat(s.total()).isEqualTo(3);
    assertThat(s).isEqualTo(new EvaluationStats(true, counts(ReasonKind.OFF, 2, ReasonKind.ERROR, 1)));
    assertThat(s).isNotEqualTo(new EvaluationStats(false, counts(ReasonKind.OFF, 2, ReasonKind.ERROR, 1)));
    assertThatThrownBy(() -> new EvaluationStats(true, Map.of(ReasonKind.OFF, -1L)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
