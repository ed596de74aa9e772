package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.Urls;
import dev.featbit.sdk.internal.data.DataSource;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket streaming (spec 2, SYNC-*): connect with a fresh token, send {@code data-sync} with the committed
 * cursor, apply {@code full}/{@code patch} answers and pushes, ping, reconnect.
 *
 * <p>Failure policy:
 * <ol>
 *   <li>Close code 4003 (secret rejected, token expired): stop for good; status {@code CLOSED}; waits end with
 *       {@code REJECTED}; an error names the likely causes (never the secret).</li>
 *   <li>Any other close (1000 included), a handshake failure, an I/O error, a connect timeout, or nothing
 *       received for three ping intervals: status {@code STALE} (or stays {@code NOT_READY}), reconnect after
 *       the backoff of {@link Backoff} (honouring {@code Retry-After} on HTTP 429), forever, with data and
 *       cursor kept.</li>
 *   <li>A message that is not JSON, has no usable envelope or an unknown event type: logged and ignored;
 *       unknown message types are ignored silently. Bad data never triggers a reconnection.</li>
 *   <li>When streaming has not been connected for {@code pollingFallbackAfter}, polling runs until streaming
 *       commits data again.</li>
 * </ol>
 *
 * <p>Threads: the HTTP client's threads only assemble frames and hand complete messages to the client's
 * {@code featbit-tasks} thread, which owns all state of this class (fields without {@code volatile} are
 * touched only there); it parses, commits, sends and schedules. Sends are chained so that two messages never
 * interleave.
 */
