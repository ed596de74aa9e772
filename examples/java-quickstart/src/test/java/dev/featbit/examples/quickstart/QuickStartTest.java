package dev.featbit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick start end to end against a FeatBit-compatible server on loopback (the test kit, as
 * {@code featbit serve} runs it) with the CLI's demo flags.
 */
class QuickStartTest {
  static String demoFlags() throws Exception {
    try (InputStream in = QuickStartTest.class.getResourceAsStream("/dev/featbit/cli/demo-flags.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void quickStartEvaluatesTracksAndDelivers() throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(demoFlags());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      boolean ok = QuickStart.run(server.secret(), server.streamingUrl(), server.httpUrl(),
          new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String out = bytes.toString(StandardCharsets.UTF_8);
      assertThat(ok).as(out).isTrue();
      assertThat(out)
          .contains("payments-enabled = true")
          .contains("pricing-page     = discount-banner")
          .contains("api-rate-limit   = 100")
          .contains("homepage-config  = {\"banner\":\"Welcome!\",\"maxItems\":10,\"theme\":\"light\"}")
          .containsPattern("beta-dashboard   = true \\(variation \\S+, RULE_MATCH: match rule Beta testers\\)")
          .contains("all flags        = ")
          .contains("events delivered = true");

      // what the server received: 5 evaluations (not the bulk call) and the metric, for bob
      List<String> received = new ArrayList<>();
      for (RecordedRequest r : server.insightRequests()) {
        for (JsonNode item : r.json()) {
          assertThat(item.get("user").get("keyId").asText()).isEqualTo("bob");
          item.path("variations").forEach(v -> received.add(v.get("featureFlagKey").asText()));
          item.path("metrics").forEach(m -> received.add(m.get("eventName").asText() + "="
              + m.get("numericValue").asDouble()));
        }
      }
      assertThat(received).containsExactlyInAnyOrder("payments-enabled", "pricing-page", "api-rate-limit",
          "homepage-config", "beta-dashboard", "checkout-completed=49.9");
    }
  }

  @Test
  void withoutAServerTheQuickStartFallsBackAndReportsIt() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // connections are refused: the client retries in the background and the start wait (5 s) runs out
    boolean ok = QuickStart.run(dev.featbit.testkit.Secrets.newSecret(), "ws://127.0.0.1:" + port,
        "http://127.0.0.1:" + port, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(ok).isFalse();
    assertThat(out).contains("FeatBit is not ready yet").contains("payments-enabled = false")
        .contains("api-rate-limit   = 60");
  }
}
