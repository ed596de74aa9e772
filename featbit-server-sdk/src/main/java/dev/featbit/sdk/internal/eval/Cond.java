package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A compiled condition. {@link #test} may throw a {@link Defect} (data the server could not evaluate) or
 * {@link BoundedRegex.BudgetExceeded}.
 */
abstract class Cond {
  abstract boolean test(FBUser user, CompiledSegment[] segments);

  /** Like {@link #test}, recording why (diagnostics only: allocates, never on the evaluation path). */
  boolean explain(FBUser user, CompiledSegment[] segments, java.util.List<String> trace, String indent) {
    try {
      boolean r = test(user, segments);
      trace.add(indent + describe(user) + " -> " + r);
      return r;
    } catch (Defect | BoundedRegex.BudgetExceeded e) {
      trace.add(indent + describe(user) + " -> error: " + e.getMessage());
      throw e;
    }
  }

  /** A readable form of the condition, with the user's value where it has one. */
  abstract String describe(FBUser user);

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

    @Override
    String describe(FBUser user) {
      return "unreadable condition (" + defect.getMessage() + ")";
    }
  }
}
