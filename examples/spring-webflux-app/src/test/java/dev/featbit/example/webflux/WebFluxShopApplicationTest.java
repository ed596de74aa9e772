package dev.featbit.example.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.AllowThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.Subscription;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The WebFlux shop on Netty against the test kit's FeatBit server on 127.0.0.1, driven with {@link WebTestClient}:
 * every endpoint, flags flipped on the server changing the answers, the conversion metrics at the server, the
 * {@code featbit} health component.
 */
@AllowThreads("the client lives in the Spring application context, shared by the tests of the class")
@AutoConfigureWebTestClient
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"featbit.events.flush-interval=100ms", "server.address=127.0.0.1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxShopApplicationTest {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  static final FeatBitTestServer SERVER = FeatBitTestServer.start();
  static final TestFlag BETA_OFF = TestFlag.bool("beta-reports").serve(false).targets(true, "beta-tester");
  static final TestFlag MAINTENANCE_OFF = TestFlag.bool("maintenance-mode").serve(false);
  static final TestFlag UI_DARK = TestFlag.of("ui-config", "json", "{\"theme\":\"dark\",\"maxItems\":20}",
      "{\"theme\":\"light\",\"maxItems\":10}");

  static {
    SERVER.load(BETA_OFF, TestFlag.bool("new-search-engine").rollout(0.5, 0.5),
        TestFlag.strings("pricing-experiment", "standard", "discount").rollout(0.5, 0.5), MAINTENANCE_OFF, UI_DARK);
  }

  @DynamicPropertySource
  static void featbit(DynamicPropertyRegistry registry) {
    registry.add("featbit.streaming-url", SERVER::streamingUrl);
    registry.add("featbit.events-url", SERVER::httpUrl);
    registry.add("featbit.env-secret", SERVER::secret);
  }

  @Autowired
  WebTestClient http;

  @Autowired
  FBClient client;

  @AfterAll
  void stopServer() {
    client.close();
    SERVER.close();
  }

  EntityExchangeResult<String> call(String method, String path, String userId) {
    return http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
        .headers(h -> {
          if (userId != null) {
            h.set("X-User-Id", userId);
          }
        }).exchange().expectBody(String.class).returnResult();
  }

  EntityExchangeResult<String> get(String path, String userId) {
    return call("GET", path, userId);
  }

  static JsonNode json(EntityExchangeResult<String> result) throws Exception {
    return JSON.readTree(result.getResponseBody());
  }

  /** Changes a flag on the server and waits until the application's client has the change. */
  void flip(TestFlag flag, String key) throws InterruptedException {
    CountDownLatch changed = new CountDownLatch(1);
    try (Subscription s = client.flagTracker().addFlagChangeListener(e -> {
      if (e.isFull() || e.flagKeys().contains(key)) {
        changed.countDown();
      }
    })) {
      SERVER.upsertFlag(flag);
      assertThat(changed.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("change of %s", key).isTrue();
    }
  }

  @Test
  void betaFeatureFollowsItsFlag() throws Exception {
    assertThat(get("/api/reports/beta", "regular-user").getStatus().value()).isEqualTo(404);
    assertThat(get("/api/reports/beta", "beta-tester").getResponseBody()).contains("cohort retention");
    try {
      flip(TestFlag.bool("beta-reports").serve(true), "beta-reports");
      assertThat(get("/api/reports/beta", "regular-user").getStatus().value()).isEqualTo(200);
    } finally {
      flip(BETA_OFF, "beta-reports");
    }
  }

  @Test
  void percentageRolloutSplitsUsersBetweenTheTwoCodePaths() throws Exception {
    int semantic = 0;
    for (int i = 0; i < 200; i++) {
      JsonNode body = json(get("/api/search?q=running shoes", "shopper-" + i));
      String engine = body.get("engine").asText();
      if (engine.equals("semantic")) {
        semantic++;
        assertThat(body.get("results")).hasSize(3);
      } else {
        assertThat(engine).isEqualTo("keyword");
        assertThat(body.get("results")).hasSize(1);
      }
      assertThat(json(get("/api/search?q=x", "shopper-" + i)).get("engine").asText()).isEqualTo(engine);
    }
    assertThat(semantic).as("about half of 200 users").isBetween(60, 140);
  }

  @Test
  void pricingExperimentAndItsConversionMetrics() throws Exception {
    String plan = json(get("/api/pricing", "buyer-7")).get("plan").asText();
    JsonNode paid = json(call("POST", "/api/checkout", "buyer-7"));
    assertThat(paid.get("plan").asText()).isEqualTo(plan);
    double price = paid.get("price").asDouble();
    assertThat(SERVER.await(s -> hasMetric(s, "buyer-7", "checkout-completed", 1.0)
        && hasMetric(s, "buyer-7", "revenue", price), DEADLINE)).isTrue();
  }

  @Test
  void maintenanceModeAnswers503ButHealthStillAnswers() throws Exception {
    assertThat(get("/api/pricing", "u-1").getStatus().value()).isEqualTo(200);
    try {
      flip(TestFlag.bool("maintenance-mode").serve(true), "maintenance-mode");
      EntityExchangeResult<String> down = get("/api/search?q=x", null);
      assertThat(down.getStatus().value()).isEqualTo(503);
      assertThat(down.getResponseHeaders().getFirst("Retry-After")).isEqualTo("120");
      assertThat(down.getResponseBody()).contains("down for maintenance");
      assertThat(get("/actuator/health", null).getStatus().value()).isEqualTo(200);
    } finally {
      flip(MAINTENANCE_OFF, "maintenance-mode");
    }
  }

  @Test
  void remoteJsonConfiguration() throws Exception {
    assertThat(json(get("/api/ui-config", "u-2")).get("theme").asText()).isEqualTo("dark");
    try {
      flip(TestFlag.of("ui-config", "json", "{\"theme\":\"dark\",\"maxItems\":20}",
          "{\"theme\":\"light\",\"maxItems\":10}").serve("{\"theme\":\"light\",\"maxItems\":10}"), "ui-config");
      assertThat(json(get("/api/ui-config", "u-2")).get("theme").asText()).isEqualTo("light");
    } finally {
      flip(UI_DARK, "ui-config");
    }
  }

  @Test
  void healthHasTheFeatbitComponent() throws Exception {
    JsonNode health = json(get("/actuator/health", null));
    assertThat(health.at("/components/featbit/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/featbit/details/state").asText()).isEqualTo("READY");
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
