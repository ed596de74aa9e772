package dev.featbit.sdk.config;

import java.time.Duration;

/**
 * Delivery of evaluation insights and custom metrics to the evaluation server. Immutable; made by
 * {@link EventsBuilder} ({@code Components.events()}, {@code Components.noEvents()}).
 *
 * @since 0.1.0
 */
public final class EventsConfig {
  /** Default {@link EventsBuilder#capacity(int)}: 10,000 events. */
  public static final int DEFAULT_CAPACITY = 10_000;
  /** Default {@link EventsBuilder#flushInterval(Duration)}: 1 second. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  /** Default {@link EventsBuilder#batchSize(int)}: 50 events per request. */
  public static final int DEFAULT_BATCH_SIZE = 50;
  /** Default {@link EventsBuilder#maxConcurrentRequests(int)}: 2. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2;
  /** Default {@link EventsBuilder#maxAttempts(int)}: 3 attempts per batch. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default {@link EventsBuilder#requestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link EventsBuilder#shutdownTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  private final boolean enabled;
  private final int capacity;
  private final Duration flushInterval;
  private final int batchSize;
  private final int maxConcurrentRequests;
  private final int maxAttempts;
  private final Duration requestTimeout;
  private final Duration shutdownTimeout;

  EventsConfig(EventsBuilder b) {
    this.enabled = b.enabled;
    this.capacity = b.capacity;
    this.flushInterval = b.flushInterval;
    this.batchSize = b.batchSize;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.maxAttempts = b.maxAttempts;
    this.requestTimeout = b.requestTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
  }

  /**
   * Whether events are sent (offline clients never send any).
   *
   * @return true when events are enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Events buffered in memory waiting to be sent; when full, new events are dropped and counted.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Period of automatic sends.
   *
   * @return the flush interval
   */
  public Duration flushInterval() {
    return flushInterval;
  }

  /**
   * Insights per request.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Event requests in flight at once.
   *
   * @return the maximum number of concurrent requests
   */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /**
   * Attempts per batch for retryable failures.
   *
   * @return the maximum attempts
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Deadline of one event request.
   *
   * @return the request timeout
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Bound of the final flush in {@code close()}.
   *
   * @return the shutdown timeout
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Shows the settings.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "EventsConfig{enabled=" + enabled + ", capacity=" + capacity + ", flushInterval=" + flushInterval
        + ", batchSize=" + batchSize + ", maxConcurrentRequests=" + maxConcurrentRequests + ", maxAttempts="
        + maxAttempts + ", requestTimeout=" + requestTimeout + ", shutdownTimeout=" + shutdownTimeout + "}";
  }
}
