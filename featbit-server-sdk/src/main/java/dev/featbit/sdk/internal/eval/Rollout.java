package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A rule's or the fallthrough's percentage rollout (spec 6.7, 6.8): the first slice containing the user's
 * bucket serves. The bucket is hashed only when a slice needs it, so a single-variation serve costs nothing.
 */
final class Rollout {
  final Slice[] slices;
  final String dispatchKey; // null when the user key is used (null, empty or white-space dispatchKey)
  final boolean includedInExpt;
  private final String flagKey;
  private final int ruleIndex; // -1 for the fallthrough
  private Defect noSlice; // built on first use (benign race)

  Rollout(Slice[] slices, String dispatchKey, boolean includedInExpt, String flagKey, int ruleIndex) {
    this.slices = slices;
    this.dispatchKey = DotNetText.isNullOrWhiteSpace(dispatchKey) ? null : dispatchKey;
    this.includedInExpt = includedInExpt;
    this.flagKey = flagKey;
    this.ruleIndex = ruleIndex;
  }

  /** The part of the dispatch string after the flag key (spec 6.7, EVAL-20). */
  String dispatchValue(FBUser user) {
    if (dispatchKey == null) {
      return user.key();
    }
    String v = user.valueOf(dispatchKey);
    return v == null ? "" : v;
  }

  /** The slice served to everyone (first slice decided without a hash and matching), or null. */
  Served constant() {
    for (Slice s : slices) {
      if (s.reachDefect != null || !s.hashFree) {
        return null;
      }
      if (Dispatch.inRollout(0, s.min, s.max)) {
        return s.defect == null ? s.served : null;
      }
    }
    return null;
  }

  Served serve(FBUser user) {
    double bucket = -1;
    for (Slice s : slices) {
      if (s.reachDefect != null) {
        throw s.reachDefect;
      }
      boolean in;
      if (s.hashFree) {
        in = Dispatch.inRollout(0, s.min, s.max);
      } else {
        if (bucket < 0) {
          bucket = Dispatch.bucket(flagKey, dispatchValue(user));
        }
        in = Dispatch.inRollout(bucket, s.min, s.max);
      }
      if (in) {
        if (s.defect != null) {
          throw s.defect;
        }
        return s.served;
      }
    }
    Defect d = noSlice;
    if (d == null) {
      d = new Defect("flag " + flagKey + (ruleIndex < 0 ? " fallthrough" : " rule " + ruleIndex)
          + ": no rollout slice contains the user");
      noSlice = d;
    }
    throw d;
  }

  /** Like {@link #serve}, recording the dispatch string, the bucket and the slice (diagnostics only). */
  Served explain(FBUser user, java.util.List<String> trace, String indent) {
    double bucket = -1;
    for (Slice s : slices) {
      if (s.reachDefect != null) {
        trace.add(indent + "error: " + s.reachDefect.getMessage());
        throw s.reachDefect;
      }
      boolean in;
      if (s.hashFree) {
        in = Dispatch.inRollout(0, s.min, s.max);
      } else {
        if (bucket < 0) {
          String value = dispatchValue(user);
          bucket = Dispatch.bucket(flagKey, value);
          trace.add(indent + "dispatch by " + (dispatchKey == null ? "keyId" : dispatchKey) + ": hash of \""
              + flagKey + value + "\" -> bucket " + bucket);
        }
        in = Dispatch.inRollout(bucket, s.min, s.max);
      }
      if (in) {
        if (s.defect != null) {
          trace.add(indent + "slice [" + s.min + ", " + s.max + "] -> error: " + s.defect.getMessage());
          throw s.defect;
        }
        trace.add(indent + "slice [" + s.min + ", " + s.max + "]" + (s.hashFree ? " (serves everyone)" : "")
            + " -> variation " + s.served.variation.id + " = " + s.served.variation.value);
        return s.served;
      }
    }
    try {
      return serve(user); // throws the same defect as the evaluation
    } catch (Defect d) {
      trace.add(indent + "error: " + d.getMessage());
      throw d;
    }
  }
}
