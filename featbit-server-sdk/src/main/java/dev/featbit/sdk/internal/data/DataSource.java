package dev.featbit.sdk.internal.data;

import java.util.concurrent.CompletableFuture;

/**
 * Where flag data comes from: bootstrap (offline), WebSocket streaming or HTTP polling. A source decodes
 * what it receives into {@link DataSyncMessage}s and commits them through the store; the client only starts
 * it and closes it.
 */
public interface DataSource extends AutoCloseable {
  /**
   * Starts the source. The future completes with {@code true} once a first full data set is committed, or
   * {@code false} when the source stopped for good before that (rejected credentials, close).
   */
  CompletableFuture<Boolean> start();

  /** Stops all background work; idempotent; never throws. */
  @Override
  void close();
}
