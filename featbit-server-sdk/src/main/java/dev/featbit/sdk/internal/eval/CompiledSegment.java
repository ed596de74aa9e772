package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment compiled for membership tests (spec 6.6): excluded, then included, then rules. An archived
 * segment keeps its document and is evaluated like the server does (D-8), with a warning once per version.
 */
public final class CompiledSegment {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.eval");

  public final String id;
  public final long version;
  public final boolean archived;
  private final UserKeyTable excluded;
  private final Defect excludedDefect; // raised after the keys before the defect were checked
  private final UserKeyTable included;
  private final Defect includedDefect;
  private final Cond[][] rules; // an unreadable rule list or rule is a rule whose first condition is broken
  private final AtomicBoolean archivedWarned = new AtomicBoolean();

  CompiledSegment(String id, long version, boolean archived, UserKeyTable excluded, Defect excludedDefect,
      UserKeyTable included, Defect includedDefect, Cond[][] rules) {
    this.id = id;
    this.version = version;
    this.archived = archived;
    this.excluded = excluded;
    this.excludedDefect = excludedDefect;
    this.included = included;
    this.includedDefect = includedDefect;
    this.rules = rules;
  }

  boolean contains(FBUser user, CompiledSegment[] segments) {
    if (archived && !archivedWarned.get() && archivedWarned.compareAndSet(false, true)) {
      LOG.warn("A flag references archived segment {}; evaluating its last version as the server does", id);
    }
    if (excluded.contains(user)) {
      return false;
    }
    if (excludedDefect != null) {
      throw excludedDefect;
    }
    if (included.contains(user)) {
      return true;
    }
    if (includedDefect != null) {
      throw includedDefect;
    }
    for (Cond[] rule : rules) {
      if (matchesAll(rule, user, segments)) {
        return true;
      }
    }
    return false;
  }

  /** Like {@link #contains}, recording why (diagnostics only). */
  boolean explain(FBUser user, CompiledSegment[] segments, java.util.List<String> trace, String indent) {
    String name = "segment " + id + (archived ? " (archived)" : "");
    if (excluded.contains(user)) {
      trace.add(indent + name + ": user key is excluded -> not in segment");
      return false;
    }
    if (excludedDefect != null) {
      trace.add(indent + name + ": error: " + excludedDefect.getMessage());
      throw excludedDefect;
    }
    if (included.contains(user)) {
      trace.add(indent + name + ": user key is included -> in segment");
      return true;
    }
    if (includedDefect != null) {
      trace.add(indent + name + ": error: " + includedDefect.getMessage());
      throw includedDefect;
    }
    for (int i = 0; i < rules.length; i++) {
      trace.add(indent + name + ": rule " + i);
      if (explainAll(rules[i], user, segments, trace, indent + "  ")) {
        trace.add(indent + name + ": rule " + i + " matches -> in segment");
        return true;
      }
    }
    trace.add(indent + name + ": not excluded, not included, no rule matches -> not in segment");
    return false;
  }

  static boolean explainAll(Cond[] conds, FBUser user, CompiledSegment[] segments, java.util.List<String> trace,
      String indent) {
    for (Cond c : conds) {
      if (!c.explain(user, segments, trace, indent)) {
        return false;
      }
    }
    return true;
  }

  static boolean matchesAll(Cond[] conds, FBUser user, CompiledSegment[] segments) {
    for (Cond c : conds) {
      if (!c.test(user, segments)) {
        return false;
      }
    }
    return true;
  }
}
