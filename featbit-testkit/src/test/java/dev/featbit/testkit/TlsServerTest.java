package dev.featbit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The test server over TLS with a certificate made at run time; upgrade requests are recorded with headers. */
class TlsServerTest {
  static final Duration T = Duration.ofSeconds(10);

  @Test
  void servesHttpsAndWssToClientsTrustingItsCertificateOnly() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    assertThat(cert.certificate().getSubjectX500Principal().getName()).contains("CN=127.0.0.1");
    try (FeatBitTestServer server = FeatBitTestServer.startTls(cert.keyStore(), cert.password())) {
      server.load(TestFlag.bool("flag-a"));
      assertThat(server.isTls()).isTrue();
      assertThat(server.httpUrl()).isEqualTo("https://127.0.0.1:" + server.port());
      assertThat(server.streamingUrl()).isEqualTo("wss://127.0.0.1:" + server.port());

      HttpClient trusting = HttpClient.newBuilder().sslContext(cert.trustingContext()).build();
      HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(
          URI.create(server.httpUrl() + "/api/public/sdk/server/latest-all")).header("Authorization", server.secret())
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("flag-a");

      WebSocket ws = trusting.newWebSocketBuilder().header("X-Probe", "p-1")
          .buildAsync(URI.create(server.streamingUrl() + "/streaming?type=server&token=x"), new WebSocket.Listener() {})
          .get(10, TimeUnit.SECONDS);
      ws.abort();
      assertThat(server.await(s -> s.upgradeRequests().size() == 1, T)).isTrue();
      RecordedRequest upgrade = server.upgradeRequests().get(0);
      assertThat(upgrade.path()).isEqualTo("/streaming");
      assertThat(upgrade.query()).isEqualTo("type=server&token=x");
      assertThat(upgrade.header("x-probe")).isEqualTo("p-1");
      assertThat(upgrade.answeredStatus()).isEqualTo(101);

      HttpClient defaultTrust = HttpClient.newHttpClient();
      assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/")).build(),
          HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);

      server.stop();
      server.restart();
      assertThat(trusting.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
          + "/api/public/sdk/server/latest-all")).header("Authorization", server.secret()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).as("TLS again after a restart").isEqualTo(200);
    }
  }
}
