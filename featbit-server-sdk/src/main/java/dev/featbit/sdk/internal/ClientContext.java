package dev.featbit.sdk.internal;

import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.http.HttpTransport;
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
  private volatile HttpTransport transport;

  public ClientContext(FBConfig config) {
    this.config = config;
    this.clock = config.clock() != null ? config.clock() : Clock.systemUTC();
    this.ownsScheduler = config.scheduler() == null;
    this.scheduler = config.scheduler();
    this.environmentId = environmentId(config.envSecret());
  }

  private volatile Thread schedulerThread;

  /**
   * Runs {@code r} on the scheduler's thread and waits for it (at most {@code timeoutMillis}): a component's
   * {@code close()} posts its work to the thread that owns its fields. Runs {@code r} on the calling thread
   * when that is the scheduler's thread, when the scheduler no longer takes tasks, or when the wait times out
   * (the fields it touches are volatile, so the work is still safe).
   */
  public void runOnScheduler(Runnable r, long timeoutMillis) {
    ScheduledExecutorService s = scheduler;
    if (s == null || Thread.currentThread() == schedulerThread) {
      r.run();
      return;
    }
    java.util.concurrent.Future<?> f;
    try {
      f = s.submit(r);
    } catch (RejectedExecutionException stopped) {
      r.run();
      return;
    }
    try {
      f.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(false);
      r.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r.run();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
      // the work failed or was dropped: nothing more to do
    }
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
    try {
      scheduler.execute(() -> schedulerThread = Thread.currentThread());
    } catch (RejectedExecutionException stopped) {
      // an application scheduler already shut down: components run their close work inline
    }
    if (network && transport == null) {
      httpExecutor = Executors.newCachedThreadPool(threads("http"));
      transport = new HttpTransport(config.http(), config.envSecret(), SdkInfo.USER_AGENT, httpExecutor,
          threads("proxy-relay"));
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

  /** The client for plain {@code http://} requests ({@code null} until {@link #start(boolean)} with network). */
  public HttpClient http() {
    HttpTransport t = transport;
    return t == null ? null : t.http();
  }

  /**
   * A request builder for {@code uri} with the configured extra headers, the SDK's {@code User-Agent}, and
   * HTTP/1.1 for plain {@code http://} (no {@code h2c} upgrade offer); see {@link HttpTransport#request}.
   */
  public HttpRequest.Builder request(URI uri) {
    return transport.request(uri);
  }

  /** A WebSocket builder with the configured extra headers and the SDK's {@code User-Agent}. */
  public WebSocket.Builder webSocket() {
    return transport.webSocket();
  }

  /**
   * Sends a request on the HTTP executor; the returned future completes on that executor's thread (never on
   * the common pool). Fails with {@link RejectedExecutionException} once the client is closing, and with a
   * {@link dev.featbit.sdk.internal.http.ProxyAuthenticationException} on an answer 407.
   */
  public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return transport.send(request, handler);
  }

  /**
   * A one-line, credential-free description of a failed request or handshake (proxy refusals, TLS trust,
   * timeouts...), for logs and the status.
   */
  public String describe(Throwable error) {
    HttpTransport t = transport;
    if (t == null) {
      return error.getClass().getSimpleName();
    }
    return t.describe(error);
  }

  /**
   * Stops the threads now: the scheduler (unless it is the application's), the proxy relay and the HTTP
   * executor. A WebSocket handshake still under way is not waited for: the HTTP clients no longer use the
   * executor (see {@link HttpTransport#close()}), and its listener closes a socket that opens after this.
   */
  public void close() {
    ScheduledExecutorService s = scheduler;
    if (ownsScheduler && s != null) {
      s.shutdownNow();
    }
    HttpTransport t = transport;
    if (t != null) {
      t.close();
    }
    ExecutorService h = httpExecutor;
    if (h != null) {
      h.shutdownNow();
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
