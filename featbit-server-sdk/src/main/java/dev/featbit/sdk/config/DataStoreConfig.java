package dev.featbit.sdk.config;

import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a client keeps its data besides the in-memory snapshot that evaluations read: nowhere (default), or a
 * {@link dev.featbit.sdk.spi.PersistentDataStore} behind it with a cache policy. Immutable; made by
 * {@link DataStoreBuilder} ({@code Components.inMemoryDataStore()}, {@code Components.persistentDataStore(...)}).
 *
 * @since 0.1.0
 */
public final class DataStoreConfig {
  private final PersistentDataStoreFactory persistentFactory;
  private final Duration cacheTtl;
  private final Path snapshotFile;
  private final Duration snapshotInterval;

  DataStoreConfig(DataStoreBuilder b) {
    this.persistentFactory = b.persistentFactory;
    this.cacheTtl = b.cacheTtl;
    this.snapshotFile = b.snapshotFile;
    this.snapshotInterval = b.snapshotInterval;
  }

  /**
   * The last-known-good snapshot file, or {@code null} for none.
   *
   * @return the snapshot file, or {@code null}
   */
  public Path snapshotFile() {
    return snapshotFile;
  }

  /**
   * The shortest time between two snapshot writes.
   *
   * @return the snapshot write interval
   */
  public Duration snapshotInterval() {
    return snapshotInterval;
  }

  /**
   * The persistent store's factory, or {@code null} for the in-memory store alone.
   *
   * @return the factory, or {@code null}
   */
  public PersistentDataStoreFactory persistentFactory() {
    return persistentFactory;
  }

  /**
   * How often the client reads the persistent store again; {@code null} means never after start (cache
   * forever).
   *
   * @return the cache TTL, or {@code null}
   */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /**
   * Shows the settings.
   *
   * @return a description
   */
  @Override
  public String toString() {
    String snapshot = snapshotFile == null ? "" : ", snapshotFile=" + snapshotFile + ", snapshotInterval="
        + snapshotInterval;
    return persistentFactory == null ? "DataStoreConfig{in-memory" + snapshot + "}"
        : "DataStoreConfig{persistent, cacheTtl=" + (cacheTtl == null ? "forever" : cacheTtl) + snapshot + "}";
  }
}
