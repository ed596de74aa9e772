package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.SelfSignedCertificate;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wss://} streaming, {@code https://} events and polling against the test kit serving TLS with a
 * self-signed certificate made at test time: trusted through {@code http().sslContext(...)}, refused without.
 */
class TlsTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  static SelfSignedCertificate cert;
  static FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    cert = SelfSignedCertificate.generate();
    server = FeatBitTestServer.startTls(cert.keyStore(), cert.password());
    server.load(TestFlag.bool("flag-a"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(FBClient::close);
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).eventsUrl(server.httpUrl())
        .startWait(T).firstRetryDelay(Duration.ofMillis(50)).maxRetryDelay(Duration.ofMillis(200))
        .flushInterval(Duration.ofSeconds(30));
  }

  static void assertNoSecret(List<String> lines) {
    assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(server.secret()) || l.contains("token=ey"));
  }

  @Test
  void wssStreamingAndHttpsEventsAndPollingWithAnSslContextTrustingTheCertificate() throws Exception {
    assertThat(server.streamingUrl()).startsWith("wss://");
    assertThat(server.httpUrl()).startsWith("https://");
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config().http(Components.http().sslContext(cert.trustingContext())));
      assertThat(c.isInitialized()).isTrue();
      assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
      assertThat(c.boolVariation("flag-a", U, false)).isTrue();
      int before = server.insightRequests().size();
      c.flush();
      assertThat(server.await(s -> s.insightRequests().size() > before, T)).isTrue();
      assertThat(server.insightRequests().get(before).answeredStatus()).isEqualTo(200);

      int polls = server.pollingRequests().size();
      FBClient polling = client(config().dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl())
          .disableEvents().http(Components.http().sslContext(cert.trustingContext())));
      assertThat(polling.isInitialized()).isTrue();
      assertThat(polling.boolVariation("flag-a", U, false)).isTrue();
      assertThat(server.pollingRequests().size()).isGreaterThan(polls);
      assertNoSecret(logs.lines());
    }
  }

  @Test
  void wssStreamingFailsWithoutTheSslContext() throws Exception {
    int attempts = server.upgradeAttempts();
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config().startWait(Duration.ZERO).disableEvents());
      assertThat(logs.awaitLine(l -> l.contains("Reconnecting in"), T)).isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.NOT_READY);
      assertThat(c.dataUpdateStatusProvider().status().lastError().message())
          .startsWith(server.streamingUrl() + "/streaming: TLS handshake failed: the server certificate is not "
              + "trusted; give http().sslContext(...) "
              + "a trust store holding it or its CA (SSLHandshakeException: ")
          .contains("PKIX path building failed");
      assertThat(server.upgradeAttempts()).isEqualTo(attempts);
      assertNoSecret(logs.lines());
    }
  }

  @Test
  void httpsPollingAndEventsFailWithoutTheSslContext() throws Exception {
    int polls = server.pollingRequests().size();
    int insights = server.insightRequests().size();
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config().dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl())
          .startWait(Duration.ZERO).eventMaxAttempts(1));
      assertThat(logs.awaitLines(l -> l.contains("polling request failed"), 2, T)).isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().status().lastError().message())
          .startsWith("polling request failed: TLS handshake failed: the server certificate is not trusted");
      c.trackMetric(U, "checkout");
      c.flush();
      assertThat(logs.awaitLine(l -> l.contains("Dropped 1 events") && l.contains("TLS handshake failed: the "
          + "server certificate is not trusted"), T)).isPositive();
      assertThat(server.pollingRequests()).hasSize(polls);
      assertThat(server.insightRequests()).hasSize(insights);
      assertNoSecret(logs.lines());
    }
  }

  @Test
  void aContextTrustingAnotherCertificateIsRefusedToo() throws Exception {
    SelfSignedCertificate other = SelfSignedCertificate.generate();
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config().startWait(Duration.ZERO).disableEvents()
          .http(Components.http().sslContext(other.trustingContext())));
      assertThat(logs.awaitLine(l -> l.contains("Reconnecting in"), T)).isPositive();
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().status().lastError().message())
          .startsWith(server.streamingUrl() + "/streaming: TLS handshake failed: the server certificate is not trusted");
      assertNoSecret(logs.lines());
    }
  }
}
