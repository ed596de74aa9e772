package dev.featbit.sdk.config;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * How the client reaches the evaluation server over HTTP and WebSocket: connect timeout, proxy, extra request
 * headers and TLS trust. Immutable; made by {@link HttpBuilder} ({@code Components.http()}).
 *
 * @since 0.1.0
 */
public final class HttpConfig {
  /** Default {@link HttpBuilder#connectTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Duration connectTimeout;
  private final InetSocketAddress proxy;
  private final ProxySelector proxySelector;
  private final String proxyUsername;
  private final String proxyPassword;
  private final Map<String, String> headers;
  private final SSLContext sslContext;

  HttpConfig(HttpBuilder b) {
    this.connectTimeout = b.connectTimeout;
    this.proxy = b.proxy;
    this.proxySelector = b.proxySelector;
    this.proxyUsername = b.proxyUsername;
    this.proxyPassword = b.proxyPassword;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.sslContext = b.sslContext;
  }

  /**
   * The deadline of each connection attempt (TCP, TLS and, for streaming, the WebSocket handshake).
   *
   * @return the connect timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The HTTP proxy every request and WebSocket goes through, or {@code null} for a direct connection (unless
   * {@link #proxySelector()} is set).
   *
   * @return the proxy address, or {@code null}
   */
  public InetSocketAddress proxy() {
    return proxy;
  }

  /**
   * A proxy selector chosen by the application (for example {@link ProxySelector#getDefault()} to follow the
   * JVM's {@code http.proxyHost} settings), or {@code null}.
   *
   * @return the proxy selector, or {@code null}
   */
  public ProxySelector proxySelector() {
    return proxySelector;
  }

  /**
   * The user name sent to a proxy that asks for Basic authentication, or {@code null}.
   *
   * @return the proxy user name, or {@code null}
   */
  public String proxyUsername() {
    return proxyUsername;
  }

  /**
   * Whether proxy credentials are configured (the password itself is not exposed by {@link #toString()}).
   *
   * @return true when a proxy user name and password are set
   */
  public boolean hasProxyCredentials() {
    return proxyUsername != null && proxyPassword != null;
  }

  /**
   * The proxy password, or {@code null}. Treat it as a credential: never log it.
   *
   * @return the proxy password, or {@code null}
   */
  public String proxyPassword() {
    return proxyPassword;
  }

  /**
   * Extra headers sent with every request and WebSocket handshake, in the order they were added.
   *
   * @return an unmodifiable map of header names to values
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The TLS context for {@code https://} and {@code wss://} (a private CA or a pinned trust store), or
   * {@code null} for the JVM's default trust.
   *
   * @return the SSL context, or {@code null}
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Shows the settings; never the proxy password or header values (they may carry credentials).
   *
   * @return a description safe for logs
   */
  @Override
  public String toString() {
    return "HttpConfig{connectTimeout=" + connectTimeout + ", proxy=" + (proxy != null ? proxy
        : proxySelector != null ? "selector" : "none") + ", proxyCredentials=" + hasProxyCredentials()
        + ", headers=" + headers.keySet() + ", customTls=" + (sslContext != null) + "}";
  }
}
