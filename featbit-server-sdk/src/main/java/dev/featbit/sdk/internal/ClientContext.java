package dev.featbit.sdk.internal;

import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.config.HttpConfig;
import dev.featbit.sdk.internal.sync.SdkInfo;
import dev.featbit.sdk.spi.ComponentContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one client's components share: the configuration, the clock, one task scheduler ({@code featbit-tasks},
 * or the application's), the HTTP client and its executor ({@code featbit-http-N}). Created by the client,
 * given to every component it builds; {@link #start()} creates the threads, {@link #close} stops them.
 *
 * <p>Every HTTP response is handled on an SDK thread: {@link #send} runs the exchange on the HTTP executor and
 * completes there (the JDK's {@code sendAsync} completes its futures on the common pool, which on small
 * machines starts a new unnamed thread per response).
 */
public final class ClientContext implements ComponentContext {
  public final FBConfig config;
  private final Clock clock;
  private final boolean ownsScheduler;
  private final String environmentId;
  private volatile ScheduledExecutorService scheduler;
  private volatile ExecutorService httpExecutor;
  private volatile HttpClient http;

  public ClientContext(FBConfig config) {
    this.config = config;
    this.clock = config.clock() != null ? config.clock() : Clock.systemUTC();
    this.ownsScheduler = config.scheduler() == null;
    this.scheduler = config.scheduler();
    this.environmentId = environmentId(config.envSecret());
  }

  /** A factory of daemon threads named {@code featbit-<role>-N}. */
  public static ThreadFactory threads(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "featbit-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Creates the scheduler (unless the application gave one) and, when {@code network}, the HTTP client. */
  public synchronized void start(boolean network) {
    if (scheduler == null) {
      ScheduledThreadPoolExecutor tasks = new ScheduledThreadPoolExecutor(1, threads("tasks"));
      tasks.setRemoveOnCancelPolicy(true);
      scheduler = tasks;
    }
    if (network && http == null) {
      httpExecutor = Executors.newCachedThreadPool(threads("http"));
      http = buildHttpClient(config.http(), httpExecutor);
    }
  }

  private static HttpClient buildHttpClient(HttpConfig h, ExecutorService executor) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(h.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (h.proxySelector() != null) {
      b.proxy(h.proxySelector());
    } else if (h.proxy() != null) {
      b.proxy(java.net.ProxySelector.of(h.proxy()));
    }
    if (h.sslContext() != null) {
      b.sslContext(h.sslContext());
    }
    if (h.hasProxyCredentials()) {
      b.authenticator(new ProxyAuthenticator(h.proxyUsername(), h.proxyPassword()));
    }
    return b.build();
  }

  /** Answers only a proxy's request for credentials, only for this client (no JVM-wide authenticator). */
  private static final class ProxyAuthenticator extends java.net.Authenticator {
    private final String user;
    private final char[] password;

    ProxyAuthenticator(String user, String password) {
      this.user = user;
      this.password = password.toCharArray();
    }

    @Override
    protected java.net.PasswordAuthentication getPasswordAuthentication() {
      if (getRequestorType() != RequestorType.PROXY) {
        return null;
      }
      return new java.net.PasswordAuthentication(user, password.clone());
    }
  }

  @Override
  public FBConfig config() {
    return config;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String environmentId() {
    return environmentId;
  }

  /** The clock's current time in epoch milliseconds. */
  public long millis() {
    return clock.millis();
  }

  /** The clock's current instant. */
  public Instant now() {
    return clock.instant();
  }

  /** The HTTP client ({@code null} until {@link #start(boolean)} with network). */
  public HttpClient http() {
    return http;
  }

  /**
   * A request builder for {@code uri} with the configured extra headers, the SDK's {@code User-Agent}, and
   * HTTP/1.1 for plain {@code http://} (no {@code h2c} upgrade offer).
   */
  public HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if ("http".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT))) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    for (Map.Entry<String, String> h : config.http().headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.header("User-Agent", SdkInfo.USER_AGENT);
  }

  /** A WebSocket builder with the configured extra headers and the SDK's {@code User-Agent}. */
  public WebSocket.Builder webSocket() {
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(config.http().connectTimeout());
    for (Map.Entry<String, String> h : config.http().headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.header("User-Agent", SdkInfo.USER_AGENT);
  }

  /**
   * Sends a request on the HTTP executor; the returned future completes on that executor's thread (never on
   * the common pool). Fails with {@link RejectedExecutionException} once the client is closing.
   */
  public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    HttpClient client = http;
    ExecutorService executor = httpExecutor;
    CompletableFuture<HttpResponse<T>> f = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        f.complete(client.send(request, handler));
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
   * Stops the threads: the scheduler now (unless it is the application's), the HTTP executor when
   * {@code quiet} completes (a WebSocket handshake in progress finishes only on it).
   */
  public void close(CompletableFuture<?> quiet) {
    ScheduledExecutorService s = scheduler;
    if (ownsScheduler && s != null) {
      s.shutdownNow();
    }
    ExecutorService h = httpExecutor;
    if (h != null) {
      if (quiet == null || quiet.isDone()) {
        h.shutdownNow();
      } else {
        quiet.whenComplete((x, e) -> h.shutdownNow());
      }
    }
  }

  /** The environment GUID encoded in the secret's last 22 characters, as 32 hex digits; null if none. */
  static String environmentId(String secret) {
    if (secret == null || secret.length() != 44) {
      return null;
    }
    try {
      byte[] g = Base64.getDecoder().decode(secret.substring(22).replace('_', '/').replace('-', '+') + "==");
      if (g.length != 16) {
        return null;
      }
      StringBuilder sb = new StringBuilder(32);
      for (byte x : g) {
        sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
      }
      return sb.toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
