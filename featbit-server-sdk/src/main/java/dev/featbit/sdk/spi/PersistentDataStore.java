package dev.featbit.sdk.spi;

import java.util.EnumMap;
import java.util.Map;

/**
 * A data store that outlives the process or is shared between processes (a file, Redis, a database). The
 * client never evaluates from it directly: it sits behind the client's in-memory snapshot, which evaluations
 * read without I/O, and is configured with {@code Components.persistentDataStore(factory)} and a cache policy.
 *
 * <p>What the client does with it:
 * <ul>
 *   <li>every commit from the data source is written through: a full data set with {@link #init}, a patch with
 *   {@link #upsert} per item (the items are already validated by the SDK), on the committing thread, never on
 *   the evaluation path;</li>
 *   <li>at start, when {@link #isInitialized()}, its data initializes the client at once;</li>
 *   <li>with a cache TTL, the client reads it all again every TTL and commits what changed (so a client
 *   without a data source follows a store that another process writes);</li>
 *   <li>when a call throws, the client logs it and keeps serving its in-memory data; a {@code READY} client
 *   becomes {@code STALE} with a {@code STORE} error naming the failed operation (its data is current, the
 *   store no longer holds it), and once the store answers again the client rewrites it with its complete
 *   data set and is {@code READY} again (unless its data source is interrupted);</li>
 *   <li>a client without a data source ({@code Components.noDataSync()}) only reads: it loads the store as
 *   soon as it holds a complete data set, {@link #subscribe subscribes} to the changes other processes write,
 *   is {@code STALE} while the store fails, and never writes.</li>
 * </ul>
 *
 * <p>Implementations must be thread-safe. Methods may throw any exception to report that the store is
 * unavailable.
 *
 * @since 0.1.0
 */
public interface PersistentDataStore extends AutoCloseable {
  /**
   * Replaces everything the store holds for this environment with these items, atomically for readers (a
   * reader sees the old set or the new one, never a mix).
   *
   * @param flags flags by key
   * @param segments segments by id
   * @throws Exception when the store is unavailable
   */
  void init(Map<String, StoredItem> flags, Map<String, StoredItem> segments) throws Exception;

  /**
   * Stores an item unless the store holds the same key with a version greater than or equal to it.
   *
   * @param kind flag or segment
   * @param item the item
   * @return true when the item was stored, false when a newer or equal version was kept
   * @throws Exception when the store is unavailable
   */
  boolean upsert(DataKind kind, StoredItem item) throws Exception;

  /**
   * One item, archived ones included.
   *
   * @param kind flag or segment
   * @param key the key
   * @return the item, or {@code null}
   * @throws Exception when the store is unavailable
   */
  StoredItem get(DataKind kind, String key) throws Exception;

  /**
   * All items of a kind, archived ones included.
   *
   * @param kind flag or segment
   * @return items by key (a map the caller may keep)
   * @throws Exception when the store is unavailable
   */
  Map<String, StoredItem> getAll(DataKind kind) throws Exception;

  /**
   * Whether a full data set was ever written ({@link #init}) for this environment.
   *
   * @return true when the store holds a complete data set
   * @throws Exception when the store is unavailable
   */
  boolean isInitialized() throws Exception;

  /**
   * Reads the complete data set as one consistent view: both kinds from the same full data set (and the
   * patches that followed it), never flags of one {@link #init} and segments of another. The client reads the
   * store through this method. The default calls {@link #getAll} for each kind, which a concurrent
   * {@code init} can split; a store that can read both kinds at once overrides it.
   *
   * @return a map with an entry for {@link DataKind#FLAGS} and one for {@link DataKind#SEGMENTS}, each items
   *     by key (maps the caller may keep)
   * @throws Exception when the store is unavailable
   */
  default Map<DataKind, Map<String, StoredItem>> readAll() throws Exception {
    Map<DataKind, Map<String, StoredItem>> all = new EnumMap<>(DataKind.class);
    all.put(DataKind.FLAGS, getAll(DataKind.FLAGS));
    all.put(DataKind.SEGMENTS, getAll(DataKind.SEGMENTS));
    return all;
  }

  /**
   * Asks the store to call {@code changed} whenever another process may have changed its data (a change
   * notice, or a reconnection after which notices may have been lost). The client then reads the store again
   * at once ({@link #readAll()}) and commits what differs, so changes reach it without waiting for the
   * cache TTL, which stays the safety net for a lost notice. Called at most once per store, before the first
   * read, by a client without a data source; the store stops calling it when closed.
   *
   * <p>{@code changed} returns at once and never throws; it may be called from any thread, and a burst of
   * calls is coalesced into one read. The default does nothing: the client then follows the store only by its
   * cache TTL.
   *
   * @param changed what to call after a change
   */
  default void subscribe(Runnable changed) {
    // no change notices: the cache TTL alone
  }

  /** Releases the store's connections; idempotent, never throws. */
  @Override
  void close();
}