public final class StreamingDataSource implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.sync");
  /** A single message above this size is refused (the connection is replaced). */
  static final int MAX_MESSAGE_CHARS = 256 * 1024 * 1024;
  /** Complete messages that may wait for the tasks thread before the connection stops asking for more. */
  static final int MAX_QUEUED = 4;
  /**
   * A receive buffer that grew beyond this many characters (a large data set) is dropped once its message is
   * handed off, so that a connection does not keep its peak size (twice the largest message, rounded up, and
   * two bytes per character once a message held one beyond Latin-1) for the rest of its life; smaller ones
   * are reused.
   */
  static final int RETAINED_BUFFER_CHARS = 1 << 20;

  private final ClientContext ctx;
  private final FBConfig config;
  private final DataUpdater updater;
  private final ScheduledExecutorService tasks;
  private final Supplier<DataSource> fallbackFactory;
  private final Backoff backoff;
  private volatile boolean closed;

  // owned by the tasks thread
  private volatile Connection current;
  private ScheduledFuture<?> reconnectTask;
  private long disconnectedSince = -1;
  private DataSource fallback;
  private boolean fallbackCheckScheduled;
  /** Rejected for good (close code 4003, unusable URL): no connection and no polling fallback any more. */
  private boolean stopped;

  public StreamingDataSource(ClientContext ctx, DataUpdater updater, Supplier<DataSource> fallbackFactory) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.updater = updater;
    this.tasks = ctx.scheduler();
    this.fallbackFactory = fallbackFactory;
    this.backoff = new Backoff(config.firstRetryDelay().toMillis(), config.maxRetryDelay().toMillis(), 60_000);
  }

  @Override
  public void start() {
    run(this::connect);
  }

  /** Runs {@code r} on the tasks thread; false when the client is closing and it will never run. */
  private boolean run(Runnable r) {
    try {
      tasks.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.error("Streaming task failed: {}", e.toString());
          LOG.debug("Streaming task failure", e);
        }
      });
    } catch (RejectedExecutionException shutDown) {
      return false; // the client is closing
    }
    return true;
  }

  private void connect() {
    if (closed || stopped) {
      return;
    }
    if (disconnectedSince < 0) {
      disconnectedSince = ctx.millis();
    }
    maybeStartFallback(ctx.millis());
    String token = StreamingToken.build(config.envSecret(), ctx.millis());
    URI uri;
    try {
      uri = URI.create(FBConfig.join(config.streamingUrl(), "/streaming") + "?type=server&token="
          + URLEncoder.encode(token, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid streaming URL; synchronisation stopped");
      stop();
      updater.status().rejected("invalid streaming URL");
      return;
    }
    Connection c = new Connection();
    current = c;
    LOG.debug("Connecting to {}", Urls.withoutCredentials(FBConfig.join(config.streamingUrl(), "/streaming")));
    CompletableFuture<WebSocket> f;
    try {
      f = ctx.webSocket().buildAsync(uri, c);
    } catch (RuntimeException e) {
      failed(c, e);
      return;
    }
    f.whenComplete((ws, err) -> {
      if (err != null) {
        run(() -> failed(c, err));
      }
    });
  }

  /** Called on the tasks thread once the WebSocket is open ({@code c.ws} is already set by the listener). */
  private void opened(Connection c, WebSocket ws) {
    if (closed || c != current) {
      ws.abort();
      return;
    }
    LOG.info("Streaming connected");
    long now = ctx.millis();
    backoff.connected(now);
    c.lastReceived = now;
    sendDataSync(c);
    long ping = config.pingInterval().toMillis();
    try {
      // the liveness check runs LIVENESS_TICKS times per ping interval, so a silent connection is given up
      // within a tenth of an interval after three intervals of silence, whenever the silence began
      long tick = Math.max(1, ping / LIVENESS_TICKS);
      c.pingTask = tasks.scheduleAtFixedRate(() -> tick(c), tick, tick, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      ws.abort();
    }
  }

  private void sendDataSync(Connection c) {
    c.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + updater.cursor() + "}}");
  }

  /** Ticks per ping interval of the liveness check (the ping itself goes out on every {@code n}th tick). */
  static final int LIVENESS_TICKS = 10;

  private void tick(Connection c) {
    if (closed || c != current || c.ws == null) {
      return;
    }
    long silent = ctx.millis() - c.lastReceived;
    if (silent >= 3 * config.pingInterval().toMillis()) {
      LOG.warn("Nothing received for {} ms; replacing the connection", silent);
      lost(c, ErrorKind.LIVENESS_TIMEOUT, "nothing received for " + silent + " ms");
      return;
    }
    long ping = config.pingInterval().toMillis();
    if (++c.ticks >= (ping < LIVENESS_TICKS ? 1 : LIVENESS_TICKS)) {
      c.ticks = 0;
      c.send("{\"messageType\":\"ping\",\"data\":{}}");
    }
  }

  /** A complete text message, on the tasks thread. */
  private void received(Connection c, String text) {
    if (closed || c != current) {
      return;
    }
    c.lastReceived = ctx.millis();
    Object parsed;
    FullDataCompiler compiler = new FullDataCompiler(config.regexStepBudget());
    try {
      parsed = DataSyncMessage.parseTree(text, compiler);
    } catch (JsonTree.SyntaxError e) {
      invalid("a message that is not valid JSON");
      return;
    }
    JsonObject root = parsed instanceof JsonObject ? (JsonObject) parsed : null;
    Object type = root == null ? null : root.get("messageType");
    if (!(type instanceof String) || !root.has("data")) {
      invalid("a message without a usable envelope");
      return;
    }
    String messageType = ((String) type).toLowerCase(Locale.ROOT);
    if (messageType.equals("pong")) {
      return;
    }
    if (!messageType.equals("data-sync")) {
      LOG.debug("Ignored a message of type '{}'", DataSyncMessage.safe((String) type));
      return;
    }
    DataSyncMessage msg;
    try {
      msg = DataSyncMessage.fromData(root.get("data"), null, compiler);
    } catch (DataSyncMessage.InvalidMessageException e) {
      invalid("a data-sync message: " + e.getMessage(), updater.logAtError(e));
      return;
    }
    CommitResult r = updater.apply(msg);
    if (r == null) {
      return;
    }
    LOG.debug("Applied {} ({} flags, {} segments, {} skipped); cursor {}", msg.eventType, msg.flags.size(),
        msg.segments.size(), msg.skipped, r.versionAfter);
    // a completed data-sync exchange proves the server healthy: the next drop reconnects promptly, even when
    // something between (a proxy, a load balancer) cuts connections more often than the backoff's reset time
    backoff.reset();
    if (updater.isInitialized()) {
      disconnectedSince = -1;
      stopFallback();
    }
    if (r.needsResync()) {
      LOG.info("The full data set was older than data already received; asking for the changes since it");
      sendDataSync(c);
    }
  }

  private void invalid(String what) {
    invalid(what, true);
  }

  /** Data and state are kept; the status records the error; the log line is ERROR or, if repeated, DEBUG. */
  private void invalid(String what, boolean logAtError) {
    if (logAtError) {
      LOG.error("Ignored {}", what);
    } else {
      LOG.debug("Ignored {}", what);
    }
    updater.status().error(ErrorKind.INVALID_DATA, "ignored " + what);
  }

  /** The server closed the connection, on the tasks thread. */
  private void closedByServer(Connection c, int code, String reason) {
    if (closed || c != current) {
      return;
    }
    if (code == 4003) {
      LOG.error("The evaluation server rejected the connection (close code 4003). Likely causes: a wrong or "
          + "revoked env secret, a client-side secret instead of a server-side one, or a host clock more than 30 "
          + "seconds off. Synchronisation stopped.");
      current = null;
      c.stop();
      stop();
      updater.status().rejected("connection rejected by the server (close code 4003)");
      return;
    }
    lost(c, ErrorKind.SERVER_STATUS, "connection closed by the server with code " + code);
  }

  /** Connecting or the connection failed, on the tasks thread. */
  private void failed(Connection c, Throwable err) {
    if (closed || c != current) {
      return;
    }
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    long retryAfter = 0;
    ErrorKind kind = ErrorKind.NETWORK;
    String message;
    if (cause instanceof WebSocketHandshakeException) {
      int status = ((WebSocketHandshakeException) cause).getResponse().statusCode();
      kind = ErrorKind.SERVER_STATUS;
      if (status == 429 || status == 503) {
        retryAfter = RetryAfter.millis(((WebSocketHandshakeException) cause).getResponse().headers()
            .firstValue("Retry-After").orElse(null));
      }
    }
    // the URL without token or credentials, then the cause: "ws://host:5100/streaming: unknown host (...)"
    message = Urls.withoutCredentials(FBConfig.join(config.streamingUrl(), "/streaming")) + ": "
        + redact(ctx.describe(cause));
    LOG.warn("Streaming connection failed: {}", message);
    lost(c, kind, message, retryAfter);
  }

  /** Exception texts could one day carry the URL: never let a token or the secret through (GEN-7). */
  private String redact(String text) {
    String t = text.replaceAll("token=[^&\\s]*", "token=<redacted>");
    String secret = config.envSecret();
    return secret == null || secret.isEmpty() ? t : t.replace(secret, "<secret>");
  }

  private void lost(Connection c, ErrorKind kind, String message) {
    lost(c, kind, message, 0);
  }

  private void lost(Connection c, ErrorKind kind, String message, long minDelay) {
    c.stop();
    current = null;
    updater.status().interrupted(kind, message);
    long now = ctx.millis();
    if (disconnectedSince < 0) {
      disconnectedSince = now;
    }
    maybeStartFallback(now);
    long delay = Math.max(backoff.nextDelay(now), minDelay);
    LOG.info("Reconnecting in {} ms", delay);
    try {
      reconnectTask = tasks.schedule(() -> run(this::connect), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      // closing
    }
  }

  /**
   * Rejected for good: no reconnect, no polling fallback, not even one already scheduled to start (SYNC-5,
   * D-12: a rejected secret must not go on fetching data by another route).
   */
  private void stop() {
    stopped = true;
    disconnectedSince = -1;
    ScheduledFuture<?> r = reconnectTask;
    if (r != null) {
      r.cancel(false);
    }
    stopFallback();
  }

  /** Starts polling now, or checks again when the outage will have lasted {@code pollingFallbackAfter}. */
  private void maybeStartFallback(long now) {
    if (fallback != null || fallbackFactory == null || config.pollingFallbackAfter() == null
        || disconnectedSince < 0 || stopped) {
      return;
    }
    long due = disconnectedSince + config.pollingFallbackAfter().toMillis();
    if (now >= due) {
      startFallback();
    } else if (!fallbackCheckScheduled) {
      fallbackCheckScheduled = true;
      try {
        tasks.schedule(() -> run(() -> {
          fallbackCheckScheduled = false;
          maybeStartFallback(ctx.millis());
        }), due - now, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shutDown) {
        // closing
      }
    }
  }

  private void startFallback() {
    if (fallback != null || closed || stopped) {
      return;
    }
    LOG.warn("Streaming unavailable for {} ms: polling until it recovers", config.pollingFallbackAfter().toMillis());
    fallback = fallbackFactory.get();
    fallback.start();
  }

  private void stopFallback() {
    if (fallback != null) {
      LOG.info("Streaming recovered: polling fallback stopped");
      fallback.close();
      fallback = null;
    }
  }

  /** Stops streaming; the connection and timers are released on the tasks thread, which owns them. */
  @Override
  public void close() {
    closed = true;
    ctx.runOnScheduler(this::release, 1000);
  }

  private void release() {
    Connection c = current;
    current = null;
    if (c != null) {
      c.stop();
    }
    ScheduledFuture<?> r = reconnectTask;
    if (r != null) {
      r.cancel(false);
    }
    DataSource fb = fallback;
    if (fb != null) {
      fb.close();
    }
  }

  /**
   * For tests: the capacity (in characters) of the current connection's receive buffer, or -1 without a
   * connection. Read after a message was committed, it shows what the connection keeps between messages.
   */
  int receiveBufferCapacity() {
    Connection c = current;
    return c == null ? -1 : c.buffer.capacity();
  }

  /** One connection attempt and, once open, the connection. */
  private final class Connection implements WebSocket.Listener {
    volatile WebSocket ws;
    volatile long lastReceived;
    ScheduledFuture<?> pingTask;
    int ticks; // liveness ticks since the last ping; tasks thread only
    /** Assembles a message received in several parts; touched only by the JDK's listener calls, in turn. */
    private StringBuilder buffer = new StringBuilder();
    /** Complete messages handed to the tasks thread and not yet processed. */
    private final AtomicInteger queued = new AtomicInteger();
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    @Override
    public void onOpen(WebSocket webSocket) {
      lastReceived = ctx.millis();
      ws = webSocket; // before reading closed: a close() that runs now sees the socket and stops it
      // closed while the handshake ran: opened() would abort the socket, but the tasks thread may be gone
      if (closed || !run(() -> opened(this, webSocket))) {
        webSocket.abort();
        return;
      }
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (buffer.length() + data.length() > MAX_MESSAGE_CHARS) {
        resetBuffer();
        run(() -> {
          invalid("a message larger than " + MAX_MESSAGE_CHARS + " characters");
          if (current == this) {
            lost(this, ErrorKind.INVALID_DATA, "message too large");
          }
        });
        return null;
      }
      // every fragment counts as a sign of life: a large data set on a slow link may take longer to arrive
      // than the liveness limit (3 pings), and must not be cut off and fetched again for ever
      lastReceived = ctx.millis();
      String text;
      if (last && buffer.length() == 0) {
        text = data.toString(); // a message in one part: no need to assemble it
      } else {
        buffer.append(data);
        if (!last) {
          webSocket.request(1);
          return null;
        }
        text = buffer.toString();
        resetBuffer();
      }
      // Ask for the next message now, not after processing: the JDK's WebSocket loses the end of input
      // (no onClose, no onError, the socket left in CLOSE_WAIT) when the server closes while the demand
      // is zero, and parsing plus committing a large data set takes long enough for that to happen.
      // Demand stays bounded: past MAX_QUEUED unprocessed messages, the tasks thread asks once it has
      // caught up.
      boolean askNow = queued.incrementAndGet() <= MAX_QUEUED;
      if (askNow) {
        webSocket.request(1);
      }
      run(() -> {
        try {
          received(this, text);
        } finally {
          queued.decrementAndGet();
          if (!askNow) {
            webSocket.request(1);
          }
        }
      });
      return null;
    }

    /** Empties the buffer for the next message; one grown past {@link #RETAINED_BUFFER_CHARS} is dropped. */
    private void resetBuffer() {
      if (buffer.capacity() > RETAINED_BUFFER_CHARS) {
        buffer = new StringBuilder();
      } else {
        buffer.setLength(0);
      }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastReceived = ctx.millis();
      webSocket.request(1); // the JDK answers the ping itself
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastReceived = ctx.millis();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      run(() -> closedByServer(this, statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      run(() -> failed(this, error));
    }

    /** Queues a text message after the previous one (the JDK allows one outstanding send). */
    void send(String text) {
      WebSocket w = ws;
      if (w == null) {
        return;
      }
      sends = sends.handle((x, e) -> null).thenCompose(x -> w.sendText(text, true))
          .exceptionally(e -> {
            LOG.debug("Send failed: {}", e.toString());
            return null;
          });
    }

    /** Stops pings and drops the socket (politely when possible). */
    void stop() {
      ScheduledFuture<?> p = pingTask;
      if (p != null) {
        p.cancel(false);
      }
      WebSocket w = ws;
      if (w != null && !w.isOutputClosed()) {
        w.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
            .whenComplete((x, e) -> w.abort());
      } else if (w != null) {
        w.abort();
      }
    }
  }
}
