package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;
import java.util.Set;
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
  private final Set<String> excluded;
  private final Defect excludedDefect; // raised after the keys before the defect were checked
  private final Set<String> included;
  private final Defect includedDefect;
  private final Cond[][] rules; // an unreadable rule list or rule is a rule whose first condition is broken
  private final AtomicBoolean archivedWarned = new AtomicBoolean();

  CompiledSegment(String id, long version, boolean archived, Set<String> excluded, Defect excludedDefect,
      Set<String> included, Defect includedDefect, Cond[][] rules) {
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
    String key = user.key();
    if (excluded.contains(key)) {
      return false;
    }
    if (excludedDefect != null) {
      throw excludedDefect;
    }
    if (included.contains(key)) {
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

  static boolean matchesAll(Cond[] conds, FBUser user, CompiledSegment[] segments) {
    for (Cond c : conds) {
      if (!c.test(user, segments)) {
        return false;
      }
    }
    return true;
  }
}
