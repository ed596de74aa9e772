package dev.featbit.sdk.spi;

/**
 * Creates a client's {@link PersistentDataStore}; given to {@code Components.persistentDataStore(factory)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PersistentDataStoreFactory {
  /**
   * Creates the store of one client.
   *
   * @param context the client's configuration, scheduler, clock and environment id
   * @return the store
   * @throws Exception when the store cannot be created (the client then starts without it and says so)
   */
  PersistentDataStore create(ComponentContext context) throws Exception;
}
