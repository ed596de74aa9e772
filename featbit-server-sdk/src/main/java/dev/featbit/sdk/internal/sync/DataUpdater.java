package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;

/**
 * The single gate through which every data source commits (bootstrap, streaming, polling): applies a message
 * to the store, then publishes readiness and change notifications for exactly that commit. After
 * {@link #close()} nothing more is committed (POLL-11: a late response cannot change data or readiness).
 */
public final class DataUpdater {
  private final DataStore store;
  private final StatusManager status;
  private final FlagTrackerImpl tracker;
  private boolean closed; // guarded by this

  public DataUpdater(DataStore store, StatusManager status, FlagTrackerImpl tracker) {
    this.store = store;
    this.status = status;
    this.tracker = tracker;
  }

  /** Commits a decoded message; returns {@code null} when closed. */
  public synchronized CommitResult apply(DataSyncMessage message) {
    if (closed) {
      return null;
    }
    CommitResult result = store.apply(message);
    Snapshot snapshot = store.snapshot();
    Runnable notifications = tracker.committed(result, snapshot);
    status.committed(snapshot.initialized);
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
