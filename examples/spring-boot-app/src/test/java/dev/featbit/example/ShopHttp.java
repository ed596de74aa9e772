package dev.featbit.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the running application over HTTP with the JDK's {@link HttpClient}, as any client of the shop does
 * (the same on every Spring Boot version), setting the {@code X-User-Id} header when a user is given.
 */
final class ShopHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT)
      .build();

  private final String base;

  /** The application listening on {@code port} of 127.0.0.1. */
  ShopHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path, String userId) throws IOException, InterruptedException {
    return send("GET", path, userId);
  }

  HttpResponse<String> post(String path, String userId) throws IOException, InterruptedException {
    return send("POST", path, userId);
  }

  private HttpResponse<String> send(String method, String path, String userId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (userId != null) {
      request.header("X-User-Id", userId);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
