package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;

/**
 * The single gate through which every data source commits (bootstrap, streaming, polling, the application's
 * own, a persistent store): applies a message to the store, then publishes readiness and change
 * notifications for exactly that commit, and hands what a data source committed to the persistent store
 * (write-through). After {@link #close()} nothing more is committed (POLL-11: a late response cannot change
 * data or readiness).
 */
public final class DataUpdater {
  /** Receives every commit that came from a data source (not from the persistent store itself). */
  public interface WriteThrough {
    void committed(DataSyncMessage message, CommitResult result);
  }

  private final DataStore store;
  private final StatusManager status;
  private final FlagTrackerImpl tracker;
  private volatile WriteThrough writeThrough;
  private boolean closed; // guarded by this

  public DataUpdater(DataStore store, StatusManager status, FlagTrackerImpl tracker) {
    this.store = store;
    this.status = status;
    this.tracker = tracker;
  }

  /** Installs the persistent store's write-through (before any data source starts). */
  public void writeThrough(WriteThrough w) {
    this.writeThrough = w;
  }

  /** Commits a decoded message from a data source; returns {@code null} when closed. */
  public CommitResult apply(DataSyncMessage message) {
    return apply(message, true);
  }

  /**
   * Commits a message; {@code fromSource} is false for data read from the persistent store (not written back).
   * Returns {@code null} when closed.
   */
  public synchronized CommitResult apply(DataSyncMessage message, boolean fromSource) {
    if (closed) {
      return null;
    }
    CommitResult result = store.apply(message);
    Snapshot snapshot = store.snapshot();
    Runnable notifications = tracker.committed(result, snapshot);
    status.committed(snapshot.initialized);
    WriteThrough w = writeThrough;
    if (fromSource && w != null) {
      w.committed(message, result);
    }
    notifications.run();
    return result;
  }

  /** The cursor for the next data-sync request: 0 until a first full data set was committed (D-13). */
  public long cursor() {
    Snapshot s = store.snapshot();
    return s.initialized ? s.version : 0;
  }

  public boolean isInitialized() {
    return store.snapshot().initialized;
  }

  public StatusManager status() {
    return status;
  }

  public synchronized void close() {
    closed = true;
  }
}
