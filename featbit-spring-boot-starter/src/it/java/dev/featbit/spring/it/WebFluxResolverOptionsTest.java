package dev.featbit.spring.it;

import static dev.featbit.spring.it.WebFluxApplicationTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** WebFlux: an application's resolver bean replaces the default; the anonymous key serves requests without user. */
class WebFluxResolverOptionsTest {
  FeatBitTestServer server;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anApplicationResolverBeanReplacesTheDefault() {
    ConfigurableApplicationContext app = Apps.start(WebApplicationType.REACTIVE, server, Apps.WebFluxApp.class,
        Apps.PlanResolver.class);
    try {
      WebTestClient client = WebTestClient.bindToServer().baseUrl(Apps.baseUrl(app)).build();
      assertThat(body(client, "/plan", "X-User-Id", "erin", "X-Plan", "gold")).isEqualTo("gold");
      assertThat(body(client, "/plan", "X-User-Id", "erin")).isEqualTo("free");
      assertThat(body(client, "/who", Apps.PRINCIPAL_HEADER, "carol"))
          .as("the application's resolver reads no principal").isEqualTo("none");
    } finally {
      app.close();
    }
  }

  @Test
  void theAnonymousKeyServesRequestsWithoutAUser() {
    ConfigurableApplicationContext app = Apps.start(WebApplicationType.REACTIVE, server,
        List.of("featbit.web.anonymous-key=guest"), Apps.WebFluxApp.class);
    try {
      WebTestClient client = WebTestClient.bindToServer().baseUrl(Apps.baseUrl(app)).build();
      assertThat(body(client, "/who")).isEqualTo("guest");
      assertThat(body(client, "/who", "X-User-Id", "bob")).isEqualTo("bob");
    } finally {
      app.close();
    }
  }

  @Test
  void featbitWebEnabledFalseInjectsNoUser() {
    ConfigurableApplicationContext app = Apps.start(WebApplicationType.REACTIVE, server,
        List.of("featbit.web.enabled=false"), Apps.WebFluxApp.class);
    try {
      WebTestClient client = WebTestClient.bindToServer().baseUrl(Apps.baseUrl(app)).build();
      client.get().uri("/who").header("X-User-Id", "bob").exchange().expectStatus().is5xxServerError();
    } finally {
      app.close();
    }
  }
}
