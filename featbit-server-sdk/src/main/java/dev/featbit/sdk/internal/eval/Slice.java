package dev.featbit.sdk.internal.eval;

/** One rollout slice {@code [min, max]} with what it serves (or the defect met when it is chosen). */
final class Slice {
  final double min;
  final double max;
  final double exptRollout;
  final boolean hashFree; // decided without hashing: full range or [0, 0]
  Served served;          // set once during compilation
  Defect defect;          // raised when this slice is chosen and unusable
  Defect reachDefect;     // raised when the search reaches this slice (its range is unreadable)

  Slice(double min, double max, double exptRollout) {
    this.min = min;
    this.max = max;
    this.exptRollout = exptRollout;
    this.hashFree = Dispatch.decidedWithoutHash(min, max);
  }
}
