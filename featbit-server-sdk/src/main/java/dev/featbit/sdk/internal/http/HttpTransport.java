package dev.featbit.sdk.internal.http;

import dev.featbit.sdk.config.HttpConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket transport of one client, on {@code java.net.http}: requests and WebSocket builders
 * carrying the configured headers, sent on the client's HTTP executor, and failures described for logs and the
 * status without any credential.
 *
 * <p>Plain {@code http://} requests go out as HTTP/1.1 (no {@code h2c} upgrade offer). Through a proxy they use
 * the absolute form; with proxy credentials they carry {@code Proxy-Authorization: Basic} from the first
 * request (the JDK sends {@code Proxy-*} headers to proxies only, never to a server).
 *
 * <p>Everything else through a proxy is a {@code CONNECT} tunnel: {@code https://}, {@code wss://} and
 * {@code ws://} too (the JDK tunnels every WebSocket through a proxy). The JDK refuses Basic credentials for
 * tunnels unless a JVM-wide property is changed, so with proxy credentials these go through a second
 * {@link HttpClient} whose proxy is this client's {@link ProxyRelay}, which adds them.
 */
public final class HttpTransport {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.http");

  private final HttpConfig config;
  private final String userAgent;
  private final ExecutorService executor;
  private final Handoff handoff;
  private final HttpClient plain;
  private final HttpClient tunnels;
  private final ProxyRelay relay;
  private final String proxyBasic;
  private final List<String> secrets = new ArrayList<>();

  /**
   * Builds the HTTP client(s) and, with proxy credentials, starts the relay.
   *
   * @param config the HTTP settings
   * @param envSecret the env secret (only to keep it out of messages)
   * @param userAgent the SDK's {@code User-Agent}
   * @param executor runs the exchanges and completes their futures until {@link #close()}
   * @param relayThreads makes the relay's threads
   */
  public HttpTransport(HttpConfig config, String envSecret, String userAgent, ExecutorService executor,
      ThreadFactory relayThreads) {
    this.config = config;
    this.userAgent = userAgent;
    this.executor = executor;
    this.handoff = new Handoff(executor);
    ProxySelector configured = config.proxySelector() != null ? config.proxySelector()
        : config.proxy() != null ? ProxySelector.of(config.proxy()) : null;
    HttpClient.Builder pb = builder(config, handoff);
    if (configured != null) {
      pb.proxy(configured); // otherwise the JDK's default selector (the http(s).proxyHost properties)
    }
    this.plain = pb.build();
    ProxyRelay r = null;
    if (config.hasProxyCredentials()) {
      try {
        r = new ProxyRelay(configured != null ? configured : ProxySelector.getDefault(), config.proxyUsername(),
            config.proxyPassword(), config.connectTimeout(), relayThreads);
      } catch (IOException e) {
        LOG.error("Cannot open the loopback port that adds the proxy credentials to tunnels ({}): https and "
            + "WebSocket connections through the proxy will be refused with HTTP 407", e.getClass().getSimpleName());
      }
    }
    this.relay = r;
    this.tunnels = r == null ? plain : builder(config, handoff).proxy(r.selector()).build();
    this.proxyBasic = config.hasProxyCredentials()
        ? Credentials.basic(config.proxyUsername(), config.proxyPassword()) : null;
    addSecret(envSecret);
    if (config.hasProxyCredentials()) {
      addSecret(config.proxyPassword());
      addSecret(proxyBasic);
      addSecret(proxyBasic.substring("Basic ".length()));
    }
    if (r != null) {
      addSecret(r.tokenHeader());
    }
    for (String v : config.headers().values()) {
      addSecret(v);
    }
  }

  private static HttpClient.Builder builder(HttpConfig h, Executor executor) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(h.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (h.sslContext() != null) {
      b.sslContext(h.sslContext());
    }
    return b;
  }

  private void addSecret(String s) {
    if (s != null && s.length() >= 4) {
      secrets.add(s);
    }
  }

  /**
   * The client for plain {@code http://} requests.
   *
   * @return the HTTP client
   */
  public HttpClient http() {
    return plain;
  }

  /**
   * A request builder for {@code uri} with the configured extra headers, the SDK's {@code User-Agent}, and
   * HTTP/1.1 for plain {@code http://}.
   *
   * @param uri the request URI
   * @return the builder
   */
  public HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (isPlain(uri)) {
      b.version(HttpClient.Version.HTTP_1_1);
      if (proxyBasic != null) {
        b.header("Proxy-Authorization", proxyBasic);
      }
    } else if (relay != null) {
      b.header("Proxy-Authorization", relay.tokenHeader());
    }
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.header("User-Agent", userAgent);
  }

  /**
   * A WebSocket builder with the configured extra headers, the SDK's {@code User-Agent} and the connect timeout
   * (which bounds the whole opening handshake).
   *
   * @return the builder
   */
  public WebSocket.Builder webSocket() {
    WebSocket.Builder b = tunnels.newWebSocketBuilder().connectTimeout(config.connectTimeout());
    if (relay != null) {
      b.header("Proxy-Authorization", relay.tokenHeader());
    }
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.header("User-Agent", userAgent);
  }

  private static boolean isPlain(URI uri) {
    return "http".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Sends a request on the HTTP executor; the future completes on that executor's thread. An answer
   * {@code 407} completes it with a {@link ProxyAuthenticationException}.
   *
   * @param request the request (from {@link #request(URI)})
   * @param handler the body handler
   * @param <T> the body type
   * @return the response future
   */
  public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    HttpClient client = isPlain(request.uri()) ? plain : tunnels;
    CompletableFuture<HttpResponse<T>> f = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        HttpResponse<T> response = client.send(request, handler);
        if (response.statusCode() == 407) {
          f.completeExceptionally(new ProxyAuthenticationException(proxyRefusal(response.headers(), request.uri())));
        } else {
          f.complete(response);
        }
      } catch (InterruptedException e) {
        f.completeExceptionally(e);
        Thread.currentThread().interrupt();
      } catch (Exception | Error e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /**
   * A one-line description of a failed request or handshake, for logs and the status: what went wrong and
   * what to configure. Never contains the env secret, a proxy credential or a header value.
   *
   * @param error the failure (completion wrappers are looked through)
   * @return the description
   */
  public String describe(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ProxyAuthenticationException) {
      return t.getMessage();
    }
    if (t instanceof WebSocketHandshakeException) {
      HttpResponse<?> r = ((WebSocketHandshakeException) t).getResponse();
      if (r.statusCode() == 407) {
        return proxyRefusal(r.headers(), r.request().uri());
      }
      return "WebSocket handshake answered with HTTP " + r.statusCode();
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SSLException) {
        return tls(c);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return "connection timed out (" + simple(c) + ")";
      }
    }
    if (t instanceof HttpTimeoutException) {
      return "timed out (" + simple(t) + ")";
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return "unknown host (" + simple(c) + ")"; // the JDK wraps a failed lookup in a ConnectException
      }
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException) {
        return "connection refused or unreachable (" + simple(c) + ")";
      }
    }
    String m = t.getMessage();
    if (t instanceof IOException && m != null && m.startsWith("Tunnel failed, got: ")) {
      String status = m.substring("Tunnel failed, got: ".length()).trim();
      return "the HTTP proxy did not open a tunnel (it answered CONNECT with HTTP " + redact(status) + ")";
    }
    return simple(t);
  }

  /** What to do about a {@code 407}; names the proxy (an address, no credential). */
  String proxyRefusal(HttpHeaders headers, URI target) {
    String proxy = proxyOf(target);
    String who = "the HTTP proxy" + (proxy != null ? " " + proxy : "");
    Set<String> schemes = new LinkedHashSet<>();
    for (String v : headers.allValues("Proxy-Authenticate")) {
      String s = v.trim().split("[\\s,]", 2)[0];
      if (s.matches("[A-Za-z0-9._-]{1,32}")) {
        schemes.add(s);
      }
    }
    boolean basic = schemes.isEmpty() || schemes.stream().anyMatch(s -> s.equalsIgnoreCase("Basic"));
    if (!basic) {
      return who + " asks for " + String.join("/", schemes) + " authentication (HTTP 407); only Basic "
          + "credentials are supported (http().proxyAuthentication(user, password))";
    }
    if (!config.hasProxyCredentials()) {
      return who + " requires authentication (HTTP 407 Proxy Authentication Required): set "
          + "http().proxyAuthentication(user, password)";
    }
    return who + " refused the proxy credentials (HTTP 407 Proxy Authentication Required): check "
        + "http().proxyAuthentication(user, password)";
  }

  /** {@code host:port} of the proxy used for {@code target}, or {@code null} when unknown. */
  private String proxyOf(URI target) {
    InetSocketAddress a = null;
    if (target != null && target.getHost() != null) {
      int port = target.getPort() >= 0 ? target.getPort()
          : "https".equalsIgnoreCase(target.getScheme()) || "wss".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
      if (relay != null) {
        a = relay.proxyFor(target.getHost(), port);
      }
    }
    if (a == null && config.proxy() != null) {
      a = config.proxy();
    }
    if (a == null && config.proxySelector() != null && target != null) {
      try {
        List<Proxy> l = config.proxySelector().select(target);
        if (!l.isEmpty() && l.get(0).address() instanceof InetSocketAddress) {
          a = (InetSocketAddress) l.get(0).address();
        }
      } catch (RuntimeException e) {
        // the message goes without the address
      }
    }
    return a == null ? null : redact(a.getHostString() + ":" + a.getPort());
  }

  private String tls(Throwable c) {
    String m = c.getMessage() == null ? "" : c.getMessage();
    String why;
    if (m.contains("PKIX") || m.contains("certification path") || m.contains("trust anchor")) {
      why = "the server certificate is not trusted; give http().sslContext(...) a trust store holding it or its CA";
    } else if (m.contains("No subject alternative") || m.contains("No name matching")) {
      why = "the server certificate does not match the host name of the URL";
    } else {
      why = "check the server's certificate and http().sslContext(...)";
    }
    return "TLS handshake failed: " + why + " (" + simple(c) + ")";
  }

  private String simple(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + redact(t.getMessage()) : "");
  }

  /**
   * Removes every credential this transport knows (and any {@code token=} query value) from a text.
   *
   * @param text the text
   * @return the text without credentials
   */
  public String redact(String text) {
    String r = text.replaceAll("token=[^&\\s]*", "token=<redacted>");
    for (String s : secrets) {
      r = r.replace(s, "<redacted>");
    }
    return r;
  }

  /**
   * Closes the relay's tunnels and threads and detaches the HTTP clients from the executor, so that the caller
   * may stop the executor at once: what the clients still complete afterwards (a WebSocket handshake that
   * was under way, bounded by the connect timeout) runs on the JDK's own thread that completes it, and the
   * listener of a socket opened that late closes it. On Java 21 and later the clients are also shut down
   * now, which ends such a handshake at once. Call it once no exchange is awaited any more; the executor
   * belongs to the caller.
   */
  public void close() {
    handoff.closed = true;
    if (relay != null) {
      relay.close();
    }
    shutdownNow(plain);
    if (tunnels != plain) {
      shutdownNow(tunnels);
    }
  }

  private static void shutdownNow(HttpClient client) {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
    } catch (NoSuchMethodException before21) {
      // the client's selector thread ends when its last exchange has and the client is collected
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Shutting the HTTP client down failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * The executor the HTTP clients are given: the client's HTTP executor until {@link #close()}, then the
   * thread that hands the work over. The JDK offers no way before Java 21 to end an exchange it has started,
   * so the executor cannot wait for the last handshake: once closed, the little work still to come (failing
   * or completing that handshake, and the listener closing its socket) runs where the JDK produces it.
   */
  private static final class Handoff implements Executor {
    private final ExecutorService pool;
    volatile boolean closed;

    Handoff(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
      if (!closed) {
        try {
          pool.execute(task);
          return;
        } catch (RejectedExecutionException stopped) {
          // the pool stopped before close() was seen: run it here, as after close()
        }
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.debug("HTTP work after close failed: {}", e.getClass().getSimpleName());
      }
    }
  }
}
