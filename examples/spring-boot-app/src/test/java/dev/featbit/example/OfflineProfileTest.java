package dev.featbit.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.testsupport.AllowThreads;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

/** The {@code offline} profile runs the application from the bundled flag file, without any server. */
@AllowThreads("the client lives in the Spring application context, which is cached across test classes")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("offline")
class OfflineProfileTest {
  @LocalServerPort
  int port;

  HttpResponse<String> get(String path, String userId) throws Exception {
    return new ShopHttp(port).get(path, userId);
  }

  @Test
  void bundledFlagsServeTheEndpoints() throws Exception {
    assertThat(get("/api/reports/beta", "someone").statusCode()).isEqualTo(HttpStatus.NOT_FOUND.value());
    assertThat(get("/api/reports/beta", "beta-tester").statusCode()).isEqualTo(HttpStatus.OK.value());
    assertThat(ShopHttp.json(get("/api/ui-config", "someone")).get("banner").asText())
        .isEqualTo("Summer sale");
    JsonNode health = ShopHttp.json(get("/actuator/health", "x"));
    assertThat(health.at("/components/featbit/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/featbit/details/offline").asBoolean()).isTrue();
  }
}
