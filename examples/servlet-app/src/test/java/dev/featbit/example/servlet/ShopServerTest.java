package dev.featbit.example.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.AllowThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.Subscription;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The servlet shop in its embedded Tomcat against the test kit's FeatBit server on 127.0.0.1, driven over HTTP:
 * every endpoint, flags flipped on the server changing the answers, the conversion metrics arriving at the
 * server, the client closed with the application.
 */
@AllowThreads("the application, and the client in it, serve every test of the class")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopServerTest {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final TestFlag BETA_OFF = TestFlag.bool("beta-reports").serve(false).targets(true, "beta-tester");
  static final TestFlag MAINTENANCE_OFF = TestFlag.bool("maintenance-mode").serve(false);
  static final TestFlag UI_DARK = TestFlag.of("ui-config", "json", "{\"theme\":\"dark\",\"maxItems\":20}",
      "{\"theme\":\"light\",\"maxItems\":10}");

  final FeatBitTestServer server = FeatBitTestServer.start();
  ShopServer shop;

  @BeforeAll
  void start() throws Exception {
    server.load(BETA_OFF, TestFlag.bool("new-search-engine").rollout(0.5, 0.5),
        TestFlag.strings("pricing-experiment", "standard", "discount").rollout(0.5, 0.5), MAINTENANCE_OFF, UI_DARK);
    shop = ShopServer.start(0, Map.of("featbit.env-secret", server.secret(),
        "featbit.streaming-url", server.streamingUrl(), "featbit.events-url", server.httpUrl(),
        "featbit.start-wait", "10s", "featbit.flush-interval", "100ms"));
  }

  @AfterAll
  void stop() {
    shop.close();
    server.close();
  }

  HttpResponse<String> call(String method, String path, String userId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (userId != null) {
      b.header("X-User-Id", userId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String userId) throws Exception {
    return call("GET", path, userId);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  /** Changes a flag on the server and waits until the application's client has the change. */
  void flip(TestFlag flag, String key) throws InterruptedException {
    FBClient client = shop.featbit();
    CountDownLatch changed = new CountDownLatch(1);
    try (Subscription s = client.flagTracker().addFlagChangeListener(e -> {
      if (e.isFull() || e.flagKeys().contains(key)) {
        changed.countDown();
      }
    })) {
      server.upsertFlag(flag);
      assertThat(changed.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("change of %s", key).isTrue();
    }
  }

  @Test
  void betaFeatureFollowsItsFlag() throws Exception {
    assertThat(get("/api/reports/beta", "regular-user").statusCode()).isEqualTo(404);
    assertThat(get("/api/reports/beta", "beta-tester").statusCode()).isEqualTo(200);
    assertThat(get("/api/reports/beta", "beta-tester").body()).contains("cohort retention");
    try {
      flip(TestFlag.bool("beta-reports").serve(true), "beta-reports");
      assertThat(get("/api/reports/beta", "regular-user").statusCode()).isEqualTo(200);
    } finally {
      flip(BETA_OFF, "beta-reports");
    }
    assertThat(get("/api/reports/beta", "regular-user").statusCode()).isEqualTo(404);
  }

  @Test
  void percentageRolloutSplitsUsersBetweenTheTwoCodePaths() throws Exception {
    int semantic = 0;
    for (int i = 0; i < 200; i++) {
      JsonNode body = json(get("/api/search?q=running%20shoes", "shopper-" + i));
      String engine = body.get("engine").asText();
      if (engine.equals("semantic")) {
        semantic++;
        assertThat(body.get("results")).hasSize(3);
      } else {
        assertThat(engine).isEqualTo("keyword");
        assertThat(body.get("results")).hasSize(1);
      }
      assertThat(json(get("/api/search?q=x", "shopper-" + i)).get("engine").asText())
          .as("a user stays on one code path").isEqualTo(engine);
    }
    assertThat(semantic).as("about half of 200 users").isBetween(60, 140);
  }

  @Test
  void pricingExperimentAndItsConversionMetrics() throws Exception {
    JsonNode offer = json(get("/api/pricing", "buyer-7"));
    assertThat(offer.get("plan").asText()).isIn("standard", "discount");
    HttpResponse<String> paid = call("POST", "/api/checkout", "buyer-7");
    assertThat(paid.statusCode()).isEqualTo(200);
    double price = json(paid).get("price").asDouble();
    assertThat(json(paid).get("plan").asText()).isEqualTo(offer.get("plan").asText());
    assertThat(server.await(s -> hasMetric(s, "buyer-7", "checkout-completed", 1.0)
        && hasMetric(s, "buyer-7", "revenue", price), DEADLINE)).as("conversion and revenue at the server").isTrue();
  }

  @Test
  void maintenanceModeAnswers503() throws Exception {
    assertThat(get("/api/pricing", "u-1").statusCode()).isEqualTo(200);
    try {
      flip(TestFlag.bool("maintenance-mode").serve(true), "maintenance-mode");
      HttpResponse<String> down = get("/api/search?q=x", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).hasValue("120");
      assertThat(down.body()).contains("down for maintenance");
    } finally {
      flip(MAINTENANCE_OFF, "maintenance-mode");
    }
    assertThat(get("/api/pricing", "u-1").statusCode()).isEqualTo(200);
  }

  @Test
  void remoteJsonConfiguration() throws Exception {
    assertThat(json(get("/api/ui-config", "u-2")).get("theme").asText()).isEqualTo("dark");
    try {
      flip(TestFlag.of("ui-config", "json", "{\"theme\":\"dark\",\"maxItems\":20}",
          "{\"theme\":\"light\",\"maxItems\":10}").serve("{\"theme\":\"light\",\"maxItems\":10}"), "ui-config");
      JsonNode config = json(get("/api/ui-config", "u-2"));
      assertThat(config.get("theme").asText()).isEqualTo("light");
      assertThat(config.get("maxItems").asInt()).isEqualTo(10);
    } finally {
      flip(UI_DARK, "ui-config");
    }
  }

  @Test
  void requestsWithoutAUserAreEvaluatedAsAnonymous() throws Exception {
    assertThat(call("POST", "/api/checkout", null).statusCode()).isEqualTo(200);
    assertThat(server.await(s -> hasMetric(s, "anonymous", "checkout-completed", 1.0), DEADLINE)).isTrue();
  }

  static boolean hasMetric(FeatBitTestServer server, String user, String event, double value) {
    for (RecordedRequest r : server.insightRequests()) {
      if (r.json() == null) {
        continue;
      }
      for (JsonNode insight : r.json()) {
        for (JsonNode m : insight.path("metrics")) {
          if (insight.at("/user/keyId").asText().equals(user) && m.path("eventName").asText().equals(event)
              && m.path("numericValue").asDouble() == value) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
