package dev.featbit.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.testsupport.AllowThreads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** The {@code offline} profile runs the application from the bundled flag file, without any server. */
@AutoConfigureTestRestTemplate
@AllowThreads("the client lives in the Spring application context, which is cached across test classes")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("offline")
class OfflineProfileTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  TestRestTemplate http;

  ResponseEntity<String> get(String path, String userId) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-User-Id", userId);
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  @Test
  void bundledFlagsServeTheEndpoints() throws Exception {
    assertThat(get("/api/reports/beta", "someone").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(get("/api/reports/beta", "beta-tester").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JSON.readTree(get("/api/ui-config", "someone").getBody()).get("banner").asText())
        .isEqualTo("Summer sale");
    JsonNode health = JSON.readTree(get("/actuator/health", "x").getBody());
    assertThat(health.at("/components/featbit/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/featbit/details/offline").asBoolean()).isTrue();
  }
}
