package dev.featbit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An HTTP request the test server received (insight batches, polls). */
public final class RecordedRequest {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, String> headers;
  private final String body;
  private final JsonNode json;
  private final int answeredStatus;
  private final long receivedAtMillis = System.currentTimeMillis();

  RecordedRequest(String method, String path, String query, Map<String, String> headers, String body, JsonNode json,
      int answeredStatus) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.json = json;
    this.answeredStatus = answeredStatus;
  }

  /**
   * The HTTP method.
   *
   * @return the method, e.g. {@code GET}
   */
  public String method() {
    return method;
  }

  /**
   * The request path, without the query string.
   *
   * @return the path, e.g. {@code /api/public/insight/track}
   */
  public String path() {
    return path;
  }

  /**
   * The raw query string, or {@code null}.
   *
   * @return the query string
   */
  public String query() {
    return query;
  }

  /**
   * Header value by lower-case name, or {@code null}.
   *
   * @param lowerCaseName the header name in lower case
   * @return the header's value
   */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /**
   * The request body as text.
   *
   * @return the body text
   */
  public String body() {
    return body;
  }

  /**
   * The body parsed as JSON, or {@code null} if it was not JSON.
   *
   * @return the parsed body
   */
  public JsonNode json() {
    return json;
  }

  /**
   * When the server received it (server clock, epoch ms).
   *
   * @return the time of receipt in milliseconds since the epoch
   */
  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  /**
   * The status the server answered with.
   *
   * @return the HTTP status code of the answer
   */
  public int answeredStatus() {
    return answeredStatus;
  }

  @Override
  public String toString() {
    return method + " " + path + (query != null ? "?" + query : "") + " -> " + answeredStatus;
  }
}
