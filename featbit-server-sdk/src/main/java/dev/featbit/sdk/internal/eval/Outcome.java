package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;

/**
 * The outcome of evaluating a flag for a user: either {@link Served} (a variation of the flag) or
 * {@link Fallback} (the caller's fallback value with a reason). Outcomes are built once, when flag data
 * is compiled, so an evaluation returns a shared object and allocates nothing.
 */
public abstract class Outcome {
  public final ReasonKind kind;
  public final String reasonText;
  /** {@link EvalDetail.ErrorKind#NONE} for {@link Served}; the cause of a {@link Fallback}. */
  public final EvalDetail.ErrorKind errorKind;
  private final boolean served;

  Outcome(ReasonKind kind, String reasonText, EvalDetail.ErrorKind errorKind, boolean served) {
    this.kind = kind;
    this.reasonText = reasonText;
    this.errorKind = errorKind;
    this.served = served;
  }

  /** True for {@link Served}: a field read, not a virtual call, on the hot path. */
  public final boolean isServed() {
    return served;
  }
}
