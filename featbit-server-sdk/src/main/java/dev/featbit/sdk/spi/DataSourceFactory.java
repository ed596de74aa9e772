package dev.featbit.sdk.spi;

/**
 * Creates a client's {@link DataSource}; given to {@code Components.customDataSource(factory)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DataSourceFactory {
  /**
   * Creates the data source of one client. Must not start threads or connections: that is
   * {@link DataSource#start()}'s job.
   *
   * @param context the client's configuration, scheduler and clock
   * @param updates where the source delivers data and reports its status
   * @return the data source
   */
  DataSource create(ComponentContext context, DataSourceUpdates updates);
}
