package dev.featbit.sdk.config;

import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import java.nio.file.Path;
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
 * <p>Last-known-good snapshot ({@link #snapshotFile(Path)}, with either store): the client also keeps the data
 * set it last received from its data source in a local file, written atomically at most once per
 * {@link #snapshotInterval(Duration)} and on close, and loads it at start when nothing else initialized it, so
 * a restart while the server is unreachable serves the last data instead of fallbacks.
 *
 * @since 0.1.0
 */
public final class DataStoreBuilder {
  /** Default cache TTL when one is asked for without a value: 30 seconds. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

  /** Default time between two snapshot writes: 5 seconds. */
  public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(5);

  PersistentDataStoreFactory persistentFactory;
  Duration cacheTtl;
  Path snapshotFile;
  Duration snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;

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
   * Keeps a last-known-good snapshot of the flag data in {@code file} (default: none). Online only. The file
   * holds the data set the data source last delivered (never the env secret), with a header naming the
   * environment and a checksum; it is replaced atomically (written to {@code <file>.tmp} in the same folder,
   * forced to disk, then renamed) and readable by its owner only where the file system supports POSIX
   * permissions. At start, when no persistent store initialized the client, a valid snapshot of the same
   * environment initializes it at once: status {@code STALE} (error kind {@code STORE}, naming the file and the
   * snapshot's age) until the data source's first full data set replaces it. A torn, corrupt or foreign file
   * is logged and ignored. One file per client.
   *
   * @param file the snapshot file (its folder is created when missing), or {@code null} for none
   * @return this builder
   */
  public DataStoreBuilder snapshotFile(Path file) {
    this.snapshotFile = file;
    return this;
  }

  /**
   * The shortest time between two snapshot writes (default {@link #DEFAULT_SNAPSHOT_INTERVAL}, at least
   * 10 ms): a change is written at most this long after it was committed; {@code close()} writes the last
   * one.
   *
   * @param interval the write interval
   * @return this builder
   */
  public DataStoreBuilder snapshotInterval(Duration interval) {
    this.snapshotInterval = Objects.requireNonNull(interval, "snapshotInterval");
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
    b.snapshotFile = c.snapshotFile();
    b.snapshotInterval = c.snapshotInterval();
    return b;
  }
}
