package dev.featbit.sdk.internal;

import dev.featbit.sdk.ReasonKind;
import java.util.concurrent.atomic.LongAdder;

/**
 * Evaluation counts per {@link ReasonKind}: one {@link LongAdder} per reason, so concurrent evaluations on
 * different threads update striped cells without a lock and without contending on one cache line.
 */
public final class EvaluationCounter {
  private final LongAdder[] byReason;

  public EvaluationCounter() {
    byReason = new LongAdder[ReasonKind.values().length];
    for (int i = 0; i < byReason.length; i++) {
      byReason[i] = new LongAdder();
    }
  }

  /** Counts one evaluation that ended with {@code reason}. */
  public void add(ReasonKind reason) {
    byReason[reason.ordinal()].increment();
  }

  /** The current counts, indexed by {@link ReasonKind#ordinal()} (a fresh array). */
  public long[] snapshot() {
    long[] out = new long[byReason.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = byReason[i].sum();
    }
    return out;
  }
}
