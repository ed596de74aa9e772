package dev.featbit.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.AllowThreads;
import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.spring.webflux.DefaultReactiveFBUserResolver;
import dev.featbit.spring.webflux.ReactiveFBUserResolver;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A WebFlux application on Netty against the test kit's FeatBit server, driven with {@link WebTestClient}: the
 * {@code FBUser} parameter from the reactive security context's principal, then the {@code X-User-Id} header,
 * or none; evaluations for the injected user; the {@code featbit} health component. Runs on Spring Boot 3.5
 * and 4. (One reactive application at a time: closing one disposes Reactor Netty's shared event loops.)
 */
@AllowThreads("the application, and the client in it, serve every test of the class")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxApplicationTest {
  final FeatBitTestServer server = FeatBitTestServer.start();
  ConfigurableApplicationContext app;
  WebTestClient http;

  @BeforeAll
  void start() {
    server.load(TestFlag.bool("flag").serve(false).targets(true, "alice"));
    app = Apps.start(WebApplicationType.REACTIVE, server, Apps.WebFluxApp.class);
    http = WebTestClient.bindToServer().baseUrl(Apps.baseUrl(app)).build();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    server.close();
  }

  static String body(WebTestClient client, String path, String... headers) {
    return client.get().uri(path).headers(h -> {
      for (int i = 0; i < headers.length; i += 2) {
        h.add(headers[i], headers[i + 1]);
      }
    }).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
  }

  @Test
  void theDefaultResolverIsRegistered() {
    assertThat(app.getBean(ReactiveFBUserResolver.class)).isInstanceOf(DefaultReactiveFBUserResolver.class);
  }

  @Test
  void theUserComesFromTheHeader() {
    assertThat(body(http, "/who", "X-User-Id", "bob")).isEqualTo("bob");
  }

  @Test
  void noPrincipalNoHeaderIsNoUser() {
    assertThat(body(http, "/who")).isEqualTo("none");
  }

  @Test
  void thePrincipalOfTheReactiveSecurityContextWinsOverTheHeader() {
    assertThat(body(http, "/who", Apps.PRINCIPAL_HEADER, "carol")).isEqualTo("carol");
    assertThat(body(http, "/who", "X-User-Id", "bob", Apps.PRINCIPAL_HEADER, "carol"))
        .as("a logged-in user cannot pose as another through the header").isEqualTo("carol");
  }

  @Test
  void evaluatesForTheInjectedUser() {
    assertThat(body(http, "/flag", "X-User-Id", "alice")).isEqualTo("true");
    assertThat(body(http, "/flag", "X-User-Id", "bob")).isEqualTo("false");
    assertThat(body(http, "/flag")).as("no user: the fallback").isEqualTo("false");
  }

  @Test
  void healthHasTheFeatbitComponent() throws Exception {
    String health = http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody(String.class)
        .returnResult().getResponseBody();
    JsonNode featbit = Apps.json(health).path("components").path("featbit");
    assertThat(featbit.path("status").asText()).isEqualTo("UP");
    assertThat(featbit.path("details").path("state").asText()).isEqualTo("READY");
  }
}
