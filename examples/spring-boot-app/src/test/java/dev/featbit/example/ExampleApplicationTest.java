package dev.featbit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.FBClient;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowThreads;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application against the test kit's FeatBit server on 127.0.0.1, driven over HTTP: every endpoint,
 * flag changes pushed by the server changing the application's behaviour, the conversion metric arriving at the
 * server, health and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"featbit.events.flush-interval=100ms", "server.address=127.0.0.1"})
@AllowThreads("the client lives in the Spring application context, which is cached across test classes")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleApplicationTest {
  static final Duration DEADLINE = Duration.ofSeconds(10);
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

  @LocalServerPort
  int port;

  @Autowired
  FBClient client;

  /** The client first (its final flush reaches the server), then the server; the context closes afterwards. */
  @AfterAll
  void stopServer() {
    client.close();
    SERVER.close();
  }

  HttpResponse<String> get(String path, String userId) throws Exception {
    return new ShopHttp(port).get(path, userId);
  }

  HttpResponse<String> post(String path, String userId) throws Exception {
    return new ShopHttp(port).post(path, userId);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return ShopHttp.json(response);
  }

  @Test
  void betaFeatureFollowsItsFlagAndAFlagChangeReachesTheApplication() throws Exception {
    assertThat(get("/api/reports/beta", "regular-user").statusCode()).isEqualTo(HttpStatus.NOT_FOUND.value());
    assertThat(get("/api/reports/beta", "beta-tester").statusCode()).isEqualTo(HttpStatus.OK.value());
    assertThat(get("/api/reports/beta", "beta-tester").body()).contains("cohort retention");
    try {
      SERVER.upsertFlag(TestFlag.bool("beta-reports").serve(true));          // pushed to the application
      await().atMost(DEADLINE)
          .until(() -> get("/api/reports/beta", "regular-user").statusCode() == HttpStatus.OK.value());
    } finally {
      SERVER.upsertFlag(BETA_OFF);
      await().atMost(DEADLINE)
          .until(() -> get("/api/reports/beta", "regular-user").statusCode() == HttpStatus.NOT_FOUND.value());
    }
  }

  @Test
  void percentageRolloutSplitsUsersBetweenTheTwoCodePaths() throws Exception {
    int semantic = 0;
    for (int i = 0; i < 200; i++) {
      JsonNode body = json(get("/api/search?q=running%20shoes", "shopper-" + i));
      String engine = body.get("engine").asText();
      assertThat(engine).isIn("semantic", "keyword");
      if (engine.equals("semantic")) {
        semantic++;
        assertThat(body.get("results")).hasSize(3);  // items with any of the words
      } else {
        assertThat(body.get("results")).hasSize(1);  // only the item containing the phrase
      }
      assertThat(json(get("/api/search?q=x", "shopper-" + i)).get("engine").asText())
          .as("a user stays on one code path").isEqualTo(engine);
    }
    assertThat(semantic).as("about half of 200 users").isBetween(60, 140);
  }

  @Test
  void pricingExperimentAndConversionMetricReachTheServer() throws Exception {
    Set<String> plans = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      JsonNode pricing = json(get("/api/pricing", "buyer-" + i));
      plans.add(pricing.get("plan").asText());
      assertThat(pricing.get("price").asDouble()).isEqualTo(pricing.get("plan").asText().equals("discount") ? 8.0 : 10.0);
    }
    assertThat(plans).containsExactlyInAnyOrder("standard", "discount");

    JsonNode paid = json(post("/api/checkout", "buyer-7"));
    assertThat(paid.get("status").asText()).isEqualTo("paid");
    boolean arrived = SERVER.await(s -> hasMetric(s, "buyer-7", "checkout-completed", 1.0)
        && hasMetric(s, "buyer-7", "revenue", paid.get("price").asDouble()), DEADLINE);
    assertThat(arrived).as("conversion and revenue metrics at the insight endpoint").isTrue();
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

  @Test
  void maintenanceModeAnswers503ButHealthStillAnswers() throws Exception {
    assertThat(get("/api/pricing", "u-1").statusCode()).isEqualTo(HttpStatus.OK.value());
    try {
      SERVER.upsertFlag(TestFlag.bool("maintenance-mode").serve(true));
      await().atMost(DEADLINE)
          .until(() -> get("/api/pricing", "u-1").statusCode() == HttpStatus.SERVICE_UNAVAILABLE.value());
      HttpResponse<String> down = get("/api/search?q=x", null);
      assertThat(down.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
      assertThat(down.headers().firstValue(HttpHeaders.RETRY_AFTER).orElse(null)).isEqualTo("120");
      assertThat(down.body()).contains("down for maintenance");
      assertThat(get("/actuator/health", null).statusCode()).isEqualTo(HttpStatus.OK.value());
    } finally {
      SERVER.upsertFlag(MAINTENANCE_OFF);
      await().atMost(DEADLINE).until(() -> get("/api/pricing", "u-1").statusCode() == HttpStatus.OK.value());
    }
  }

  @Test
  void remoteJsonConfigurationChangesWithTheFlag() throws Exception {
    JsonNode config = json(get("/api/ui-config", "u-2"));
    assertThat(config.get("theme").asText()).isEqualTo("dark");
    assertThat(config.get("maxItems").asInt()).isEqualTo(20);
    try {
      SERVER.upsertFlag(TestFlag.of("ui-config", "json", "{\"theme\":\"dark\",\"maxItems\":20}",
          "{\"theme\":\"light\",\"maxItems\":10}").serve("{\"theme\":\"light\",\"maxItems\":10}"));
      await().atMost(DEADLINE).until(() -> json(get("/api/ui-config", "u-2")).get("theme").asText().equals("light"));
    } finally {
      SERVER.upsertFlag(UI_DARK);
      await().atMost(DEADLINE).until(() -> json(get("/api/ui-config", "u-2")).get("theme").asText().equals("dark"));
    }
  }

  @Test
  void anonymousRequestsUseTheConfiguredKey() throws Exception {
    assertThat(get("/api/pricing", null).statusCode()).isEqualTo(HttpStatus.OK.value());
    JsonNode paid = json(post("/api/checkout", null));
    assertThat(paid.get("status").asText()).isEqualTo("paid");
    assertThat(SERVER.await(s -> hasMetric(s, "anonymous", "checkout-completed", 1.0), DEADLINE)).isTrue();
  }

  @Test
  void healthIsUpWithTheFeatBitComponent() throws Exception {
    HttpResponse<String> response = get("/actuator/health", null);
    assertThat(response.statusCode()).isEqualTo(HttpStatus.OK.value());
    JsonNode health = json(response);
    assertThat(health.get("status").asText()).isEqualTo("UP");
    JsonNode featbit = health.at("/components/featbit");
    assertThat(featbit.get("status").asText()).isEqualTo("UP");
    assertThat(featbit.at("/details/state").asText()).isEqualTo("READY");
    assertThat(featbit.at("/details/stale").asBoolean()).isFalse();
    assertThat(response.body()).doesNotContain(SERVER.secret());
  }

  @Test
  void metricsArePublished() throws Exception {
    get("/api/pricing", "metrics-user");
    JsonNode names = json(get("/actuator/metrics", null)).get("names");
    Set<String> all = new HashSet<>();
    names.forEach(n -> all.add(n.asText()));
    assertThat(all).contains("featbit.evaluations", "featbit.events.accepted", "featbit.events.sent",
        "featbit.events.dropped", "featbit.events.failed", "featbit.sync.state", "featbit.data.update.age");
    JsonNode served = json(get("/actuator/metrics/featbit.evaluations?tag=reason:FALLTHROUGH", null));
    assertThat(served.at("/measurements/0/value").asDouble()).isPositive();
    JsonNode ready = json(get("/actuator/metrics/featbit.sync.state?tag=state:READY", null));
    assertThat(ready.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
    await().atMost(DEADLINE).until(() ->
        json(get("/actuator/metrics/featbit.events.sent", null)).at("/measurements/0/value").asDouble() > 0);
  }
}
