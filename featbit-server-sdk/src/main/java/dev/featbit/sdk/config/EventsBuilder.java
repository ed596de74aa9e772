package dev.featbit.sdk.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Builds the {@link EventsConfig} of a client; obtained from {@code Components.events()} (or
 * {@code Components.noEvents()}) and passed to {@code FBConfig.Builder.events(...)}. Not thread-safe.
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(secret)
 *     .streamingUrl("wss://featbit.example.com")
 *     .events(Components.events().capacity(50_000).flushInterval(Duration.ofSeconds(5)))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class EventsBuilder {
  boolean enabled = true;
  int capacity = EventsConfig.DEFAULT_CAPACITY;
  Duration flushInterval = EventsConfig.DEFAULT_FLUSH_INTERVAL;
  int batchSize = EventsConfig.DEFAULT_BATCH_SIZE;
  int maxConcurrentRequests = EventsConfig.DEFAULT_MAX_CONCURRENT_REQUESTS;
  int maxAttempts = EventsConfig.DEFAULT_MAX_ATTEMPTS;
  Duration requestTimeout = EventsConfig.DEFAULT_REQUEST_TIMEOUT;
  Duration shutdownTimeout = EventsConfig.DEFAULT_SHUTDOWN_TIMEOUT;

  /** Use {@code Components.events()}. */
  public EventsBuilder() {}

  /**
   * Turns event delivery on (default) or off.
   *
   * @param enabled whether evaluation and metric events are sent
   * @return this builder
   */
  public EventsBuilder enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * Events held in memory waiting to be sent (default {@link EventsConfig#DEFAULT_CAPACITY}); when full, new
   * events are dropped and counted.
   *
   * @param capacity at least 1
   * @return this builder
   */
  public EventsBuilder capacity(int capacity) {
    this.capacity = capacity;
    return this;
  }

  /**
   * Period of automatic sends (default {@link EventsConfig#DEFAULT_FLUSH_INTERVAL}; at least 10 ms).
   *
   * @param interval the flush interval
   * @return this builder
   */
  public EventsBuilder flushInterval(Duration interval) {
    this.flushInterval = Objects.requireNonNull(interval, "flushInterval");
    return this;
  }

  /**
   * Insights per request (default {@link EventsConfig#DEFAULT_BATCH_SIZE}); a full batch is sent at once.
   *
   * @param size at least 1
   * @return this builder
   */
  public EventsBuilder batchSize(int size) {
    this.batchSize = size;
    return this;
  }

  /**
   * Event requests in flight at once (default {@link EventsConfig#DEFAULT_MAX_CONCURRENT_REQUESTS}).
   *
   * @param max at least 1
   * @return this builder
   */
  public EventsBuilder maxConcurrentRequests(int max) {
    this.maxConcurrentRequests = max;
    return this;
  }

  /**
   * Attempts per batch for retryable failures (400, 408, 429, 5xx, network), default
   * {@link EventsConfig#DEFAULT_MAX_ATTEMPTS}; retries wait 500 ms, then 1 s, ... or {@code Retry-After}.
   *
   * @param attempts at least 1
   * @return this builder
   */
  public EventsBuilder maxAttempts(int attempts) {
    this.maxAttempts = attempts;
    return this;
  }

  /**
   * Deadline of one event request (default {@link EventsConfig#DEFAULT_REQUEST_TIMEOUT}).
   *
   * @param timeout the request timeout
   * @return this builder
   */
  public EventsBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = Objects.requireNonNull(timeout, "eventRequestTimeout");
    return this;
  }

  /**
   * Bound of the final flush in {@code close()} (default {@link EventsConfig#DEFAULT_SHUTDOWN_TIMEOUT}).
   *
   * @param timeout the shutdown timeout
   * @return this builder
   */
  public EventsBuilder shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
    return this;
  }

  /**
   * A copy of this builder.
   *
   * @return a new builder with the same settings
   */
  public EventsBuilder copy() {
    return from(build());
  }

  /**
   * The immutable configuration (validated by {@code FBConfig.Builder.build()}).
   *
   * @return the configuration
   */
  public EventsConfig build() {
    return new EventsConfig(this);
  }

  /**
   * A builder holding the settings of a built configuration.
   *
   * @param c the configuration
   * @return a new builder
   */
  public static EventsBuilder from(EventsConfig c) {
    EventsBuilder b = new EventsBuilder();
    b.enabled = c.isEnabled();
    b.capacity = c.capacity();
    b.flushInterval = c.flushInterval();
    b.batchSize = c.batchSize();
    b.maxConcurrentRequests = c.maxConcurrentRequests();
    b.maxAttempts = c.maxAttempts();
    b.requestTimeout = c.requestTimeout();
    b.shutdownTimeout = c.shutdownTimeout();
    return b;
  }
}
