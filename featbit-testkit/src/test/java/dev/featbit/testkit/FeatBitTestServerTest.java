package dev.featbit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test server speaks the evaluation server's protocol: a client written from the specification alone
 * (token of spec 2.2.1, messages of 2.5-2.9) is accepted; a wrong secret or an expired token gets 4003.
 */
class FeatBitTestServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration T = Duration.ofSeconds(10);
  FeatBitTestServer server;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"), TestFlag.strings("flag-b", "x", "y").rollout(0.5, 0.5));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Spec 2.2.1, written independently of the SDK. */
  static String token(String secret, long now, int position) {
    String letters = "QBWSPHDXZU";
    StringBuilder ts = new StringBuilder();
    for (char c : Long.toString(now).toCharArray()) {
      ts.append(letters.charAt(c - '0'));
    }
    String pos = String.format("%03d", position);
    String len = String.format("%02d", ts.length());
    StringBuilder t = new StringBuilder();
    for (char c : (pos + len).toCharArray()) {
      t.append(letters.charAt(c - '0'));
    }
    return t + secret.substring(0, position) + ts + secret.substring(position);
  }

  /** A minimal spec-following WebSocket client that queues what it receives. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closes.add(statusCode);
      return null;
    }

    /** Sends one text frame and waits until it is written: a WebSocket accepts one outstanding send at a time. */
    void send(String text) throws Exception {
      ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    JsonNode next() throws Exception {
      String m = messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return JSON.readTree(m);
    }
  }

  Client connect(String query) throws Exception {
    Client c = new Client();
    c.ws = http.newWebSocketBuilder().buildAsync(URI.create(server.streamingUrl() + "/streaming?" + query), c)
        .get(10, TimeUnit.SECONDS);
    return c;
  }

  @Test
  void aSpecFollowingClientIsAcceptedAndSynchronised() throws Exception {
    Client c = connect("type=server&token=" + token(server.secret(), System.currentTimeMillis(), 17));
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
    JsonNode full = c.next();
    assertThat(full.get("messageType").asText()).isEqualTo("data-sync");
    assertThat(full.get("data").get("eventType").asText()).isEqualTo("full");
    assertThat(full.get("data").get("featureFlags")).hasSize(2);
    long cursor = 0;
    for (JsonNode f : full.get("data").get("featureFlags")) {
      cursor = Math.max(cursor, FeatBitTestServer.version(f));
    }
    c.send("{\"messageType\":\"ping\",\"data\":{}}");
    assertThat(c.next().toString()).isEqualTo("{\"messageType\":\"pong\",\"data\":{}}");
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + cursor + "}}");
    JsonNode patch = c.next();
    assertThat(patch.get("data").get("eventType").asText()).isEqualTo("patch");
    assertThat(patch.get("data").get("featureFlags")).isEmpty();
    // a change is pushed as a patch holding the complete document
    server.upsertFlag(TestFlag.bool("flag-a").on(false));
    JsonNode push = c.next();
    assertThat(push.get("data").get("eventType").asText()).isEqualTo("patch");
    assertThat(push.get("data").get("featureFlags").get(0).get("isEnabled").asBoolean()).isFalse();
    assertThat(FeatBitTestServer.version(push.get("data").get("featureFlags").get(0))).isGreaterThan(cursor);
    assertThat(server.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void wrongSecretExpiredTokenOrWrongTypeGetClose4003() throws Exception {
    String other = Secrets.newSecret();
    long now = System.currentTimeMillis();
    for (String query : new String[] {
        "type=server&token=" + token(other, now, 5),
        "type=server&token=" + token(server.secret(), now - 31_000, 5),
        "type=client&token=" + token(server.secret(), now, 5),
        "type=server&version=3&token=" + token(server.secret(), now, 5),
        "type=server&token=QQ",
        "type=server"}) {
      Client c = connect(query);
      assertThat(c.closes.poll(10, TimeUnit.SECONDS)).as(query).isEqualTo(4003);
    }
    assertThat(server.rejectedConnections()).isEqualTo(6);
    // exactly 30 s old is still accepted (with a little slack for the test's own run time)
    Client ok = connect("type=server&version=2&token=" + token(server.secret(), System.currentTimeMillis() - 29_000, 43));
    ok.send("{\"messageType\":\"data-sync\",\"data\":{}}");
    assertThat(ok.next().get("data").get("eventType").asText()).isEqualTo("full");
  }

  @Test
  void tokenVectorsDecodeAsTheServerDecodesThem() throws Exception {
    JsonNode v = JSON.readTree(Files.readString(Path.of("../featbit-server-sdk/src/test/resources/spec/vectors/token.json")));
    for (JsonNode e : v.get("examples")) {
      TokenDecoder.Decoded d = TokenDecoder.decode(e.get("token").asText());
      assertThat(d.secret).isEqualTo(e.get("secret").asText());
      assertThat(d.timestamp).isEqualTo(e.get("timestampMs").asLong());
      assertThat(token(e.get("secret").asText(), e.get("timestampMs").asLong(), e.get("start").asInt()))
          .isEqualTo(e.get("token").asText());
    }
    for (JsonNode e : v.get("decoderOnly")) {
      TokenDecoder.Decoded d = TokenDecoder.decode(e.get("token").asText());
      assertThat(d.timestamp).isEqualTo(e.get("decoded").get("timestamp").asLong());
      assertThat(d.secret).isEqualTo(e.get("decoded").get("secret").asText());
    }
    for (JsonNode e : v.get("rejected")) {
      TokenDecoder.Decoded d = TokenDecoder.decode(e.get("token").asText());
      assertThat(d == null || !Secrets.isWellFormed(d.secret) || d.secret.length() != 44)
          .as(e.get("reason").asText()).isTrue();
    }
  }

  @Test
  void pollingEndpoint() throws Exception {
    HttpResponse<String> noAuth = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
        + "/api/public/sdk/server/latest-all")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noAuth.statusCode()).isEqualTo(401);
    HttpResponse<String> full = get("/api/public/sdk/server/latest-all");
    assertThat(full.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(full.body());
    assertThat(body.get("data").get("eventType").asText()).isEqualTo("full");
    long cursor = 0;
    for (JsonNode f : body.get("data").get("featureFlags")) {
      cursor = Math.max(cursor, FeatBitTestServer.version(f));
    }
    HttpResponse<String> empty = get("/api/public/sdk/server/latest-all?timestamp=" + cursor);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
    assertThat(get("/api/public/sdk/server/latest-all?timestamp=abc").statusCode()).isEqualTo(400);
    server.scriptPollingResponses(ScriptedResponse.status(429, "7"));
    HttpResponse<String> limited = get("/api/public/sdk/server/latest-all");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("7");
    assertThat(server.pollingRequests()).hasSize(5);
  }

  /**
   * An up-to-date client gets what the evaluation server sends: over the WebSocket the patch with both arrays
   * empty (DataSyncMessageHandler sends every payload), over HTTP a 200 without a body (SdkController answers
   * {@code Ok()} when the payload is a patch with both arrays empty); anything newer is a JSON patch.
   */
  @Test
  void upToDateAnswersAreTheServers() throws Exception {
    Client c = connect("type=server&token=" + token(server.secret(), System.currentTimeMillis(), 3));
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
    long cursor = 0;
    for (JsonNode f : c.next().get("data").get("featureFlags")) {
      cursor = Math.max(cursor, FeatBitTestServer.version(f));
    }
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + cursor + "}}");
    assertThat(c.messages.poll(10, TimeUnit.SECONDS))
        .isEqualTo("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":[],"
            + "\"segments\":[]}}");
    HttpResponse<String> upToDate = get("/api/public/sdk/server/latest-all?timestamp=" + cursor);
    assertThat(upToDate.statusCode()).isEqualTo(200);
    assertThat(upToDate.body()).isEmpty();
    assertThat(upToDate.headers().firstValue("Content-Type")).isEmpty();
    // a full request of an environment without flags is still a JSON full data set
    server.load("{\"featureFlags\":[],\"segments\":[]}");
    JsonNode emptyFull = JSON.readTree(get("/api/public/sdk/server/latest-all").body());
    assertThat(emptyFull.get("data").get("eventType").asText()).isEqualTo("full");
    assertThat(emptyFull.get("data").get("featureFlags")).isEmpty();
    assertThat(emptyFull.get("data").get("segments")).isEmpty();
    // scripted answers may carry a body (older servers answered the JSON empty patch)
    server.scriptPollingResponses(ScriptedResponse.body(200, "{\"messageType\":\"data-sync\",\"data\":"
        + "{\"eventType\":\"patch\",\"featureFlags\":[],\"segments\":[]}}"));
    HttpResponse<String> scripted = get("/api/public/sdk/server/latest-all?timestamp=" + cursor);
    assertThat(scripted.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(scripted.body()).get("data").get("eventType").asText()).isEqualTo("patch");
    assertThat(scripted.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void insightEndpointRecordsBatches() throws Exception {
    HttpResponse<String> ok = post("[{\"user\":{\"keyId\":\"u\"}}]", server.secret());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(post("[]", null).statusCode()).isEqualTo(401);
    assertThat(post("{}", server.secret()).statusCode()).isEqualTo(400);
    server.scriptInsightResponses(ScriptedResponse.status(500));
    assertThat(post("[]", server.secret()).statusCode()).isEqualTo(500);
    assertThat(post("[]", server.secret()).statusCode()).isEqualTo(200);
    assertThat(server.await(s -> s.insightRequests().size() == 5, T)).isTrue();
    assertThat(server.insightRequests().get(0).json().get(0).get("user").get("keyId").asText()).isEqualTo("u");
    assertThat(server.insightRequests().get(0).header("authorization")).isEqualTo(server.secret());
    assertThat(server.clearInsightRequests()).isEqualTo(5);
    assertThat(server.insightRequests()).isEmpty();
    assertThat(post("[]", server.secret()).statusCode()).isEqualTo(200);
    assertThat(server.insightRequests()).hasSize(1);
  }

  @Test
  void faults() throws Exception {
    server.refuseConnections(503, "2");
    Client refused = new Client();
    Throwable failure = null;
    try {
      http.newWebSocketBuilder().buildAsync(URI.create(server.streamingUrl() + "/streaming?type=server&token="
          + token(server.secret(), System.currentTimeMillis(), 3)), refused).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      failure = e.getCause();
    }
    assertThat(failure).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
    server.refuseConnections(0, null);
    Client c = connect("type=server&token=" + token(server.secret(), System.currentTimeMillis(), 3));
    assertThat(server.await(s -> s.openConnections() == 1, T)).isTrue();
    server.answerPings(false);
    c.send("{\"messageType\":\"ping\",\"data\":{}}");
    c.send("{\"messageType\":\"echo\",\"data\":1}");
    assertThat(c.next().toString()).isEqualTo("{\"messageType\":\"echo\",\"data\":1}");
    server.sendRawToAll("not json");
    assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("not json");
    server.closeAll(1000, "");
    assertThat(c.closes.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path))
        .header("Authorization", server.secret()).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String body, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/api/public/insight/track"))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** replaceData pushes exactly the difference, as one patch: changed and new items, archived removals. */
  @Test
  void replaceDataPushesTheDifferenceAsOnePatch() throws Exception {
    Client c = connect("type=server&token=" + token(server.secret(), System.currentTimeMillis(), 3));
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
    JsonNode full = c.next().get("data");
    JsonNode flagA = full.get("featureFlags").get(0);
    assertThat(flagA.get("key").asText()).isEqualTo("flag-a");
    String unchangedA = flagA.toString().replace(flagA.get("updatedAt").asText(), "2020-01-01T00:00:00Z");
    String newC = TestFlag.bool("flag-c").toJson("2020-01-01T00:00:00Z").toString();
    String segment = "{\"id\":\"seg-1\",\"included\":[\"u\"],\"excluded\":[],\"rules\":[],\"isArchived\":false}";

    FeatBitTestServer.DataChanges ch = server.replaceData(
        "{\"featureFlags\":[" + unchangedA + "," + newC + "],\"segments\":[" + segment + "]}");
    assertThat(ch.updatedFlags).containsExactly("flag-c");
    assertThat(ch.archivedFlags).containsExactly("flag-b");
    assertThat(ch.updatedSegments).containsExactly("seg-1");
    JsonNode patch = c.next().get("data");
    assertThat(patch.get("eventType").asText()).isEqualTo("patch");
    assertThat(patch.get("featureFlags")).extracting(f -> f.get("key").asText() + ":" + f.get("isArchived").asBoolean())
        .containsExactlyInAnyOrder("flag-c:false", "flag-b:true");
    assertThat(patch.get("segments")).hasSize(1);
    assertThat(server.segment("seg-1").get("updatedAt").asText()).isNotEmpty();

    // the same data again changes nothing and pushes nothing; the next push is the next real change
    assertThat(server.replaceData("{\"featureFlags\":[" + unchangedA + "," + newC + "],\"segments\":[" + segment
        + "]}").isEmpty()).isTrue();
    server.archiveFlag("flag-c");
    JsonNode next = c.next().get("data");
    assertThat(next.get("featureFlags").get(0).get("key").asText()).isEqualTo("flag-c");
  }

  @Test
  void insightListenerSeesEveryRecordedBatch() throws Exception {
    BlockingQueue<RecordedRequest> seen = new LinkedBlockingQueue<>();
    server.onInsight(seen::add);
    post("[{\"user\":{\"keyId\":\"u1\"}}]", server.secret());
    RecordedRequest r = seen.poll(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.json().get(0).get("user").get("keyId").asText()).isEqualTo("u1");
    assertThat(r.answeredStatus()).isEqualTo(200);
  }
}
