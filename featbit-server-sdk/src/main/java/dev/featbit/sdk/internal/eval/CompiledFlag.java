package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A flag compiled for evaluation. {@link #evaluate} follows the server's algorithm (spec 6.2) step for step
 * and raises each data defect exactly where the server would meet it (D-9), so an evaluation that does not
 * reach a defect returns the server's answer.
 *
 * <p>Thread-safety: immutable after construction; evaluation takes no lock and allocates nothing (outcomes
 * are pre-built; only a rollout that needs a hash and a regex match touch per-thread scratch space).
 */
public final class CompiledFlag {
  public final String key;
  public final long version;
  /** Archived flags are tombstones: kept for their version, invisible to evaluation (D-1). */
  public final boolean archived;
  /** The flag's {@code variationType} hint ({@code boolean}, {@code string}, {@code number}, {@code json}). */
  public final String variationType;

  private final Defect alwaysDefect;  // variations list, isArchived or isEnabled unreadable
  private final boolean enabled;
  private final Object disabled;      // Served or Defect
  private final Defect exptDefect;    // exptIncludeAllTargets unreadable (enabled flags only)
  private final UserKeyTable targets; // user key -> Served or Defect, first hit wins
  private final Defect targetsDefect; // met by users not found before it
  private final Rule[] rules;         // an unreadable rule list is one rule with a broken condition
  private final Rollout fallthrough;
  private final Defect fallthroughDefect;
  private final int[] segmentSlots;   // every segment slot this flag references
  private final Served constant;      // the answer when it does not depend on the user, else null

  CompiledFlag(String key, long version, boolean archived, String variationType, Defect alwaysDefect,
      boolean enabled, Object disabled, Defect exptDefect, UserKeyTable targets, Defect targetsDefect,
      Rule[] rules, Rollout fallthrough, Defect fallthroughDefect, int[] segmentSlots) {
    this.key = key;
    this.version = version;
    this.archived = archived;
    this.variationType = variationType;
    this.alwaysDefect = alwaysDefect;
    this.enabled = enabled;
    this.disabled = disabled;
    this.exptDefect = exptDefect;
    this.targets = targets;
    this.targetsDefect = targetsDefect;
    this.rules = rules;
    this.fallthrough = fallthrough;
    this.fallthroughDefect = fallthroughDefect;
    this.segmentSlots = segmentSlots;
    this.constant = constantResult();
  }

  /** Disabled flags, and enabled flags without targets or rules whose fallthrough needs no hash. */
  private Served constantResult() {
    if (archived || alwaysDefect != null) {
      return null;
    }
    if (!enabled) {
      return disabled instanceof Served ? (Served) disabled : null;
    }
    if (exptDefect != null || !targets.isEmpty() || targetsDefect != null || rules.length != 0
        || fallthroughDefect != null || fallthrough == null) {
      return null;
    }
    return fallthrough.constant();
  }

  /** A tombstone for an archived flag. */
  static CompiledFlag tombstone(String key, long version) {
    return new CompiledFlag(key, version, true, "", null, false, null, null, UserKeyTable.EMPTY, null, new Rule[0],
        null, null, new int[0]);
  }

  /**
   * Evaluates the flag for a valid user against the snapshot's segment table.
   *
   * @throws Defect when the evaluation reaches malformed data
   * @throws BoundedRegex.BudgetExceeded when a regex match runs out of budget
   */
  public Served evaluate(FBUser user, CompiledSegment[] segments) {
    Served c = constant;
    return c != null ? c : evaluateSteps(user, segments);
  }

  /** The server's steps, for a flag whose answer depends on the user (kept apart so the above stays tiny). */
  private Served evaluateSteps(FBUser user, CompiledSegment[] segments) {
    if (alwaysDefect != null) {
      throw alwaysDefect;
    }
    if (!enabled) {
      if (disabled instanceof Defect) {
        throw (Defect) disabled;
      }
      return (Served) disabled;
    }
    if (exptDefect != null) {
      throw exptDefect;
    }
    if (!targets.isEmpty()) {
      Object t = targets.get(user);
      if (t != null) {
        if (t instanceof Defect) {
          throw (Defect) t;
        }
        return (Served) t;
      }
    }
    if (targetsDefect != null) {
      throw targetsDefect;
    }
    for (Rule rule : rules) {
      if (CompiledSegment.matchesAll(rule.conds, user, segments)) {
        if (rule.matchDefect != null) {
          throw rule.matchDefect;
        }
        return rule.rollout.serve(user);
      }
    }
    if (fallthroughDefect != null) {
      throw fallthroughDefect;
    }
    return fallthrough.serve(user);
  }

  /**
   * Evaluates like {@link #evaluate}, recording each step the server's algorithm takes in {@code trace}
   * (for {@code featbit eval --explain}; allocates freely, never used on the evaluation path). Returns the
   * same result and throws the same defect as {@link #evaluate}.
   */
  public Served explain(FBUser user, CompiledSegment[] segments, java.util.List<String> trace) {
    try {
      return explainSteps(user, segments, trace);
    } catch (Defect | BoundedRegex.BudgetExceeded e) {
      trace.add("=> ERROR: " + e.getMessage());
      throw e;
    }
  }

  private Served explainSteps(FBUser user, CompiledSegment[] segments, java.util.List<String> trace) {
    if (archived) {
      trace.add("flag " + key + " is archived");
      return null;
    }
    if (alwaysDefect != null) {
      return fail(alwaysDefect, trace);
    }
    if (!enabled) {
      trace.add("flag is disabled: serving the disabled variation");
      if (disabled instanceof Defect) {
        return fail((Defect) disabled, trace);
      }
      return served((Served) disabled, trace);
    }
    trace.add("flag is enabled");
    if (exptDefect != null) {
      return fail(exptDefect, trace);
    }
    Object t = targets.get(user);
    if (t != null) {
      trace.add("user key " + user.key() + " is in an individual target list");
      if (t instanceof Defect) {
        return fail((Defect) t, trace);
      }
      return served((Served) t, trace);
    }
    trace.add(targets.isEmpty() ? "no individual targets" : "user key is not individually targeted");
    if (targetsDefect != null) {
      return fail(targetsDefect, trace);
    }
    for (int i = 0; i < rules.length; i++) {
      Rule rule = rules[i];
      trace.add("rule " + i + (rule.name == null ? "" : " \"" + rule.name + "\"") + ":");
      if (CompiledSegment.explainAll(rule.conds, user, segments, trace, "  ")) {
        trace.add("  all conditions match");
        if (rule.matchDefect != null) {
          return fail(rule.matchDefect, trace);
        }
        return served(rule.rollout.explain(user, trace, "  "), trace);
      }
      trace.add("  not matched");
    }
    trace.add("no rule matched: fallthrough");
    if (fallthroughDefect != null) {
      return fail(fallthroughDefect, trace);
    }
    return served(fallthrough.explain(user, trace, "  "), trace);
  }

  private static Served served(Served s, java.util.List<String> trace) {
    trace.add("=> " + s.kind + " (" + s.reasonText + "): variation " + s.variation.idText() + " = " + s.variation.value);
    return s;
  }

  private static Served fail(Defect d, java.util.List<String> trace) {
    throw d;
  }

  /** Segment slots referenced by this flag (for change notifications); shared, callers must not modify it. */
  public int[] segmentSlots() {
    return segmentSlots;
  }

  /** A targeting rule. */
  static final class Rule {
    final Cond[] conds;
    final Defect matchDefect; // dispatchKey / includedInExpt / name / variations unreadable
    final Rollout rollout;
    final String name; // for diagnostics; null when unreadable

    Rule(Cond[] conds, Defect matchDefect, Rollout rollout, String name) {
      this.conds = conds;
      this.name = name;
      this.matchDefect = matchDefect;
      this.rollout = rollout;
    }
  }
}
