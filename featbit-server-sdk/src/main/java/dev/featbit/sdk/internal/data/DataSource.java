package dev.featbit.sdk.internal.data;

/**
 * Where flag data comes from online: WebSocket streaming or HTTP polling. A source decodes what it receives
 * into {@link DataSyncMessage}s, commits them through the client's
 * {@link dev.featbit.sdk.internal.sync.DataUpdater} (which publishes readiness and change notifications) and
 * reports interruptions and rejections to the status manager. Bootstrap data (offline) goes through the same
 * updater.
 */
public interface DataSource extends AutoCloseable {
  /** Starts background synchronisation; returns at once. */
  void start();

  /** Stops all background work; idempotent; never throws; nothing is committed afterwards. */
  @Override
  void close();

  /**
   * After {@link #close()}: completes once no network operation this source started still needs the HTTP
   * client's executor (a WebSocket handshake in progress must be let finish, to close the socket it opens).
   */
  default java.util.concurrent.CompletableFuture<?> quiescent() {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }
}
