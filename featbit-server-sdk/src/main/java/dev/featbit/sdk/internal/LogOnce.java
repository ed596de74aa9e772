package dev.featbit.sdk.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which problems were already logged so that a problem repeated on every evaluation is logged
 * once. Bounded: after {@code capacity} distinct problems nothing more is remembered or logged by it, so
 * hostile or random flag keys cannot grow memory.
 */
public final class LogOnce {
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final int capacity;

  public LogOnce(int capacity) {
    this.capacity = capacity;
  }

  /** True the first time {@code problem} is seen (and while capacity remains). */
  public boolean first(String problem) {
    if (seen.contains(problem) || seen.size() >= capacity) {
      return false;
    }
    return seen.add(problem);
  }
}
