package dev.featbit.sdk.internal.events;

import dev.featbit.sdk.internal.ClientContext;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.featbit.sdk.EventStats;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.Json;
import dev.featbit.sdk.internal.eval.Served;
import dev.featbit.sdk.internal.sync.RetryAfter;
import dev.featbit.sdk.internal.sync.SdkInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Insight delivery (spec 4, EVT-1..20): evaluation events and custom metrics, batched, bounded, never blocking
 * the caller.
 *
 * <p>Design. Callers append to their own thread's ring in an {@link EventBuffer} bounded by {@code eventCapacity}
 * (no lock and no shared write per event; a full buffer drops the <em>new</em> event and counts it, without
 * taking the time or allocating). One owned daemon thread, {@code featbit-events}, drains the rings into batches
 * of {@code eventBatchSize}, sending a batch when it is full, every {@code flushInterval}, and on flush. It
 * computes {@code sendToExperiment} (a second hash) off the caller's thread and serialises the batch; sending is
 * asynchronous with at most {@code maxConcurrentEventRequests} requests in flight (the thread waits for a permit,
 * so memory stays bounded: buffer + batch being built + in-flight batches). A full batch is sent at once when one
 * thread completes it (that thread wakes the events thread); while threads are recording (they hold credits of
 * the buffer, taken back after a second or two of silence) the events thread also looks every
 * {@value #POLL_MILLIS} ms for a batch completed by several threads together.
 *
 * <p>Failure policy: any 2xx is success. 400, 408, 429, 5xx and network errors are retried up to
 * {@code eventMaxAttempts} attempts in all, waiting 500 ms, 1 s, 2 s ... (or {@code Retry-After}, capped at 60 s),
 * resending the identical payload; then the batch counts as failed. Any other 4xx stops event delivery for this
 * client for good (sync and evaluation are unaffected). Delivery is best effort: events can be dropped (full
 * buffer), fail (retries exhausted, stopped, shutdown deadline) or, when a response is lost, arrive twice.
 */
public final class EventProcessor implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.events");
  static final String APP_TYPE = "javaserverside";
  private static final long MAX_RETRY_AFTER_MILLIS = 60_000;
  /** While a partial batch waits, the events thread looks for events of other threads this often. */
  static final long POLL_MILLIS = 5;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
  private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientContext ctx;
  private final FBConfig config;
  private final ScheduledExecutorService timer;
  private final URI uri;
  private final int capacity;
  private final int batchSize;
  private final EventBuffer buffer;
  private final ConcurrentLinkedQueue<Object> control = new ConcurrentLinkedQueue<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Semaphore permits;
  /** Batches handed to the HTTP client or waiting for a retry: completion -> number of events. */
  private final Map<CompletableFuture<Void>, Integer> inFlight = new ConcurrentHashMap<>();
  private final Thread dispatcher;
  private final AtomicBoolean droppedWarned = new AtomicBoolean();
  private volatile boolean accepting = true; // false once closed or stopped
  private volatile boolean closed;      // no more events accepted
  private volatile boolean abandoned;   // shutdown deadline passed: no new attempt starts
  private volatile boolean stopped;     // a non-retryable 4xx stopped delivery for good
  private volatile boolean finished;    // the events thread accounted for what was left at close

  /** A flush request: processed in order by the events thread. */
  private static final class Flush {
    final CompletableFuture<Void> done; // null for a plain flush

    Flush(CompletableFuture<Void> done) {
      this.done = done;
    }
  }

  private static final Object SHUTDOWN = new Object();

  public EventProcessor(ClientContext ctx) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.timer = ctx.scheduler();
    this.uri = URI.create(FBConfig.join(config.eventsUrl(), "/api/public/insight/track"));
    this.capacity = config.eventCapacity();
    this.batchSize = config.eventBatchSize();
    this.buffer = new EventBuffer(capacity, batchSize, this::warnDropped,
        ctx.config.clock() == null ? null : ctx.clock());
    this.permits = new Semaphore(config.maxConcurrentEventRequests());
    this.dispatcher = new Thread(this::run, "featbit-events");
    this.dispatcher.setDaemon(true);
    buffer.consumer(dispatcher);
  }

  /**
   * Starts the events thread ({@code featbit-events}) and the periodic flush on the client's scheduler (so
   * flush timing follows the client's clock).
   */
  public void start() {
    dispatcher.start();
    long interval = Math.max(1, config.flushInterval().toMillis());
    try {
      flushTask = timer.scheduleAtFixedRate(() -> {
        flushDue = true;
        LockSupport.unpark(dispatcher);
      }, interval, interval, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the client is closing
    }
  }

  private volatile boolean flushDue;
  private volatile ScheduledFuture<?> flushTask;

  // ------------------------------------------------------------------------------------------ accepting

  @Override
  public void evaluation(FBUser user, Served served) {
    if (accepting) {
      buffer.offer(user, served, 0);
    }
  }

  @Override
  public void metric(FBUser user, String eventName, double value) {
    if (accepting) {
      buffer.offer(user, eventName, value);
    }
  }

  /** A user-only insight (registers or updates the end user). */
  public void identify(FBUser user) {
    if (accepting) {
      buffer.offer(user, null, 0);
    }
  }

  private void warnDropped() {
    if (!droppedWarned.get() && droppedWarned.compareAndSet(false, true)) {
      LOG.warn("Event buffer full ({} events): new events are dropped until it drains (see EventStats)", capacity);
    }
  }

  /** Asks for prompt sending of everything queued; returns at once (EVT-18). */
  public void flush() {
    if (!closed && !finished) {
      control.add(new Flush(null));
      LockSupport.unpark(dispatcher);
    }
  }

  /**
   * Waits until the events accepted before this call (on any thread) were sent or finally failed, at most
   * {@code timeout} (EVT-19). Returns false on timeout; delivery continues after a timeout.
   */
  public boolean flushAndWait(Duration timeout) {
    if (closed || finished) {
      return inFlight.isEmpty() && (finished || buffer.pending() == 0);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    control.add(new Flush(done));
    LockSupport.unpark(dispatcher);
    if (finished) {
      return inFlight.isEmpty(); // the events thread ended meanwhile: nobody will take the request
    }
    try {
      done.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  public EventStats stats() {
    return new EventStats(buffer.accepted(), sent.sum(), buffer.dropped(), failed.sum());
  }

  /** For tests: the buffer. */
  EventBuffer buffer() {
    return buffer;
  }

  // ------------------------------------------------------------------------------------------ dispatching

  private void run() {
    EventBuffer.Batch batch = new EventBuffer.Batch(batchSize);
    long housekeepingEvery = Math.min(config.flushInterval().toNanos(), HOUSEKEEPING_NANOS);
    long now = System.nanoTime();
    long nextHousekeeping = now + housekeepingEvery;
    try {
      while (true) {
        Object o;
        while ((o = control.poll()) != null) {
          sendAllUpToNow(batch);
          if (o == SHUTDOWN) {
            return;
          }
          CompletableFuture<Void> done = ((Flush) o).done;
          if (done != null) {
            CompletableFuture.allOf(inFlight.keySet().toArray(new CompletableFuture<?>[0]))
                .whenComplete((x, e) -> done.complete(null));
          }
        }
        buffer.drainInto(batch);
        if (batch.isFull()) {
          send(batch);
          continue;
        }
        if (flushDue) {
          flushDue = false;
          send(batch);
        }
        now = System.nanoTime();
        if (now - nextHousekeeping >= 0) {
          buffer.housekeeping();
          nextHousekeeping = now + housekeepingEvery;
        }
        long wait = nextHousekeeping - now;
        int state = EventBuffer.IDLE;
        if (!batch.isEmpty() || buffer.creditsOut()) {
          state = EventBuffer.POLLING; // threads are recording: look again soon for a batch they complete together
          wait = Math.min(wait, POLL_NANOS);
        }
        buffer.sleep(state);
        if (control.isEmpty() && !buffer.hasPublished() && !flushDue) {
          LockSupport.parkNanos(this, Math.max(1, wait));
        }
        buffer.sleep(EventBuffer.AWAKE);
      }
    } catch (InterruptedException e) {
      // shutdown deadline passed while waiting for a permit
      failed.add(batch.size);
      batch.clear();
    } catch (RuntimeException | Error e) {
      // no thread is left to send: stop accepting, count what is buffered as failed, release waiters
      accepting = false;
      failed.add(batch.size);
      batch.clear();
      LOG.error("Event dispatcher stopped: {}; events are no longer recorded", e.toString());
      LOG.debug("Event dispatcher failure", e);
      finish();
    } finally {
      if (closed && !finished) {
        finish();
      }
    }
  }

  /**
   * Drains everything accepted until now (on every thread) into batches and sends them, the last one partial;
   * then housekeeping (threads that ended are unregistered once drained).
   */
  private void sendAllUpToNow(EventBuffer.Batch batch) throws InterruptedException {
    buffer.markTargets();
    while (true) {
      buffer.drainInto(batch);
      if (batch.isFull()) {
        send(batch);
      } else if (buffer.targetsReached()) {
        break;
      }
    }
    send(batch);
    buffer.housekeeping();
  }

  /** After close, on the events thread as it ends: whatever is still buffered will never be sent. */
  private void finish() {
    long left = buffer.discardAll();
    if (left > 0) {
      failed.add(left);
    }
    finished = true; // before draining: a flushAndWait that queues after this sees it (no lost wake-up)
    Object o;
    while ((o = control.poll()) != null) {
      if (o instanceof Flush && ((Flush) o).done != null) {
        ((Flush) o).done.complete(null);
      }
    }
  }

  /** Serialises and sends {@code batch} (then clears it); waits for a request permit. */
  private void send(EventBuffer.Batch batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    int n = batch.size;
    if (stopped || abandoned) {
      failed.add(n);
      batch.clear();
      return;
    }
    byte[] body;
    try {
      body = serialise(batch);
    } catch (IOException | RuntimeException e) {
      LOG.error("Could not serialise {} events: {}", n, e.toString());
      failed.add(n);
      batch.clear();
      return;
    }
    batch.clear();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      failed.add(n); // shutdown deadline passed: this batch will not be sent
      throw e;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.put(done, n);
    done.whenComplete((x, e) -> {
      inFlight.remove(done);
      permits.release();
    });
    attempt(body, n, 1, done);
  }

  /**
   * Ends a batch once: the first of the request's answer, a retry decision or {@link #close} to settle it
   * counts its events (sent or failed), so every accepted event is counted exactly once.
   */
  private static void settle(CompletableFuture<Void> done, int n, LongAdder outcome) {
    synchronized (done) { // counted before completing: whoever waits for the batch sees its count
      if (!done.isDone()) {
        outcome.add(n);
        done.complete(null);
      }
    }
  }

  private void attempt(byte[] body, int n, int attempt, CompletableFuture<Void> done) {
    if (abandoned || stopped) {
      settle(done, n, failed);
      return;
    }
    HttpRequest request = ctx.request(uri)
        .timeout(config.eventRequestTimeout())
        .header("Authorization", config.envSecret())
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    CompletableFuture<HttpResponse<Void>> f;
    try {
      f = ctx.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      retryOrFail(body, n, attempt, done, "request could not start: " + e.getClass().getSimpleName(), 0);
      return;
    }
    f.whenComplete((response, error) -> {
      if (error != null) {
        retryOrFail(body, n, attempt, done, "network error: " + rootName(error), 0);
        return;
      }
      int status = response.statusCode();
      if (status >= 200 && status <= 299) {
        settle(done, n, sent);
      } else if (status == 400 || status == 408 || status == 429 || status >= 500) {
        long retryAfter = Math.min(MAX_RETRY_AFTER_MILLIS,
            RetryAfter.millis(response.headers().firstValue("Retry-After").orElse(null)));
        retryOrFail(body, n, attempt, done, "HTTP " + status, retryAfter);
      } else {
        if (!stopped) {
          stopped = true;
          accepting = false;
          LOG.error("The events endpoint answered HTTP {}: event delivery stopped for this client (check the "
              + "env secret and the events URL); synchronisation and evaluation continue", status);
        }
        settle(done, n, failed);
      }
    });
  }

  private void retryOrFail(byte[] body, int n, int attempt, CompletableFuture<Void> done, String why,
      long retryAfter) {
    if (attempt >= config.eventMaxAttempts() || abandoned || stopped) {
      LOG.warn("Dropped {} events after {} attempts ({})", n, attempt, why);
      settle(done, n, failed);
      return;
    }
    long backoff = 500L << Math.min(attempt - 1, 16);
    long delay = Math.max(backoff, retryAfter);
    LOG.debug("Event batch failed ({}); retrying in {} ms", why, delay);
    try {
      timer.schedule(() -> attempt(body, n, attempt + 1, done), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      settle(done, n, failed);
    }
  }

  private static String rootName(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName();
  }

  /** The insight array of spec 4.2; one insight per event; user and timestamps as recorded. */
  byte[] serialise(EventBuffer.Batch batch) throws IOException {
    int n = batch.size;
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * n);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < n; i++) {
        FBUser user = batch.users[i];
        Object payload = batch.payloads[i];
        g.writeStartObject();
        writeUser(g, user);
        if (payload instanceof Served) {
          Served served = (Served) payload;
          g.writeArrayFieldStart("variations");
          g.writeStartObject();
          g.writeStringField("featureFlagKey", served.flagKey);
          g.writeObjectFieldStart("variation");
          g.writeStringField("id", served.variation.id);
          g.writeStringField("value", served.variation.value);
          g.writeEndObject();
          g.writeBooleanField("sendToExperiment", served.sendToExperiment(user));
          g.writeNumberField("timestamp", batch.times[i]);
          g.writeEndObject();
          g.writeEndArray();
        } else if (payload instanceof String) {
          g.writeArrayFieldStart("metrics");
          g.writeStartObject();
          g.writeStringField("route", "index/metric");
          g.writeStringField("type", "CustomEvent");
          g.writeStringField("eventName", (String) payload);
          g.writeNumberField("numericValue", batch.values[i]);
          g.writeStringField("appType", APP_TYPE);
          g.writeNumberField("timestamp", batch.times[i]);
          g.writeEndObject();
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toByteArray();
  }

  private static void writeUser(JsonGenerator g, FBUser user) throws IOException {
    g.writeObjectFieldStart("user");
    g.writeStringField("keyId", user.key());
    g.writeStringField("name", user.name() == null ? "" : user.name());
    g.writeArrayFieldStart("customizedProperties");
    for (Map.Entry<String, String> p : user.customAttributes().entrySet()) {
      g.writeStartObject();
      g.writeStringField("name", p.getKey());
      g.writeStringField("value", p.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  // ------------------------------------------------------------------------------------------ closing

  /**
   * Stops accepting events and makes one final flush bounded by {@code shutdownTimeout} (EVT-20); events still
   * unsent at the deadline count as failed. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    accepting = false;
    ScheduledFuture<?> ft = flushTask;
    if (ft != null) {
      ft.cancel(false);
    }
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    control.add(SHUTDOWN);
    LockSupport.unpark(dispatcher);
    try {
      dispatcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (dispatcher.isAlive()) {
        abandoned = true;
        dispatcher.interrupt();
        dispatcher.join(1000);
      }
      CompletableFuture<?>[] pending = inFlight.keySet().toArray(new CompletableFuture<?>[0]);
      long left = deadline - System.nanoTime();
      if (pending.length > 0) {
        try {
          CompletableFuture.allOf(pending).get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
          LOG.warn("Shutdown deadline reached with {} event requests unfinished", inFlight.size());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    abandoned = true;
    // A retry still waiting for its timer, or a request whose answer has not come, will not be sent now:
    // the client stops its threads next. Count those events as failed so the statistics add up.
    for (Map.Entry<CompletableFuture<Void>, Integer> e : inFlight.entrySet()) {
      settle(e.getKey(), e.getValue(), failed);
    }
    if (!dispatcher.isAlive() && !finished) {
      finish(); // the events thread ended before close (it failed): account here
    }
  }
}
