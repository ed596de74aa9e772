package dev.featbit.sdk.config;

import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the {@link DataStoreConfig} of a client; obtained from {@code Components.inMemoryDataStore()} or
 * {@code Components.persistentDataStore(factory)} and passed to {@code FBConfig.Builder.dataStore(...)}.
 * Not thread-safe.
 *
 * <p>Cache policy of a persistent store: evaluations always read the in-memory snapshot. With
 * {@link #cacheTtl(Duration)} the client also reads the whole store again every TTL and commits what changed
 * (use it when another process writes the store); {@link #cacheForever()} (the default) reads it only at
 * start. Either way, every commit from the data source is written through to the store, and when the store is
 * unavailable the client keeps serving the data it holds.
 *
 * @since 0.1.0
 */
public final class DataStoreBuilder {
  /** Default cache TTL when one is asked for without a value: 30 seconds. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

  PersistentDataStoreFactory persistentFactory;
  Duration cacheTtl;

  /**
   * A builder for the in-memory store alone ({@code factory == null}) or a persistent store behind it.
   *
   * @param factory the persistent store's factory, or {@code null}
   */
  public DataStoreBuilder(PersistentDataStoreFactory factory) {
    this.persistentFactory = factory;
  }

  /**
   * Reads the persistent store again every {@code ttl} (at least 10 ms).
   *
   * @param ttl the refresh interval
   * @return this builder
   */
  public DataStoreBuilder cacheTtl(Duration ttl) {
    this.cacheTtl = Objects.requireNonNull(ttl, "cacheTtl");
    return this;
  }

  /**
   * Reads the persistent store only at start (default).
   *
   * @return this builder
   */
  public DataStoreBuilder cacheForever() {
    this.cacheTtl = null;
    return this;
  }

  /**
   * The immutable configuration.
   *
   * @return the configuration
   */
  public DataStoreConfig build() {
    return new DataStoreConfig(this);
  }

  /**
   * A builder holding the settings of a built configuration.
   *
   * @param c the configuration
   * @return a new builder
   */
  public static DataStoreBuilder from(DataStoreConfig c) {
    DataStoreBuilder b = new DataStoreBuilder(c.persistentFactory());
    b.cacheTtl = c.cacheTtl();
    return b;
  }
}
