package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.data.DataSource;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP polling of {@code GET {pollingUrl}/api/public/sdk/server/latest-all} (spec 3.3, POLL-1..11).
 *
 * <ol>
 *   <li>The first request starts at once without {@code timestamp}; requests keep omitting it until a full
 *       data set is committed (D-13), then send {@code ?timestamp={cursor}}.</li>
 *   <li>One request at a time; its answer is applied before the next one is scheduled, {@code pollingInterval}
 *       after the end of a successful cycle.</li>
 *   <li>{@code 200} with JSON: applied by the store rules; {@code 200} with an empty body: a valid "no change"
 *       answer (restores {@code READY}).</li>
 *   <li>{@code 401}/{@code 403}: terminal, like close code 4003 on the WebSocket. As streaming's fallback,
 *       only the fallback stops: the WebSocket, which decides whether the secret is rejected, keeps
 *       retrying.</li>
 *   <li>Timeouts, network errors, {@code 429}, {@code 5xx}, other statuses and invalid bodies: data and cursor
 *       kept, status {@code STALE} (or {@code NOT_READY}), retried after the reconnection backoff or
 *       {@code Retry-After}, whichever is longer, forever.</li>
 *   <li>{@code close()} cancels the schedule and the request in flight; a late answer is discarded.</li>
 * </ol>
 */
public final class PollingDataSource implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.sync");
  private static final DataSyncMessage EMPTY_PATCH = DataSyncMessage.emptyPatch();

  private final ClientContext ctx;
  private final FBConfig config;
  private final DataUpdater updater;
  private final ScheduledExecutorService tasks;
  private final Backoff backoff;
  private volatile boolean closed;
  private volatile CompletableFuture<?> inFlight;
  private volatile ScheduledFuture<?> next;
  private final boolean asFallback;

  /** The data source of polling mode. */
  public PollingDataSource(ClientContext ctx, DataUpdater updater) {
    this(ctx, updater, false);
  }

  /** With {@code asFallback}, a refusal stops this poller only, never the client's synchronisation. */
  public PollingDataSource(ClientContext ctx, DataUpdater updater, boolean asFallback) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.updater = updater;
    this.tasks = ctx.scheduler();
    this.asFallback = asFallback;
    this.backoff = new Backoff(config.firstRetryDelay().toMillis(), config.maxRetryDelay().toMillis(), 0);
  }


  @Override
  public void start() {
    schedule(0);
  }

  private void schedule(long delayMillis) {
    if (closed) {
      return;
    }
    try {
      next = tasks.schedule(() -> guarded(this::poll), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      // closing
    }
  }

  private void poll() {
    if (closed) {
      return;
    }
    String url = FBConfig.join(config.pollingUrl(), "/api/public/sdk/server/latest-all");
    if (updater.isInitialized()) {
      url += "?timestamp=" + updater.cursor();
    }
    HttpRequest request;
    try {
      request = ctx.request(URI.create(url))
          .timeout(config.pollingRequestTimeout())
          .header("Authorization", config.envSecret())
          .GET()
          .build();
    } catch (IllegalArgumentException e) {
      refused("invalid polling URL");
      return;
    }
    CompletableFuture<HttpResponse<String>> f;
    try {
      f = ctx.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (RejectedExecutionException shutDown) {
      return; // closing
    }
    inFlight = f;
    f.whenComplete((response, error) -> {
      try {
        tasks.execute(() -> guarded(() -> handle(response, error)));
      } catch (RejectedExecutionException shutDown) {
        // closing: the answer is discarded
      }
    });
  }

  /**
   * Runs a step of the polling cycle; an unexpected failure is logged and retried after the backoff instead of
   * ending the cycle silently (a scheduled task's exception is otherwise only kept in its future).
   */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      inFlight = null;
      LOG.error("Polling step failed: {}", e.toString());
      LOG.debug("Polling step failure", e);
      failed(ErrorKind.UNKNOWN, "polling failed: " + e.getClass().getSimpleName(), 0);
    }
  }

  private void handle(HttpResponse<String> response, Throwable error) {
    inFlight = null;
    if (closed) {
      return;
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      failed(ErrorKind.NETWORK, "polling request failed: " + ctx.describe(cause), 0);
      return;
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      refused("polling rejected with HTTP " + status);
      return;
    }
    if (status < 200 || status > 299) {
      long retryAfter = status == 429 || status == 503
          ? RetryAfter.millis(response.headers().firstValue("Retry-After").orElse(null)) : 0;
      failed(ErrorKind.SERVER_STATUS, "polling answered with HTTP " + status, retryAfter);
      return;
    }
    String body = response.body();
    DataSyncMessage msg;
    if (body == null || body.trim().isEmpty()) {
      msg = EMPTY_PATCH;
    } else {
      try {
        msg = DataSyncMessage.parseEnvelope(body, new FullDataCompiler(config.regexStepBudget()));
      } catch (DataSyncMessage.InvalidMessageException e) {
        if (updater.logAtError(e)) {
          LOG.error("Ignored a polling answer: {}", e.getMessage());
        } else {
          LOG.debug("Ignored a polling answer: {}", e.getMessage());
        }
        updater.status().error(ErrorKind.INVALID_DATA, "ignored a polling answer: " + e.getMessage());
        schedule(backoff.nextDelay(ctx.millis()));
        return;
      }
    }
    CommitResult r = updater.apply(msg);
    if (r == null) {
      return;
    }
    backoff.connected(ctx.millis());
    schedule(r.needsResync() ? 0 : config.pollingInterval().toMillis());
  }

  /** A refusal: terminal in polling mode; as the fallback, this poller stops and streaming carries on. */
  private void refused(String why) {
    if (asFallback) {
      closed = true;
      LOG.error("Polling fallback stopped: {}; streaming keeps reconnecting", why);
      updater.status().error(ErrorKind.SERVER_STATUS, "polling fallback stopped: " + why);
      return;
    }
    LOG.error("Synchronisation stopped: {} (check the env secret and the polling URL)", why);
    updater.status().rejected(why);
  }

  private void failed(ErrorKind kind, String message, long retryAfter) {
    LOG.warn("{}", message);
    updater.status().interrupted(kind, message);
    schedule(Math.max(backoff.nextDelay(ctx.millis()), retryAfter));
  }

  /** Stops polling; the cancellations run on the tasks thread, which owns the schedule. */
  @Override
  public void close() {
    closed = true;
    ctx.runOnScheduler(this::cancel, 1000);
  }

  private void cancel() {
    ScheduledFuture<?> n = next;
    if (n != null) {
      n.cancel(false);
    }
    CompletableFuture<?> f = inFlight;
    if (f != null) {
      f.cancel(true);
    }
  }

}
