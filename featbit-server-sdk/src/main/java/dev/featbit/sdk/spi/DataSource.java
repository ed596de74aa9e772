package dev.featbit.sdk.spi;

/**
 * Where a client's flag data comes from. The SDK's streaming and polling synchronisation and its bootstrap
 * loader implement this interface; an application can supply its own through
 * {@code Components.customDataSource(factory)}.
 *
 * <p>Contract: the client creates the source once ({@link DataSourceFactory#create}) and calls {@link #start()}
 * once, then {@link #close()} once when the client closes. The source delivers data and reports trouble only
 * through the {@link DataSourceUpdates} it was created with; it may call it from any thread. The SDK validates
 * and compiles everything it is given, and ignores whatever arrives after {@code close()}.
 *
 * @since 0.1.0
 */
public interface DataSource extends AutoCloseable {
  /** Starts delivering data in the background; returns at once and never throws. */
  void start();

  /**
   * Stops all background work and releases resources; idempotent, never throws. Nothing the source delivers
   * afterwards is committed.
   */
  @Override
  void close();
}
