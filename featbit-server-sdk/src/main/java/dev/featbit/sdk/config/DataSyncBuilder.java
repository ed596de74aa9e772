package dev.featbit.sdk.config;

import dev.featbit.sdk.spi.DataSourceFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the {@link DataSyncConfig} of a client; obtained from {@code Components.streaming()},
 * {@code Components.polling()}, {@code Components.noDataSync()} or {@code Components.customDataSource(...)}
 * and passed to {@code FBConfig.Builder.dataSync(...)}. Settings that do not apply to the chosen kind are
 * kept and ignored (the polling settings also drive the streaming fallback). Not thread-safe.
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(secret)
 *     .streamingUrl("wss://featbit.example.com")
 *     .dataSync(Components.polling().pollingInterval(Duration.ofSeconds(15)))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DataSyncBuilder {
  DataSyncConfig.Kind kind;
  Duration pingInterval = DataSyncConfig.DEFAULT_PING_INTERVAL;
  Duration firstRetryDelay = DataSyncConfig.DEFAULT_FIRST_RETRY_DELAY;
  Duration maxRetryDelay = DataSyncConfig.DEFAULT_MAX_RETRY_DELAY;
  Duration pollingInterval = DataSyncConfig.DEFAULT_POLLING_INTERVAL;
  Duration pollingRequestTimeout = DataSyncConfig.DEFAULT_POLLING_REQUEST_TIMEOUT;
  Duration pollingFallbackAfter = DataSyncConfig.DEFAULT_POLLING_FALLBACK_AFTER;
  DataSourceFactory customFactory;

  /**
   * A builder of the given kind with every default; {@code Components} is the usual way to get one.
   *
   * @param kind the kind of synchronisation
   * @param customFactory the factory for {@link DataSyncConfig.Kind#CUSTOM}, else {@code null}
   */
  public DataSyncBuilder(DataSyncConfig.Kind kind, DataSourceFactory customFactory) {
    this.kind = Objects.requireNonNull(kind, "kind");
    if (kind == DataSyncConfig.Kind.CUSTOM) {
      this.customFactory = Objects.requireNonNull(customFactory, "customFactory");
    }
  }

  /**
   * Switches the kind to streaming or polling, keeping the other settings.
   *
   * @param kind {@link DataSyncConfig.Kind#STREAMING} or {@link DataSyncConfig.Kind#POLLING}
   * @return this builder
   */
  public DataSyncBuilder kind(DataSyncConfig.Kind kind) {
    if (kind != DataSyncConfig.Kind.STREAMING && kind != DataSyncConfig.Kind.POLLING) {
      throw new IllegalArgumentException("kind(...) switches between STREAMING and POLLING; use Components for "
          + kind);
    }
    this.kind = kind;
    this.customFactory = null;
    return this;
  }

  /**
   * Streaming: interval of the application-level ping (default {@link DataSyncConfig#DEFAULT_PING_INTERVAL},
   * at least 10 ms); a connection that receives nothing for three intervals is considered dead and replaced.
   *
   * @param interval the ping interval
   * @return this builder
   */
  public DataSyncBuilder pingInterval(Duration interval) {
    this.pingInterval = Objects.requireNonNull(interval, "pingInterval");
    return this;
  }

  /**
   * Base of the reconnection backoff (default {@link DataSyncConfig#DEFAULT_FIRST_RETRY_DELAY}): attempt n
   * waits a random time in {@code [b/2, b)}, {@code b = min(first * 2^n, maxRetryDelay)}.
   *
   * @param delay the first retry delay
   * @return this builder
   */
  public DataSyncBuilder firstRetryDelay(Duration delay) {
    this.firstRetryDelay = Objects.requireNonNull(delay, "firstRetryDelay");
    return this;
  }

  /**
   * Cap of the reconnection backoff, also for polling retries (default
   * {@link DataSyncConfig#DEFAULT_MAX_RETRY_DELAY}).
   *
   * @param delay the maximum retry delay
   * @return this builder
   */
  public DataSyncBuilder maxRetryDelay(Duration delay) {
    this.maxRetryDelay = Objects.requireNonNull(delay, "maxRetryDelay");
    return this;
  }

  /**
   * Polling and the streaming fallback: time from the end of one successful poll to the next request
   * (default {@link DataSyncConfig#DEFAULT_POLLING_INTERVAL}, at least 100 ms).
   *
   * @param interval the polling interval
   * @return this builder
   */
  public DataSyncBuilder pollingInterval(Duration interval) {
    this.pollingInterval = Objects.requireNonNull(interval, "pollingInterval");
    return this;
  }

  /**
   * Deadline of one polling request, body included (default
   * {@link DataSyncConfig#DEFAULT_POLLING_REQUEST_TIMEOUT}).
   *
   * @param timeout the request timeout
   * @return this builder
   */
  public DataSyncBuilder pollingRequestTimeout(Duration timeout) {
    this.pollingRequestTimeout = Objects.requireNonNull(timeout, "pollingRequestTimeout");
    return this;
  }

  /**
   * Streaming: poll while streaming has not delivered data for this long, until it does again (default
   * {@link DataSyncConfig#DEFAULT_POLLING_FALLBACK_AFTER}); {@code null} disables the fallback.
   *
   * @param after the fallback delay, or {@code null}
   * @return this builder
   */
  public DataSyncBuilder pollingFallbackAfter(Duration after) {
    this.pollingFallbackAfter = after;
    return this;
  }

  /**
   * A copy of this builder.
   *
   * @return a new builder with the same settings
   */
  public DataSyncBuilder copy() {
    return from(build());
  }

  /**
   * The immutable configuration (validated by {@code FBConfig.Builder.build()}).
   *
   * @return the configuration
   */
  public DataSyncConfig build() {
    return new DataSyncConfig(this);
  }

  /**
   * A builder holding the settings of a built configuration.
   *
   * @param c the configuration
   * @return a new builder
   */
  public static DataSyncBuilder from(DataSyncConfig c) {
    DataSyncBuilder b = new DataSyncBuilder(c.kind(), c.customFactory());
    b.pingInterval = c.pingInterval();
    b.firstRetryDelay = c.firstRetryDelay();
    b.maxRetryDelay = c.maxRetryDelay();
    b.pollingInterval = c.pollingInterval();
    b.pollingRequestTimeout = c.pollingRequestTimeout();
    b.pollingFallbackAfter = c.pollingFallbackAfter();
    return b;
  }
}
