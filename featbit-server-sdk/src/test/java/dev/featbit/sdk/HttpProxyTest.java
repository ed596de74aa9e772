package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.config.HttpBuilder;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.TestProxy;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.SelfSignedCertificate;
import dev.featbit.testkit.TestFlag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming, polling and events through a real forward proxy on loopback that requires Basic credentials:
 * plain {@code http://} in absolute form, {@code ws://}, {@code wss://} and {@code https://} as {@code CONNECT}
 * tunnels, with no JVM-wide property or authenticator changed.
 */
class HttpProxyTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  static final String USER = "svc-featbit";
  static final String PASSWORD = "pr0xy-Pa55word-never-logged";
  static final String BASIC = "Basic "
      + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  static final String HEADER_VALUE = "tenant-header-value-never-logged";

  FeatBitTestServer server;
  TestProxy proxy;
  final List<FBClient> clients = new ArrayList<>();
  final List<FeatBitTestServer> extraServers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"));
    proxy = TestProxy.start(USER, PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(FBClient::close);
    server.close();
    extraServers.forEach(FeatBitTestServer::close);
    proxy.close();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  HttpBuilder http() {
    return Components.http().proxy(proxy.host(), proxy.port()).header("X-Tenant", HEADER_VALUE);
  }

  FBConfig.Builder config(FeatBitTestServer s, HttpBuilder http) {
    return FBConfig.builder(s.secret()).streamingUrl(s.streamingUrl()).eventsUrl(s.httpUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(50)).maxRetryDelay(Duration.ofMillis(200))
        .flushInterval(Duration.ofSeconds(30)).http(http);
  }

  /** The log lines carry none of the credentials of these tests. */
  static void assertNoCredentials(List<String> lines, String secret) {
    assertThat(lines).isNotEmpty();
    for (String l : lines) {
      assertThat(l).doesNotContain(secret).doesNotContain(PASSWORD).doesNotContain(BASIC.substring(6))
          .doesNotContain(HEADER_VALUE).doesNotContain("FeatBit-Relay ").doesNotContain("token=ey");
    }
  }

  @Test
  void streamingOverWsAndEventsOverHttpThroughAnAuthenticatingProxy() throws Exception {
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config(server, http().proxyAuthentication(USER, PASSWORD)));
      assertThat(c.isInitialized()).isTrue();
      assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
      assertThat(c.boolVariation("flag-a", U, false)).isTrue();
      c.flush();
      assertThat(server.await(s -> !s.insightRequests().isEmpty(), T)).isTrue();
      assertThat(server.insightRequests().get(0).answeredStatus()).isEqualTo(200);

      String authority = "127.0.0.1:" + server.port();
      // the WebSocket (ws://) went through a CONNECT tunnel, which carried the Basic credentials
      TestProxy.Seen connect = proxy.seen().stream().filter(r -> r.method().equals("CONNECT")).findFirst()
          .orElseThrow();
      assertThat(connect.target()).isEqualTo(authority);
      assertThat(connect.authorized).isTrue();
      assertThat(connect.headers.get("proxy-authorization")).isEqualTo(BASIC);
      // events went in absolute form, with the credentials from the first request (no 407 round trip)
      TestProxy.Seen post = proxy.seen().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
      assertThat(post.requestLine).isEqualTo("POST http://" + authority + "/api/public/insight/track HTTP/1.1");
      assertThat(post.authorized).isTrue();
      assertThat(proxy.seen()).allMatch(r -> r.authorized);

      // proxy headers never reach the server: neither the credentials nor the relay's token
      RecordedRequest upgrade = server.upgradeRequests().get(0);
      assertThat(upgrade.header("proxy-authorization")).isNull();
      assertThat(upgrade.header("x-tenant")).isEqualTo(HEADER_VALUE);
      assertThat(server.insightRequests().get(0).header("proxy-authorization")).isNull();
      assertNoCredentials(logs.lines(), server.secret());

      // the relay's threads are named, daemons, and stopped by close()
      List<Thread> relay = new ArrayList<>();
      Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("featbit-proxy-relay-"))
          .forEach(relay::add);
      assertThat(relay).isNotEmpty().allMatch(Thread::isDaemon);
      List<Thread> selectors = new ArrayList<>();
      Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)
          && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")).forEach(selectors::add);
      assertThat(selectors).as("the plain client and the tunnelling client").hasSize(2).allMatch(Thread::isDaemon);
      c.close();
      for (Thread t : relay) {
        t.join(5000);
        assertThat(t.isAlive()).as(t.getName()).isFalse();
      }
      if (Runtime.version().feature() >= 21) { // HttpClient.shutdown() exists from Java 21
        for (Thread t : selectors) {
          t.join(5000);
          assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
      }
    }
  }

  @Test
  void pollingOverHttpThroughAnAuthenticatingProxyIsHttp11InAbsoluteForm() throws Exception {
    FBClient c = client(config(server, http().proxyAuthentication(USER, PASSWORD))
        .dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl()).disableEvents());
    assertThat(c.isInitialized()).isTrue();
    assertThat(server.pollingRequests()).isNotEmpty();
    TestProxy.Seen get = proxy.seen().get(0);
    assertThat(get.requestLine)
        .isEqualTo("GET http://127.0.0.1:" + server.port() + "/api/public/sdk/server/latest-all HTTP/1.1");
    assertThat(get.authorized).isTrue();
    // HTTP/1.1 without an h2c upgrade offer, as the raw head shows
    assertThat(get.headers).doesNotContainKeys("upgrade", "http2-settings");
    assertThat(get.raw).doesNotContainIgnoringCase("h2c");
    assertThat(get.headers.get("x-tenant")).isEqualTo(HEADER_VALUE);
  }

  @Test
  void wssStreamingAndHttpsPollingAndEventsTunnelThroughAnAuthenticatingProxy() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    FeatBitTestServer tls = FeatBitTestServer.startTls(cert.keyStore(), cert.password());
    extraServers.add(tls);
    tls.load(TestFlag.bool("flag-a"));
    try (LogCapture logs = new LogCapture()) {
      HttpBuilder http = http().proxyAuthentication(USER, PASSWORD).sslContext(cert.trustingContext());
      FBClient c = client(config(tls, http));
      assertThat(c.isInitialized()).isTrue();
      assertThat(c.boolVariation("flag-a", U, false)).isTrue();
      c.flush();
      assertThat(tls.await(s -> !s.insightRequests().isEmpty(), T)).isTrue();
      assertThat(tls.insightRequests().get(0).answeredStatus()).isEqualTo(200);
      FBClient polling = client(config(tls, http).dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(tls.httpUrl())
          .disableEvents());
      assertThat(polling.isInitialized()).isTrue();
      assertThat(tls.pollingRequests()).isNotEmpty();
      // every exchange was a tunnel carrying the credentials (TLS end to end inside)
      assertThat(proxy.seen()).isNotEmpty().allMatch(r -> r.method().equals("CONNECT") && r.authorized
          && r.target().equals("127.0.0.1:" + tls.port()));
      assertThat(tls.upgradeRequests().get(0).header("x-tenant")).isEqualTo(HEADER_VALUE);
      assertThat(tls.insightRequests().get(0).header("x-tenant")).isEqualTo(HEADER_VALUE);
      assertNoCredentials(logs.lines(), tls.secret());
    }
  }

  @Test
  void wrongCredentialsAreRefusedByTheProxyAndSaySo() throws Exception {
    String wrong = "wrong-" + PASSWORD;
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config(server, http().proxyAuthentication(USER, wrong)).startWait(Duration.ZERO)
          .eventMaxAttempts(1));
      assertThat(logs.awaitLine(l -> l.contains("Reconnecting in"), T)).isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.NOT_READY);
      String error = c.dataUpdateStatusProvider().status().lastError().message();
      assertThat(error).isEqualTo(server.streamingUrl() + "/streaming: the HTTP proxy 127.0.0.1:" + proxy.port()
          + " refused the proxy credentials "
          + "(HTTP 407 Proxy Authentication Required): check http().proxyAuthentication(user, password)");
      assertThat(server.upgradeAttempts()).isZero();

      c.trackMetric(U, "checkout");
      c.flush();
      assertThat(logs.awaitLine(l -> l.contains("Dropped 1 events after 1 attempts") && l.contains("refused the "
          + "proxy credentials"), T)).isPositive();
      assertThat(server.insightRequests()).isEmpty();
      assertThat(proxy.seen()).noneMatch(r -> r.authorized);
      for (String l : logs.lines()) {
        assertThat(l).doesNotContain(wrong).doesNotContain(server.secret()).doesNotContain(HEADER_VALUE);
      }
      assertNoCredentials(logs.lines(), server.secret());
    }
  }

  @Test
  void noCredentialsForAProxyThatRequiresThemSaysWhatToSet() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config(server, http()).startWait(Duration.ZERO).disableEvents());
      assertThat(logs.awaitLine(l -> l.contains("Reconnecting in"), T)).isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().status().lastError().message())
          .isEqualTo(server.streamingUrl() + "/streaming: the HTTP proxy 127.0.0.1:" + proxy.port()
              + " requires authentication (HTTP 407 Proxy "
              + "Authentication Required): set http().proxyAuthentication(user, password)");
      assertThat(proxy.seen()).allMatch(r -> r.method().equals("CONNECT") && !r.authorized);
      assertNoCredentials(logs.lines(), server.secret());
    }
  }

  @Test
  void wrongCredentialsForHttpsPollingSaySo() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    FeatBitTestServer tls = FeatBitTestServer.startTls(cert.keyStore(), cert.password());
    extraServers.add(tls);
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config(tls, http().proxyAuthentication(USER, "nope-" + PASSWORD)
          .sslContext(cert.trustingContext())).dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(tls.httpUrl())
          .startWait(Duration.ZERO).disableEvents());
      assertThat(logs.awaitLines(l -> l.contains("polling request failed"), 2, T)).as("the first failure recorded")
          .isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().status().lastError().message())
          .startsWith("polling request failed: the HTTP proxy 127.0.0.1:" + proxy.port()
              + " refused the proxy credentials (HTTP 407");
      assertThat(tls.pollingRequests()).isEmpty();
      for (String l : logs.lines()) {
        assertThat(l).doesNotContain("nope-" + PASSWORD);
      }
      assertNoCredentials(logs.lines(), tls.secret());
    }
  }
}
