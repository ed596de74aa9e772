package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.EvalDetail;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A defect in flag data, found when the flag was compiled and raised when (and only when) an evaluation
 * reaches it in the server's reading order (spec D-9). Pre-allocated, without a stack trace: throwing it
 * costs little, and it carries the {@link Fallback} to return (error kind {@code MALFORMED_FLAG}).
 */
public final class Defect extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public final transient Fallback fallback;
  private final AtomicBoolean logged = new AtomicBoolean();

  public Defect(String detail) {
    super(detail, null, false, false);
    this.fallback = new Fallback(EvalDetail.ErrorKind.MALFORMED_FLAG, "malformed flag: " + detail);
  }

  /** True the first time only: each defect of each flag version is logged once. */
  public boolean firstReport() {
    return !logged.get() && logged.compareAndSet(false, true);
  }
}
