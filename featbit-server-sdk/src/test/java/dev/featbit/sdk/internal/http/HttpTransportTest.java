package dev.featbit.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.Components;
import dev.featbit.sdk.config.HttpConfig;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.testkit.Secrets;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failure descriptions: what to do, and never a credential. */
class HttpTransportTest {
  static final String SECRET = Secrets.newSecret();
  static final String PASSWORD = "transport-test-password";
  static final String BASIC = Base64.getEncoder().encodeToString(("svc:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  final ExecutorService executor = Executors.newCachedThreadPool(ClientContext.threads("http"));
  HttpTransport transport;

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
    executor.shutdownNow();
  }

  HttpTransport transport(HttpConfig c) {
    transport = new HttpTransport(c, SECRET, "featbit-java-server-sdk/test", executor,
        ClientContext.threads("proxy-relay"));
    return transport;
  }

  @Test
  void credentialsInExceptionMessagesAreRedacted() {
    HttpTransport t = transport(Components.http().proxy("127.0.0.1", 3128).proxyAuthentication("svc", PASSWORD)
        .header("X-Api-Key", "api-key-value").build());
    String text = "failed for " + SECRET + " with " + PASSWORD + ", Basic " + BASIC + ", api-key-value, "
        + "wss://h/streaming?type=server&token=abc.def";
    String d = t.describe(new CompletionException(new IOException(text)));
    assertThat(d).startsWith("IOException: failed for <redacted> with <redacted>, <redacted>, <redacted>, "
        + "wss://h/streaming?type=server&token=<redacted>");
    assertThat(d).doesNotContain(SECRET).doesNotContain(PASSWORD).doesNotContain(BASIC)
        .doesNotContain("api-key-value").doesNotContain("abc.def");
  }

  @Test
  void tlsAndTimeoutFailuresSayWhatToCheck() {
    HttpTransport t = transport(Components.http().build());
    assertThat(t.describe(new CompletionException(new SSLHandshakeException("PKIX path building failed: x"))))
        .isEqualTo("TLS handshake failed: the server certificate is not trusted; give http().sslContext(...) a "
            + "trust store holding it or its CA (SSLHandshakeException: PKIX path building failed: x)");
    assertThat(t.describe(new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.1")))
        .startsWith("TLS handshake failed: the server certificate does not match the host name of the URL");
    IOException wrapped = new IOException("outer", new HttpConnectTimeoutException("HTTP connect timed out"));
    assertThat(t.describe(wrapped)).isEqualTo("connection timed out (HttpConnectTimeoutException: HTTP connect timed out)");
    assertThat(t.describe(new IOException("Tunnel failed, got: 502")))
        .isEqualTo("the HTTP proxy did not open a tunnel (it answered CONNECT with HTTP 502)");
  }
}
