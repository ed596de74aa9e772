package dev.featbit.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.AllowThreads;
import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.Subscription;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring MVC application on Tomcat against the test kit's FeatBit server: the injected user, evaluations, a
 * flag change pushed by the server, the {@code featbit} health component and a meter over Actuator's HTTP
 * endpoints, the final flush when the application stops. Runs on Spring Boot 3.5 (this module) and 4
 * (featbit-spring-boot4-tests).
 */
@AllowThreads("the application, and the client in it, serve every test of the class")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MvcApplicationTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  final FeatBitTestServer server = FeatBitTestServer.start();
  ConfigurableApplicationContext app;

  @BeforeAll
  void start() {
    server.load(TestFlag.bool("flag").serve(false).targets(true, "alice"));
    app = Apps.start(WebApplicationType.SERVLET, server, Apps.MvcApp.class);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    server.close();
  }

  @Test
  void theUserComesFromThePrincipalThenTheHeader() throws Exception {
    assertThat(Apps.get(app, "/who", "X-User-Id", "bob").body()).isEqualTo("bob");
    assertThat(Apps.get(app, "/who").body()).isEqualTo("none");
    assertThat(Apps.get(app, "/who", "X-User-Id", "bob", Apps.PRINCIPAL_HEADER, "carol").body())
        .as("a logged-in user cannot pose as another through the header").isEqualTo("carol");
  }

  @Test
  void evaluatesForTheInjectedUser() throws Exception {
    assertThat(Apps.get(app, "/flag", "X-User-Id", "alice").body()).isEqualTo("true");
    assertThat(Apps.get(app, "/flag", "X-User-Id", "bob").body()).isEqualTo("false");
  }

  @Test
  void aFlagChangeOnTheServerReachesTheApplication() throws Exception {
    FBClient client = app.getBean(FBClient.class);
    CountDownLatch changed = new CountDownLatch(1);
    try (Subscription s = client.flagTracker().addFlagChangeListener(e -> changed.countDown())) {
      server.upsertFlag(TestFlag.bool("flag").serve(true).targets(true, "alice"));
      assertThat(changed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(Apps.get(app, "/flag", "X-User-Id", "bob").body()).isEqualTo("true");
    } finally {
      server.upsertFlag(TestFlag.bool("flag").serve(false).targets(true, "alice"));
    }
  }

  @Test
  void healthHasTheFeatbitComponent() throws Exception {
    HttpResponse<String> response = Apps.get(app, "/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode featbit = Apps.json(response.body()).path("components").path("featbit");
    assertThat(featbit.path("status").asText()).isEqualTo("UP");
    assertThat(featbit.path("details").path("state").asText()).isEqualTo("READY");
    assertThat(featbit.path("details").path("initialized").asBoolean()).isTrue();
    assertThat(featbit.path("details").has("lastDataUpdate")).isTrue();
    assertThat(response.body()).doesNotContain(server.secret());
    String indicator = app.getBean("featbitHealthIndicator").getClass().getName();
    assertThat(indicator).isEqualTo(Apps.bootGeneration() >= 4 ? "dev.featbit.spring.health.FeatBitHealthIndicator"
        : "dev.featbit.spring.actuate.FeatBitHealthIndicator");
  }

  @Test
  void syncStateMeterOverActuator() throws Exception {
    HttpResponse<String> response = Apps.get(app, "/actuator/metrics/featbit.sync.state?tag=state:READY");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Apps.json(response.body()).path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
  }
}
