package dev.featbit.sdk;

import java.time.Duration;

/**
 * Readiness and health of flag-data synchronisation (spec 2.11, SYNC-3..8, API-3..5); obtained from
 * {@link FBClient#dataUpdateStatusProvider()}.
 *
 * @since 0.1.0
 */
public interface DataUpdateStatusProvider {
  /** The outcome of {@link #waitForReady(Duration)}. */
  enum ReadyResult {
    /** Usable data is present. */
    READY,
    /** The wait ended first; synchronisation continues in the background. */
    TIMED_OUT,
    /** The server rejected the secret: the client will never become ready. */
    REJECTED,
    /** The client was closed before it became ready. */
    CLOSED
  }

  /** A listener of status changes; called on the SDK's listener thread, in order. */
  @FunctionalInterface
  interface StatusListener {
    void onStatusChanged(DataUpdateStatus status);
  }

  /** The current status. */
  DataUpdateStatus status();

  /** Shortcut for {@code status().state()}. */
  default DataUpdateStatus.State state() {
    return status().state();
  }

  /**
   * Waits until the client has usable data, at most {@code timeout}. Returns at once when the client is
   * already ready, was rejected or is closed. Restores the interrupt flag and returns {@code TIMED_OUT} if the
   * calling thread is interrupted.
   */
  ReadyResult waitForReady(Duration timeout);

  /** Adds a listener; close the returned subscription to remove it. */
  Subscription addStatusListener(StatusListener listener);
}
