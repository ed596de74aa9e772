package dev.featbit.sdk.internal.sync;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnection delays (spec 2.10, SYNC-18): attempt n waits a uniform random time in {@code [b/2, b)} with
 * {@code b = min(first * 2^n, max)}; the count starts again after a connection that stayed up for
 * {@code resetAfter}. Not thread-safe: owned by one data source.
 */
public final class Backoff {
  private final long firstMillis;
  private final long maxMillis;
  private final long resetAfterMillis;
  private int attempt;
  private long connectedAt = -1;

  public Backoff(long firstMillis, long maxMillis, long resetAfterMillis) {
    this.firstMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.resetAfterMillis = resetAfterMillis;
  }

  /** A connection was established. */
  public void connected(long nowMillis) {
    connectedAt = nowMillis;
  }

  /** The server proved healthy (a completed exchange): the next delay starts from the first one again. */
  public void reset() {
    attempt = 0;
  }

  /** The delay before the next attempt. */
  public long nextDelay(long nowMillis) {
    if (connectedAt >= 0 && nowMillis - connectedAt >= resetAfterMillis) {
      attempt = 0;
    }
    connectedAt = -1;
    long b = firstMillis << Math.min(attempt, 30);
    if (b <= 0 || b > maxMillis) {
      b = maxMillis;
    }
    attempt++;
    long half = b / 2;
    return half + (long) (ThreadLocalRandom.current().nextDouble() * (b - half));
  }
}
