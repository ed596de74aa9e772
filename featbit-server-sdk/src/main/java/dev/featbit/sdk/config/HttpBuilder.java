package dev.featbit.sdk.config;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Builds the {@link HttpConfig} of a client; obtained from {@code Components.http()} and passed to
 * {@code FBConfig.Builder.http(...)}. Not thread-safe.
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(secret)
 *     .streamingUrl("wss://featbit.example.com")
 *     .http(Components.http()
 *         .proxy("proxy.corp.example", 3128)
 *         .proxyAuthentication("svc-featbit", System.getenv("PROXY_PASSWORD"))
 *         .header("X-Tenant", "shop")
 *         .sslContext(corporateTrust))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HttpBuilder {
  Duration connectTimeout = HttpConfig.DEFAULT_CONNECT_TIMEOUT;
  InetSocketAddress proxy;
  ProxySelector proxySelector;
  String proxyUsername;
  String proxyPassword;
  final Map<String, String> headers = new LinkedHashMap<>();
  SSLContext sslContext;

  /** Use {@code Components.http()}. */
  public HttpBuilder() {}

  /**
   * The deadline of each connection attempt (default {@link HttpConfig#DEFAULT_CONNECT_TIMEOUT}).
   *
   * @param timeout at least 1 ms
   * @return this builder
   */
  public HttpBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
    return this;
  }

  /**
   * Sends every request and WebSocket through this HTTP proxy ({@code CONNECT} tunnels for TLS).
   *
   * @param host the proxy's host name or address
   * @param port the proxy's port
   * @return this builder
   */
  public HttpBuilder proxy(String host, int port) {
    this.proxy = InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "proxy host"), port);
    this.proxySelector = null;
    return this;
  }

  /**
   * Chooses the proxy per request with a selector (for example {@link ProxySelector#getDefault()} to follow
   * the JVM's proxy properties). Replaces {@link #proxy(String, int)}.
   *
   * @param selector the selector
   * @return this builder
   */
  public HttpBuilder proxySelector(ProxySelector selector) {
    this.proxySelector = Objects.requireNonNull(selector, "proxySelector");
    this.proxy = null;
    return this;
  }

  /**
   * Credentials for a proxy that requires Basic authentication (HTTP 407), sent for this client only: no
   * JVM-wide authenticator or system property is changed.
   *
   * @param username the proxy user
   * @param password the proxy password (never logged)
   * @return this builder
   */
  public HttpBuilder proxyAuthentication(String username, String password) {
    this.proxyUsername = Objects.requireNonNull(username, "proxy username");
    this.proxyPassword = Objects.requireNonNull(password, "proxy password");
    return this;
  }

  /**
   * Adds a header to every request and WebSocket handshake (a gateway's API key, a tenant id...). The SDK's
   * own {@code Authorization}, {@code User-Agent} and content headers cannot be replaced this way.
   *
   * @param name the header name
   * @param value the header value (never logged)
   * @return this builder
   */
  public HttpBuilder header(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    headers.put(name, value);
    return this;
  }

  /**
   * The TLS context for {@code https://} and {@code wss://}: trust a private CA or a self-signed server
   * certificate. Default: the JVM's trust store.
   *
   * @param context the SSL context
   * @return this builder
   */
  public HttpBuilder sslContext(SSLContext context) {
    this.sslContext = Objects.requireNonNull(context, "sslContext");
    return this;
  }

  /**
   * A copy of this builder.
   *
   * @return a new builder with the same settings
   */
  public HttpBuilder copy() {
    return from(build());
  }

  /**
   * The immutable configuration (validated by {@code FBConfig.Builder.build()}).
   *
   * @return the configuration
   */
  public HttpConfig build() {
    return new HttpConfig(this);
  }

  /**
   * A builder holding the settings of a built configuration.
   *
   * @param c the configuration
   * @return a new builder
   */
  public static HttpBuilder from(HttpConfig c) {
    HttpBuilder b = new HttpBuilder();
    b.connectTimeout = c.connectTimeout();
    b.proxy = c.proxy();
    b.proxySelector = c.proxySelector();
    b.proxyUsername = c.proxyUsername();
    b.proxyPassword = c.proxyPassword();
    b.headers.putAll(c.headers());
    b.sslContext = c.sslContext();
    return b;
  }
}
