package dev.featbit.sdk.config;

import dev.featbit.sdk.spi.DataSourceFactory;
import java.time.Duration;

/**
 * How flag data reaches the client: WebSocket streaming (default), HTTP polling, no synchronisation, or the
 * application's own {@link dev.featbit.sdk.spi.DataSource}. Immutable; made by {@link DataSyncBuilder}
 * ({@code Components.streaming()}, {@code Components.polling()}, {@code Components.noDataSync()},
 * {@code Components.customDataSource(...)}).
 *
 * @since 0.1.0
 */
public final class DataSyncConfig {
  /** Default {@link DataSyncBuilder#pingInterval(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);
  /** Default {@link DataSyncBuilder#firstRetryDelay(Duration)}: 1 second. */
  public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(1);
  /** Default {@link DataSyncBuilder#maxRetryDelay(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(60);
  /** Default {@link DataSyncBuilder#pollingInterval(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(30);
  /** Default {@link DataSyncBuilder#pollingRequestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_POLLING_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link DataSyncBuilder#pollingFallbackAfter(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_POLLING_FALLBACK_AFTER = Duration.ofSeconds(60);

  /** Where data comes from. */
  public enum Kind {
    /** WebSocket streaming from the evaluation server, with change pushes. */
    STREAMING,
    /** HTTP polling of the evaluation server's {@code latest-all} endpoint. */
    POLLING,
    /** No synchronisation: data only from bootstrap data or a persistent data store. */
    NONE,
    /** The application's own data source ({@link DataSyncConfig#customFactory()}). */
    CUSTOM
  }

  private final Kind kind;
  private final Duration pingInterval;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final Duration pollingInterval;
  private final Duration pollingRequestTimeout;
  private final Duration pollingFallbackAfter;
  private final DataSourceFactory customFactory;

  DataSyncConfig(DataSyncBuilder b) {
    this.kind = b.kind;
    this.pingInterval = b.pingInterval;
    this.firstRetryDelay = b.firstRetryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.pollingInterval = b.pollingInterval;
    this.pollingRequestTimeout = b.pollingRequestTimeout;
    this.pollingFallbackAfter = b.pollingFallbackAfter;
    this.customFactory = b.customFactory;
  }

  /**
   * Where data comes from.
   *
   * @return the kind of synchronisation
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Streaming: the interval of the application ping; a connection that receives nothing for three intervals
   * is replaced.
   *
   * @return the ping interval
   */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * Base of the reconnection and retry backoff.
   *
   * @return the first retry delay
   */
  public Duration firstRetryDelay() {
    return firstRetryDelay;
  }

  /**
   * Cap of the reconnection and retry backoff.
   *
   * @return the maximum retry delay
   */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /**
   * Polling (and the streaming fallback): time from the end of one successful poll to the next request.
   *
   * @return the polling interval
   */
  public Duration pollingInterval() {
    return pollingInterval;
  }

  /**
   * Polling: the deadline of one request, body included.
   *
   * @return the polling request timeout
   */
  public Duration pollingRequestTimeout() {
    return pollingRequestTimeout;
  }

  /**
   * Streaming: poll while streaming has not delivered data for this long; {@code null} when the fallback is
   * off.
   *
   * @return the fallback delay, or {@code null}
   */
  public Duration pollingFallbackAfter() {
    return pollingFallbackAfter;
  }

  /**
   * The application's data source factory ({@link Kind#CUSTOM}), else {@code null}.
   *
   * @return the factory, or {@code null}
   */
  public DataSourceFactory customFactory() {
    return customFactory;
  }

  /**
   * Shows the settings.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "DataSyncConfig{" + kind + ", pingInterval=" + pingInterval + ", firstRetryDelay=" + firstRetryDelay
        + ", maxRetryDelay=" + maxRetryDelay + ", pollingInterval=" + pollingInterval + ", pollingRequestTimeout="
        + pollingRequestTimeout + ", pollingFallbackAfter=" + pollingFallbackAfter + "}";
  }
}
