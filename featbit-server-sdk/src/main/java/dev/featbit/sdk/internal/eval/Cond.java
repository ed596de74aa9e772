package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A compiled condition. {@link #test} may throw a {@link Defect} (data the server could not evaluate) or
 * {@link BoundedRegex.BudgetExceeded}.
 */
abstract class Cond {
  abstract boolean test(FBUser user, CompiledSegment[] segments);

  /** A condition the server cannot read: reaching it is an error. */
  static final class Broken extends Cond {
    private final Defect defect;

    Broken(Defect defect) {
      this.defect = defect;
    }

    @Override
    boolean test(FBUser user, CompiledSegment[] segments) {
      throw defect;
    }
  }
}
