package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.DataUpdateStatus.ErrorInfo;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.DataUpdateStatusProvider;
import dev.featbit.sdk.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's status (spec 2.11): {@code NOT_READY -> READY} on the first full data set,
 * {@code READY -> STALE} when synchronisation is interrupted, {@code STALE -> READY} only when data is
 * committed again (SYNC-8), anything {@code -> CLOSED} on close or rejection (terminal). Waiters are released
 * by READY, rejection and close. Listeners are told of every state change through the dispatcher.
 */
public final class StatusManager implements DataUpdateStatusProvider {
  private final ListenerDispatcher dispatcher;
  private final CopyOnWriteArrayList<StatusListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  // guarded by lock
  private DataUpdateStatus status;
  private String provisionalNote; // what provisional data is served, until the data source delivers
  private ErrorInfo storeFailure;  // while the persistent store of a client with a data source fails
  private boolean syncInterrupted; // the data source's last word was an interruption
  // written under lock, read without it
  private volatile boolean rejected;

  private final java.time.Clock clock;

  public StatusManager(ListenerDispatcher dispatcher, State initial) {
    this(dispatcher, initial, java.time.Clock.systemUTC());
  }

  public StatusManager(ListenerDispatcher dispatcher, State initial, java.time.Clock clock) {
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.status = new DataUpdateStatus(initial, clock.instant(), null);
  }

  @Override
  public DataUpdateStatus status() {
    synchronized (lock) {
      return status;
    }
  }

  /**
   * Data was committed; {@code initialized} is the store's flag after the commit. {@code READY}, or
   * {@code STALE} with the store's error while a persistent store being written fails.
   */
  public void committed(boolean initialized) {
    if (!initialized) {
      return;
    }
    synchronized (lock) {
      if (status.state() == State.CLOSED) {
        return;
      }
      syncInterrupted = false;
      provisionalNote = null;
      if (storeFailure != null) {
        setLocked(State.STALE, storeFailure);
      } else {
        setLocked(State.READY, status.lastError());
      }
    }
  }

  /**
   * The persistent store a client with a data source writes through has failed: a {@code READY} client is
   * {@code STALE} with this {@code STORE} error until {@link #storeRecovered()} (its data is current, but
   * the store no longer holds it); other states keep theirs.
   */
  public void storeFailed(String message) {
    synchronized (lock) {
      State s = status.state();
      if (s == State.CLOSED) {
        return;
      }
      storeFailure = new ErrorInfo(ErrorKind.STORE, message, clock.instant());
      setLocked(s == State.READY ? State.STALE : s, storeFailure);
    }
  }

  /**
   * The persistent store answers again and holds the client's data: {@code READY} again unless the data
   * source is interrupted or has not delivered yet.
   */
  public void storeRecovered() {
    synchronized (lock) {
      if (storeFailure == null) {
        return;
      }
      storeFailure = null;
      if (status.state() == State.STALE && !syncInterrupted && provisionalNote == null) {
        setLocked(State.READY, status.lastError());
      }
    }
  }

  /** Synchronisation was interrupted (the connection dropped or a request failed). */
  public void interrupted(ErrorKind kind, String message) {
    synchronized (lock) {
      ErrorInfo error = new ErrorInfo(kind, provisionalNote == null ? message
          : message + "; " + provisionalNote, clock.instant());
      State s = status.state();
      if (s == State.CLOSED) {
        return;
      }
      syncInterrupted = true;
      State next = s == State.READY ? State.STALE : s;
      setLocked(next, error);
    }
  }

  /**
   * The client serves provisional data (a snapshot, bootstrap data) until the data source delivers:
   * {@code STALE} with {@code message} as the last error, from whatever state but {@code CLOSED}.
   */
  public void provisional(ErrorKind kind, String message) {
    synchronized (lock) {
      if (status.state() != State.CLOSED) {
        provisionalNote = message;
        setLocked(State.STALE, new ErrorInfo(kind, message, clock.instant()));
      }
    }
  }

  /** Records an error that does not change the state (e.g. an ignored message). */
  public void error(ErrorKind kind, String message) {
    synchronized (lock) {
      if (status.state() != State.CLOSED) {
        setLocked(status.state(), new ErrorInfo(kind, message, clock.instant()));
      }
    }
  }

  /** The server rejected the secret: terminal. */
  public void rejected(String message) {
    transition(State.CLOSED, new ErrorInfo(ErrorKind.REJECTED, message, clock.instant()), true);
  }

  /** Whether the server rejected the secret (then the state is {@code CLOSED} for good); reads no lock. */
  public boolean isRejected() {
    return rejected;
  }

  /** The client was closed: terminal. */
  public void closed() {
    transition(State.CLOSED, null, false);
  }

  private void transition(State next, ErrorInfo error, boolean reject) {
    synchronized (lock) {
      if (status.state() == State.CLOSED) {
        return;
      }
      if (reject) {
        rejected = true;
      }
      setLocked(next, error != null ? error : status.lastError());
    }
  }

  private void setLocked(State next, ErrorInfo error) {
    if (next == State.READY) {
      provisionalNote = null;
    }
    boolean changed = next != status.state();
    status = new DataUpdateStatus(next, changed ? clock.instant() : status.since(), error);
    lock.notifyAll();
    if (changed) {
      DataUpdateStatus snapshot = status;
      for (StatusListener l : listeners) {
        dispatcher.dispatch(() -> l.onStatusChanged(snapshot));
      }
    }
  }

  @Override
  public ReadyResult waitForReady(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    synchronized (lock) {
      while (true) {
        State s = status.state();
        if (s == State.READY || s == State.STALE) {
          return ReadyResult.READY;
        }
        if (s == State.CLOSED) {
          return rejected ? ReadyResult.REJECTED : ReadyResult.CLOSED;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return ReadyResult.TIMED_OUT;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ReadyResult.TIMED_OUT;
        }
      }
    }
  }

  @Override
  public Subscription addStatusListener(StatusListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
