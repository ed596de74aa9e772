package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.SilentServer;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.SelfSignedCertificate;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every request carries (custom headers, HTTP/1.1 for plain http) and the connect timeout. */
class HttpRequestsTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  static final String API_KEY = "gateway-api-key-value-never-logged";
  FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"));
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    server.close();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).eventsUrl(server.httpUrl())
        .startWait(T).flushInterval(Duration.ofSeconds(30))
        .http(Components.http().header("X-Api-Key", API_KEY).header("X-Tenant", "shop"));
  }

  static void assertCustomHeaders(RecordedRequest r) {
    assertThat(r.header("x-api-key")).as("%s", r).isEqualTo(API_KEY);
    assertThat(r.header("x-tenant")).as("%s", r).isEqualTo("shop");
    assertThat(r.header("user-agent")).as("%s", r).startsWith("featbit-java-server-sdk/");
  }

  @Test
  void customHeadersReachTheWebSocketHandshakeThePollAndTheEventPost() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config());
      assertThat(c.isInitialized()).isTrue();
      c.boolVariation("flag-a", U, false);
      c.flush();
      assertThat(server.await(s -> !s.insightRequests().isEmpty(), T)).isTrue();
      FBClient polling = client(config().dataSyncMode(FBConfig.DataSyncMode.POLLING)
          .pollingUrl(server.httpUrl()).disableEvents());
      assertThat(polling.isInitialized()).isTrue();

      assertThat(server.upgradeRequests()).isNotEmpty();
      server.upgradeRequests().forEach(HttpRequestsTest::assertCustomHeaders);
      assertThat(server.insightRequests()).isNotEmpty();
      server.insightRequests().forEach(HttpRequestsTest::assertCustomHeaders);
      assertThat(server.pollingRequests()).isNotEmpty();
      server.pollingRequests().forEach(HttpRequestsTest::assertCustomHeaders);
      assertThat(server.insightRequests().get(0).header("authorization")).isEqualTo(server.secret());
      assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(API_KEY) || l.contains(server.secret()));
    }
  }

  @Test
  void plainHttpPollsAndEventPostsAreHttp11WithoutAnH2cUpgradeOffer() throws Exception {
    FBClient c = client(config().dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl()));
    assertThat(c.isInitialized()).isTrue();
    c.trackMetric(U, "checkout");
    c.flush();
    assertThat(server.await(s -> !s.insightRequests().isEmpty(), T)).isTrue();
    List<RecordedRequest> all = new ArrayList<>(server.pollingRequests());
    all.addAll(server.insightRequests());
    for (RecordedRequest r : all) {
      assertThat(r.header("upgrade")).as("%s", r).isNull();
      assertThat(r.header("http2-settings")).as("%s", r).isNull();
      assertThat(r.header("connection")).as("%s", r).isNull();
    }
  }

  /** A handshake that is never answered fails after {@code connectTimeout}, not after the default 5 s. */
  @Test
  void connectTimeoutBoundsAWebSocketHandshakeThatIsNeverAnswered() throws Exception {
    try (SilentServer silent = new SilentServer(); LogCapture logs = new LogCapture()) {
      long started = System.currentTimeMillis();
      FBClient c = client(FBConfig.builder(server.secret()).streamingUrl("ws://127.0.0.1:" + silent.port())
          .startWait(Duration.ZERO).disableEvents().firstRetryDelay(Duration.ofSeconds(30))
          .http(Components.http().connectTimeout(Duration.ofMillis(300))));
      long failedAt = logs.awaitLine(l -> l.contains("Streaming connection failed"), T);
      assertThat(failedAt).isPositive();
      // at least the timeout after the client started (the server's accept may run late on a loaded machine),
      // at most a little more than it after the server accepted the connection
      assertThat(failedAt - started).isGreaterThanOrEqualTo(250L);
      long elapsed = failedAt - silent.acceptedAtMillis().get(0);
      assertThat(elapsed).as("failed %d ms after the connection was accepted", elapsed).isLessThanOrEqualTo(2500L);
      assertThat(c.isInitialized()).isFalse();
      assertThat(logs.lines()).anyMatch(l -> l.contains("Streaming connection failed: ") && l.contains("/streaming: timed out"));
    }
  }

  /**
   * close() while the server has accepted the TCP connection and never answers the WebSocket upgrade: the
   * SDK's threads end at once, not when the connect timeout (here the default 5 s) ends the handshake.
   */
  @Test
  void closeDuringAnUnansweredHandshakeEndsTheSdkThreadsAtOnce() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      Set<Thread> before = sdkThreads();
      FBClient c = client(FBConfig.builder(server.secret()).streamingUrl("ws://127.0.0.1:" + silent.port())
          .startWait(Duration.ZERO).disableEvents().pollingFallbackAfter(null)
          .http(Components.http().connectTimeout(Duration.ofSeconds(5))));
      assertThat(silent.awaitAccepted(1, T)).as("the server accepted the connection").isTrue();
      Set<Thread> started = sdkThreads();
      started.removeAll(before);
      assertThat(started).as("the client's threads").isNotEmpty();

      c.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      Set<Thread> alive = sdkThreads();
      alive.removeAll(before);
      while (!alive.isEmpty() && System.nanoTime() < deadline) {
        alive.iterator().next().join(50);
        alive = sdkThreads();
        alive.removeAll(before);
      }
      Set<Thread> left = alive;
      assertThat(left).as(() -> "SDK threads alive 1 s after close():" + stacks(left)).isEmpty();
    }
  }

  static String stacks(Set<Thread> threads) {
    StringBuilder b = new StringBuilder();
    for (Thread t : threads) {
      b.append("\n").append(t.getName()).append(" ").append(t.getState());
      for (StackTraceElement e : t.getStackTrace()) {
        b.append("\n    at ").append(e);
      }
    }
    return b.toString();
  }

  /** The live threads named {@code featbit-*}, without the test server's. */
  static Set<Thread> sdkThreads() {
    Set<Thread> s = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("featbit-") && !t.getName().startsWith("featbit-testkit")) {
        s.add(t);
      }
    }
    return s;
  }

  @Test
  void connectTimeoutBoundsATlsHandshakeThatIsNeverAnsweredForWssAndHttps() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    try (SilentServer silent = new SilentServer(); LogCapture logs = new LogCapture()) {
      long started = System.currentTimeMillis();
      FBClient c = client(FBConfig.builder(server.secret()).streamingUrl("wss://127.0.0.1:" + silent.port())
          .startWait(Duration.ZERO).disableEvents().firstRetryDelay(Duration.ofSeconds(30))
          .http(Components.http().connectTimeout(Duration.ofMillis(300)).sslContext(cert.trustingContext())));
      long failedAt = logs.awaitLine(l -> l.contains("Streaming connection failed"), T);
      assertThat(failedAt - started).isGreaterThanOrEqualTo(250L);
      assertThat(failedAt - silent.acceptedAtMillis().get(0)).isLessThanOrEqualTo(2500L);
      assertThat(logs.lines()).anyMatch(l -> l.contains("Streaming connection failed: ") && l.contains("/streaming: connection timed out"));

      // polling allows 10 s per request, but the connection itself must be made within 300 ms
      long pollingStarted = System.currentTimeMillis();
      FBClient polling = client(FBConfig.builder(server.secret()).dataSyncMode(FBConfig.DataSyncMode.POLLING)
          .pollingUrl("https://127.0.0.1:" + silent.port()).pollingRequestTimeout(Duration.ofSeconds(10))
          .startWait(Duration.ZERO).disableEvents().firstRetryDelay(Duration.ofSeconds(30))
          .http(Components.http().connectTimeout(Duration.ofMillis(300)).sslContext(cert.trustingContext())));
      long pollFailedAt = logs.awaitLine(l -> l.contains("polling request failed"), T);
      assertThat(pollFailedAt).isPositive();
      assertThat(pollFailedAt - pollingStarted).isGreaterThanOrEqualTo(250L);
      assertThat(pollFailedAt - silent.acceptedAtMillis().get(1)).isLessThanOrEqualTo(2500L);
      assertThat(logs.lines()).anyMatch(l -> l.contains("polling request failed: connection timed out"));
      assertThat(polling.isInitialized()).isFalse();
      assertThat(logs.lines()).noneMatch(l -> l.contains(server.secret()));
    }
  }
}
