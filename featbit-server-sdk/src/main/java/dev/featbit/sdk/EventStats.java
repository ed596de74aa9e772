package dev.featbit.sdk;

/**
 * Counters of event delivery since the client started (spec EVT-7, EVT-17): every accepted event ends up
 * {@code sent}, {@code failed} (retries used up, delivery stopped, or left unsent at close) or is still pending;
 * {@code dropped} events were never accepted because the buffer was full.
 *
 * @since 0.1.0
 */
public final class EventStats {
  private final long accepted;
  private final long sent;
  private final long dropped;
  private final long failed;

  /**
   * A set of counters; the client makes these.
   *
   * @param accepted events taken into the buffer
   * @param sent events in batches the server accepted
   * @param dropped events refused because the buffer was full
   * @param failed accepted events that will never be delivered
   */
  public EventStats(long accepted, long sent, long dropped, long failed) {
    this.accepted = accepted;
    this.sent = sent;
    this.dropped = dropped;
    this.failed = failed;
  }

  /**
   * Events taken into the buffer.
   *
   * @return the number of events accepted
   */
  public long accepted() {
    return accepted;
  }

  /**
   * Events in batches the server accepted (2xx).
   *
   * @return the number of events delivered
   */
  public long sent() {
    return sent;
  }

  /**
   * Events refused because the buffer was full.
   *
   * @return the number of events dropped
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Accepted events that will never be delivered.
   *
   * @return the number of accepted events that failed for good
   */
  public long failed() {
    return failed;
  }

  @Override
  public String toString() {
    return "EventStats{accepted=" + accepted + ", sent=" + sent + ", dropped=" + dropped + ", failed=" + failed + "}";
  }
}
