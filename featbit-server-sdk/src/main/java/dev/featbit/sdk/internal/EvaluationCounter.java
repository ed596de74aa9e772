package dev.featbit.sdk.internal;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;
import java.util.concurrent.atomic.LongAdder;

/**
 * Evaluation counts per {@link ReasonKind} and per {@link EvalDetail.ErrorKind}: one {@link LongAdder} each, so
 * concurrent evaluations on different threads update striped cells without a lock and without contending on
 * one cache line.
 */
public final class EvaluationCounter {
  private static final int REASONS = ReasonKind.values().length;
  private final LongAdder[] cells;

  public EvaluationCounter() {
    cells = new LongAdder[REASONS + EvalDetail.ErrorKind.values().length];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = new LongAdder();
    }
  }

  /** Counts one evaluation that ended with {@code reason} and {@code error} ({@code NONE} when served). */
  public void add(ReasonKind reason, EvalDetail.ErrorKind error) {
    cells[reason.ordinal()].increment();
    cells[REASONS + error.ordinal()].increment();
  }

  /**
   * The current counts (a fresh array): by {@link ReasonKind#ordinal()}, then by
   * {@link EvalDetail.ErrorKind#ordinal()} after the reasons.
   */
  public long[] snapshot() {
    long[] out = new long[cells.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = cells[i].sum();
    }
    return out;
  }
}
