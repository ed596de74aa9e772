package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code featbit demo} runs the whole product on loopback and ends by itself with exit code 0. */
class DemoCommandTest {
  @Test
  void demoShowsEvaluationsALiveChangeMetricsAndInsights() {
    Console c = Console.run("demo");
    assertThat(c.code).as(c.err.text()).isZero();
    String out = c.out.text();
    assertThat(out)
        .contains("1. Started a FeatBit-compatible evaluation server (the test kit) at ws://127.0.0.1:")
        .containsPattern("2\\. Connected an FBClient over WebSocket: ready in \\d+ ms \\(READY\\)")
        .containsPattern("alice +homepage-config +\\{\"banner\":\"Willkommen!\",\"maxItems\":20,\"theme\":\"dark\"\\} "
            + "+RULE_MATCH +match rule German-speaking countries")
        .containsPattern("carol +pricing-page +control +TARGET_MATCH")
        .containsPattern("carol +api-rate-limit +1000 +RULE_MATCH +match rule Enterprise plan")
        .containsPattern("bob +beta-dashboard +true +RULE_MATCH +match rule Beta testers")
        .containsPattern("listener: payments-enabled for alice changed true -> false \\(OFF\\), [0-9.]+ ms after")
        .contains("boolVariation(\"payments-enabled\", alice, true) now returns false")
        .containsPattern("6\\. flushAndWait: delivered\\. Events accepted (\\d+), sent \\1, dropped 0, failed 0")
        .containsPattern("carol +metric checkout-completed = 120.0")
        .contains("Demo finished in");
    // every evaluation and metric of the demo reached the server: 24 + 1 + 4 evaluations, 6 metrics
    assertThat(out).contains("Events accepted 35, sent 35");
  }
}
