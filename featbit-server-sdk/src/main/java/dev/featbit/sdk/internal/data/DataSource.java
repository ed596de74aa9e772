package dev.featbit.sdk.internal.data;

/**
 * The SDK's own data sources (streaming, polling, bootstrap): the public {@link dev.featbit.sdk.spi.DataSource}
 * contract plus what the client needs to close the HTTP executor safely. They commit decoded
 * {@link DataSyncMessage}s through the client's {@link dev.featbit.sdk.internal.sync.DataUpdater}, which
 * publishes readiness and change notifications.
 */
public interface DataSource extends dev.featbit.sdk.spi.DataSource {
  /**
   * After {@link #close()}: completes once no network operation this source started still needs the HTTP
   * client's executor (a WebSocket handshake in progress must be let finish, to close the socket it opens).
   *
   * @return a future completing when the source is quiet
   */
  default java.util.concurrent.CompletableFuture<?> quiescent() {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }
}
