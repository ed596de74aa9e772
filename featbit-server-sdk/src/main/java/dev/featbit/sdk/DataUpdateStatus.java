package dev.featbit.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * The synchronisation status of a client at one moment (spec 2.11, SYNC-6, SYNC-7): its {@link State}, since
 * when, and the last error seen (which may be older than the current state).
 *
 * @since 0.1.0
 */
public final class DataUpdateStatus {
  /** The four public states of synchronisation. */
  public enum State {
    /** No usable data yet (online, before the first full data set); evaluations return fallbacks. */
    NOT_READY,
    /** Data present and synchronisation healthy (or an offline start). */
    READY,
    /** Data present but synchronisation interrupted; evaluations keep using the last data. */
    STALE,
    /** Synchronisation stopped for good ({@code close()} or a rejected secret); data stays evaluable. */
    CLOSED
  }

  /** What kind of problem an {@link ErrorInfo} reports. */
  public enum ErrorKind {
    /** Connection refused, reset, timed out or lost. */
    NETWORK,
    /** The server answered with an unexpected HTTP status or close code. */
    SERVER_STATUS,
    /** The server rejected the secret (close code 4003, HTTP 401/403): synchronisation stops. */
    REJECTED,
    /** A message could not be used (not JSON, unknown event type) and was ignored. */
    INVALID_DATA,
    /** The connection was silent for too long and was dropped. */
    LIVENESS_TIMEOUT,
    /**
     * The persistent data store failed (the client keeps serving the data it holds), or the data comes from
     * the store, the last-known-good snapshot or bootstrap data while the data source has not delivered yet.
     */
    STORE,
    /** Anything else. */
    UNKNOWN
  }

  /** A problem seen by synchronisation: its kind, a safe message (no secret, no token) and when. */
  public static final class ErrorInfo {
    private final ErrorKind kind;
    private final String message;
    private final Instant time;

    /**
     * An error description.
     *
     * @param kind what failed
     * @param message a description safe to log (no secret, no token); {@code null} is read as {@code ""}
     * @param time when the error was seen
     * @throws NullPointerException if {@code kind} or {@code time} is {@code null}
     */
    public ErrorInfo(ErrorKind kind, String message, Instant time) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.message = message == null ? "" : message;
      this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * What failed.
     *
     * @return the error kind
     */
    public ErrorKind kind() {
      return kind;
    }

    /**
     * What happened, in words; never contains the secret or a token.
     *
     * @return the message, {@code ""} when there is none
     */
    public String message() {
      return message;
    }

    /**
     * When the error was seen.
     *
     * @return the instant, read from the client's clock
     */
    public Instant time() {
      return time;
    }

    @Override
    public String toString() {
      return kind + " at " + time + ": " + message;
    }
  }

  private final State state;
  private final Instant since;
  private final ErrorInfo lastError;

  /**
   * A status; the SDK makes these, custom data sources and tests may too.
   *
   * @param state the synchronisation state
   * @param since when that state began
   * @param lastError the most recent error, or {@code null} if none was seen
   * @throws NullPointerException if {@code state} or {@code since} is {@code null}
   */
  public DataUpdateStatus(State state, Instant since, ErrorInfo lastError) {
    this.state = Objects.requireNonNull(state, "state");
    this.since = Objects.requireNonNull(since, "since");
    this.lastError = lastError;
  }

  /**
   * The synchronisation state.
   *
   * @return {@code NOT_READY}, {@code READY}, {@code STALE} or {@code CLOSED}
   */
  public State state() {
    return state;
  }

  /**
   * When the client entered {@link #state()}.
   *
   * @return the instant the current state began, read from the client's clock
   */
  public Instant since() {
    return since;
  }

  /**
   * The last error seen, or {@code null} if there was none.
   *
   * @return the most recent error, or {@code null}
   */
  public ErrorInfo lastError() {
    return lastError;
  }

  @Override
  public String toString() {
    return "DataUpdateStatus{" + state + " since " + since + (lastError != null ? ", lastError=" + lastError : "")
        + "}";
  }
}
