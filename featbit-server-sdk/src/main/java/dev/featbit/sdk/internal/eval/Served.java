package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;

/**
 * A served variation with its reason, built once per (target list | rule slice | fallthrough slice |
 * disabled) when the flag is compiled.
 */
public final class Served extends Outcome {
  public final String flagKey;
  public final Variation variation;
  /** The matched rule's name for {@code RULE_MATCH}, else {@code null}. */
  public final String ruleName;
  final Rollout rollout; // rule or fallthrough rollout; null for OFF and TARGET_MATCH
  /** The slice's experiment sampling bound, NaN when it never sends ({@link Compiler#exptUpper}). */
  private final double exptUpper;
  private final boolean exptIncludeAllTargets;

  Served(String flagKey, boolean exptIncludeAllTargets, Variation variation, ReasonKind kind, String reasonText,
      String ruleName, Rollout rollout, double exptUpper) {
    super(kind, reasonText, EvalDetail.ErrorKind.NONE, true);
    this.flagKey = flagKey;
    this.exptIncludeAllTargets = exptIncludeAllTargets;
    this.variation = variation;
    this.ruleName = ruleName;
    this.rollout = rollout;
    this.exptUpper = exptUpper;
  }

  /** The raw-string detail of this result, built on first use and shared (it is immutable). */
  public EvalDetail<String> rawDetail() {
    EvalDetail<String> d = rawDetail;
    if (d == null) {
      d = new EvalDetail<>(flagKey, variation.value, variation.id, kind, reasonText, EvalDetail.ErrorKind.NONE);
      rawDetail = d;
    }
    return d;
  }

  private EvalDetail<String> rawDetail; // benign race: every thread builds an equal object

  /**
   * The {@code sendToExperiment} value of the insight event, exactly as the server computes it (spec 6.9,
   * EVAL-25). Only called when events are recorded, so the second hash costs nothing otherwise.
   */
  public boolean sendToExperiment(FBUser user) {
    switch (kind) {
      case OFF:
        return false;
      case TARGET_MATCH:
        return exptIncludeAllTargets;
      default:
        break;
    }
    if (exptIncludeAllTargets) {
      return true;
    }
    if (!rollout.includedInExpt) {
      return false;
    }
    double upper = exptUpper;
    if (upper != upper) {
      return false;
    }
    if (Dispatch.decidedWithoutHash(0, upper)) {
      return Dispatch.inRollout(0, 0, upper);
    }
    double bucket = Dispatch.exptBucket(flagKey, rollout.dispatchValue(user));
    return Dispatch.inRollout(bucket, 0, upper);
  }
}
