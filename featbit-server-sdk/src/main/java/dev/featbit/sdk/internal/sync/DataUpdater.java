package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;
import java.util.concurrent.atomic.AtomicBoolean;

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
  private volatile WriteThrough[] writeThroughs = new WriteThrough[0];
  // the data held came from a snapshot or bootstrap data, not from the data source: the cursor stays 0 (so the
  // server answers with a full data set) and the client is not READY until the data source's first full set
  private volatile boolean provisional;
  private final AtomicBoolean incompleteFullReported = new AtomicBoolean();
  private boolean closed; // guarded by this

  public DataUpdater(DataStore store, StatusManager status, FlagTrackerImpl tracker) {
    this.store = store;
    this.status = status;
    this.tracker = tracker;
  }

  /** Adds a write-through (a persistent store, the snapshot), before any data source starts. */
  public synchronized void writeThrough(WriteThrough w) {
    WriteThrough[] a = java.util.Arrays.copyOf(writeThroughs, writeThroughs.length + 1);
    a[a.length - 1] = w;
    writeThroughs = a;
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
    if (message.eventType == DataSyncMessage.EventType.FULL) {
      provisional = false;
    }
    Snapshot snapshot = store.snapshot();
    Runnable notifications = tracker.committed(result, snapshot);
    status.committed(snapshot.initialized && !provisional);
    if (fromSource) {
      for (WriteThrough w : writeThroughs) {
        w.committed(message, result);
      }
    }
    notifications.run();
    return result;
  }

  /**
   * Commits provisional data (a last-known-good snapshot, online bootstrap data) as a complete data set: it
   * initializes the client (evaluations serve it) but is not written through, keeps the cursor at 0 so that the
   * data source asks for a full data set, and does not make the status {@code READY}; the data source's first
   * full data set replaces it. Returns {@code null} when closed.
   */
  public synchronized CommitResult applyProvisional(DataSyncMessage message) {
    if (closed) {
      return null;
    }
    CommitResult result = store.apply(message.asFull());
    provisional = true;
    Runnable notifications = tracker.committed(result, store.snapshot());
    notifications.run();
    return result;
  }

  /** Whether the data held is provisional (from a snapshot or bootstrap data, not yet from the data source). */
  public boolean isProvisional() {
    return provisional;
  }

  /** The data source says the data held is current: {@code READY} again, unless the data is provisional. */
  public void upToDate() {
    status.committed(isInitialized() && !provisional);
  }

  /**
   * The cursor for the next data-sync request: 0 until a first full data set was committed by the data
   * source (D-13); provisional data does not count.
   */
  public long cursor() {
    Snapshot s = store.snapshot();
    return s.initialized && !provisional ? s.version : 0;
  }

  public boolean isInitialized() {
    return store.snapshot().initialized;
  }

  /**
   * Whether a message ignored for {@code e} is logged at ERROR (otherwise at DEBUG): a full data set without
   * both arrays is logged at ERROR once per client, whichever data source received it, so that a server or
   * proxy that keeps sending them does not flood the log; other invalid messages every time.
   */
  public boolean logAtError(DataSyncMessage.InvalidMessageException e) {
    return !e.isIncompleteFull() || incompleteFullReported.compareAndSet(false, true);
  }

  public StatusManager status() {
    return status;
  }

  public synchronized void close() {
    closed = true;
  }
}
