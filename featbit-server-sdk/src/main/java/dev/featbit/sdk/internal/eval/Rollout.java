package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A rule's or the fallthrough's percentage rollout (spec 6.7, 6.8): the first slice containing the user's
 * bucket serves. The bucket is hashed only when a slice needs it, so a single-variation serve costs nothing.
 *
 * <p>Slices are parallel arrays (ranges, outcomes) rather than an object each: a large environment holds tens
 * of thousands of them.
 */
final class Rollout {
  private final Prop dispatch; // null when the user key is used (null, empty or white-space dispatchKey)
  final boolean includedInExpt;
  private final String flagKey;
  private final int ruleIndex; // -1 for the fallthrough
  private final double[] bounds;     // slice i: [2i] min, [2i + 1] max
  private final Object[] outcomes;   // slice i: its Served, or the Defect met when it is chosen
  private final Defect[] unreadable; // slice i: the Defect met when the search reaches it; null: none at all
  private Defect noSlice; // built on first use (benign race)

  /** {@code outcomes} may be filled after construction, before the rollout is published. */
  Rollout(double[] bounds, Object[] outcomes, Defect[] unreadable, Prop dispatch, boolean includedInExpt,
      String flagKey, int ruleIndex) {
    this.bounds = bounds;
    this.outcomes = outcomes;
    this.unreadable = unreadable;
    this.dispatch = dispatch;
    this.includedInExpt = includedInExpt;
    this.flagKey = flagKey;
    this.ruleIndex = ruleIndex;
  }

  /** The part of the dispatch string after the flag key (spec 6.7, EVAL-20). */
  String dispatchValue(FBUser user) {
    if (dispatch == null) {
      return user.key();
    }
    String v = dispatch.read(user); // null only for "name" on a user without a name
    return v == null ? "" : v;
  }

  private Defect unreadable(int i) {
    return unreadable == null ? null : unreadable[i];
  }

  /** The slice served to everyone (first slice decided without a hash and matching), or null. */
  Served constant() {
    for (int i = 0; i < outcomes.length; i++) {
      double min = bounds[2 * i];
      double max = bounds[2 * i + 1];
      if (unreadable(i) != null || !Dispatch.decidedWithoutHash(min, max)) {
        return null;
      }
      if (Dispatch.inRollout(0, min, max)) {
        return outcomes[i] instanceof Served ? (Served) outcomes[i] : null;
      }
    }
    return null;
  }

  Served serve(FBUser user) {
    double bucket = -1;
    double[] b = bounds;
    Object[] out = outcomes;
    for (int i = 0; i < out.length; i++) {
      if (unreadable != null && unreadable[i] != null) {
        throw unreadable[i];
      }
      double min = b[2 * i];
      double max = b[2 * i + 1];
      boolean in;
      if (Dispatch.decidedWithoutHash(min, max)) {
        in = Dispatch.inRollout(0, min, max);
      } else {
        if (bucket < 0) {
          bucket = Dispatch.bucket(flagKey, dispatchValue(user));
        }
        in = Dispatch.inRollout(bucket, min, max);
      }
      if (in) {
        Object o = out[i];
        if (o instanceof Served) {
          return (Served) o;
        }
        throw (Defect) o;
      }
    }
    throw noSlice();
  }

  private Defect noSlice() {
    Defect d = noSlice;
    if (d == null) {
      d = new Defect("flag " + flagKey + (ruleIndex < 0 ? " fallthrough" : " rule " + ruleIndex)
          + ": no rollout slice contains the user");
      noSlice = d;
    }
    return d;
  }

  /** Like {@link #serve}, recording the dispatch string, the bucket and the slice (diagnostics only). */
  Served explain(FBUser user, java.util.List<String> trace, String indent) {
    double bucket = -1;
    for (int i = 0; i < outcomes.length; i++) {
      Defect reach = unreadable(i);
      if (reach != null) {
        trace.add(indent + "error: " + reach.getMessage());
        throw reach;
      }
      double min = bounds[2 * i];
      double max = bounds[2 * i + 1];
      boolean hashFree = Dispatch.decidedWithoutHash(min, max);
      boolean in;
      if (hashFree) {
        in = Dispatch.inRollout(0, min, max);
      } else {
        if (bucket < 0) {
          String value = dispatchValue(user);
          bucket = Dispatch.bucket(flagKey, value);
          trace.add(indent + "dispatch by " + (dispatch == null ? "keyId" : dispatch.describe()) + ": hash of \""
              + flagKey + value + "\" -> bucket " + bucket);
        }
        in = Dispatch.inRollout(bucket, min, max);
      }
      if (in) {
        Object o = outcomes[i];
        if (o instanceof Defect) {
          trace.add(indent + "slice [" + min + ", " + max + "] -> error: " + ((Defect) o).getMessage());
          throw (Defect) o;
        }
        Served s = (Served) o;
        trace.add(indent + "slice [" + min + ", " + max + "]" + (hashFree ? " (serves everyone)" : "")
            + " -> variation " + s.variation.idText() + " = " + s.variation.value);
        return s;
      }
    }
    Defect d = noSlice();
    trace.add(indent + "error: " + d.getMessage());
    throw d;
  }
}
