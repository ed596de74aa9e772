package dev.featbit.sdk;

import dev.featbit.sdk.config.DataStoreBuilder;
import dev.featbit.sdk.config.DataSyncBuilder;
import dev.featbit.sdk.config.DataSyncConfig;
import dev.featbit.sdk.config.EventsBuilder;
import dev.featbit.sdk.config.FileDataSourceBuilder;
import dev.featbit.sdk.config.HttpBuilder;
import dev.featbit.sdk.spi.DataSourceFactory;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where every area of a client's configuration starts: one factory method per way of doing it, each returning
 * a builder to pass to {@link FBConfig.Builder}.
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(secret)
 *     .streamingUrl("wss://featbit.example.com")
 *     .dataSync(Components.streaming().pingInterval(Duration.ofSeconds(15)))
 *     .events(Components.events().capacity(50_000))
 *     .http(Components.http().proxy("proxy.corp.example", 3128))
 *     .dataStore(Components.persistentDataStore(myStoreFactory).cacheTtl(Duration.ofSeconds(30)))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Components {
  private Components() {}

  /**
   * WebSocket streaming from the evaluation server, with change pushes and a polling fallback (the default).
   *
   * @return a data-sync builder
   */
  public static DataSyncBuilder streaming() {
    return new DataSyncBuilder(DataSyncConfig.Kind.STREAMING, null);
  }

  /**
   * HTTP polling of the evaluation server's {@code latest-all} endpoint.
   *
   * @return a data-sync builder
   */
  public static DataSyncBuilder polling() {
    return new DataSyncBuilder(DataSyncConfig.Kind.POLLING, null);
  }

  /**
   * No synchronisation with the evaluation server: data comes only from bootstrap data or from a persistent
   * data store (a client that reads a store another process writes). Events are still sent unless disabled.
   *
   * @return a data-sync builder
   */
  public static DataSyncBuilder noDataSync() {
    return new DataSyncBuilder(DataSyncConfig.Kind.NONE, null);
  }

  /**
   * The application's own data source (a file watcher, a message bus, a test double...).
   *
   * @param factory creates the data source when the client starts
   * @return a data-sync builder
   */
  public static DataSyncBuilder customDataSource(DataSourceFactory factory) {
    return new DataSyncBuilder(DataSyncConfig.Kind.CUSTOM, Objects.requireNonNull(factory, "factory"));
  }

  /**
   * Flags from local files, reloaded when they change (watch service, a check every second, loaded once
   * stable for 200 ms); no network for data. For other timings use
   * {@code customDataSource(new FileDataSourceBuilder(files).debounce(...).pollInterval(...))}. With
   * {@link #noEvents()} the client needs no secret and no URL.
   *
   * @param files one or more files, each a {@code data-sync} message, a {@code latest-all} body or
   *     {@code {"featureFlags":[...],"segments":[...]}}
   * @return a data-sync builder
   * @throws IllegalArgumentException if no file is given
   * @see FileDataSourceBuilder
   */
  public static DataSyncBuilder fileDataSource(Path... files) {
    return customDataSource(new FileDataSourceBuilder(files));
  }

  /**
   * Event delivery with every default (the default).
   *
   * @return an events builder
   */
  public static EventsBuilder events() {
    return new EventsBuilder();
  }

  /**
   * No evaluation or metric events.
   *
   * @return an events builder with delivery off
   */
  public static EventsBuilder noEvents() {
    return new EventsBuilder().enabled(false);
  }

  /**
   * HTTP and WebSocket settings: timeouts, proxy, headers, TLS trust.
   *
   * @return an HTTP builder
   */
  public static HttpBuilder http() {
    return new HttpBuilder();
  }

  /**
   * The in-memory store alone (the default): data lives as long as the client.
   *
   * @return a data-store builder
   */
  public static DataStoreBuilder inMemoryDataStore() {
    return new DataStoreBuilder(null);
  }

  /**
   * A persistent or shared store behind the in-memory snapshot (see {@link DataStoreBuilder} for the cache
   * policy).
   *
   * @param factory creates the store when the client starts
   * @return a data-store builder
   */
  public static DataStoreBuilder persistentDataStore(PersistentDataStoreFactory factory) {
    return new DataStoreBuilder(Objects.requireNonNull(factory, "factory"));
  }
}
