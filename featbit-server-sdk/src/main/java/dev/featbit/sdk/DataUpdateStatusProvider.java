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
    /**
     * Receives a status change.
     *
     * @param status the new status
     */
    void onStatusChanged(DataUpdateStatus status);
  }

  /**
   * The current status.
   *
   * @return the status at the time of the call
   */
  DataUpdateStatus status();

  /**
   * Shortcut for {@code status().state()}.
   *
   * @return the current synchronisation state
   */
  default DataUpdateStatus.State state() {
    return status().state();
  }

  /**
   * Waits until the client has usable data, at most {@code timeout}. Returns at once when the client is
   * already ready, was rejected or is closed. Restores the interrupt flag and returns {@code TIMED_OUT} if the
   * calling thread is interrupted.
   *
   * @param timeout the longest time to wait
   * @return {@code READY}, {@code TIMED_OUT}, {@code REJECTED} (the server refused the secret) or {@code CLOSED}
   */
  ReadyResult waitForReady(Duration timeout);

  /**
   * Adds a listener; close the returned subscription to remove it.
   *
   * @param listener called with every new status
   * @return the subscription that removes the listener when closed
   */
  Subscription addStatusListener(StatusListener listener);
}
