package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * {@code User is in segment} / {@code User is not in segment} (spec 6.6): segment ids were resolved to slots
 * of the snapshot's segment table at compile time; segments are tried in order and the search stops at the
 * first segment that contains the user, as on the server.
 */
final class SegmentCond extends Cond {
  private final boolean in;
  private final int[] slots;
  private final String[] ids;
  private final Object where; // where the condition is, made into text only for a defect
  private Defect[] missing; // per position, built on first use (benign race)

  SegmentCond(boolean in, int[] slots, String[] ids, Object where) {
    this.in = in;
    this.slots = slots;
    this.ids = ids;
    this.where = where;
  }

  private Defect missing(int i) {
    Defect[] m = missing;
    if (m == null) {
      m = new Defect[slots.length];
      missing = m;
    }
    Defect d = m[i];
    if (d == null) {
      d = new Defect(where + ": " + (ids[i] == null ? "segment id " + i + " is null" : "segment " + ids[i]
          + " not found"));
      m[i] = d;
    }
    return d;
  }

  @Override
  boolean test(FBUser user, CompiledSegment[] segments) {
    for (int i = 0; i < slots.length; i++) {
      int slot = slots[i];
      CompiledSegment s = slot >= 0 && slot < segments.length ? segments[slot] : null;
      if (s == null) {
        throw missing(i);
      }
      if (s.contains(user, segments)) {
        return in;
      }
    }
    return !in;
  }

  @Override
  String describe(FBUser user) {
    StringBuilder b = new StringBuilder(in ? Compiler.IN_SEGMENT : Compiler.NOT_IN_SEGMENT).append(" [");
    for (int i = 0; i < ids.length; i++) {
      b.append(i == 0 ? "" : ", ").append(ids[i]);
    }
    return b.append(']').toString();
  }

  @Override
  boolean explain(FBUser user, CompiledSegment[] segments, java.util.List<String> trace, String indent) {
    trace.add(indent + describe(user));
    for (int i = 0; i < slots.length; i++) {
      int slot = slots[i];
      CompiledSegment s = slot >= 0 && slot < segments.length ? segments[slot] : null;
      if (s == null) {
        trace.add(indent + "  error: " + missing(i).getMessage());
        throw missing(i);
      }
      if (s.explain(user, segments, trace, indent + "  ")) {
        trace.add(indent + "-> " + in);
        return in;
      }
    }
    trace.add(indent + "-> " + !in + " (the user is in none of them)");
    return !in;
  }

  int[] slots() {
    return slots;
  }

  String id(int i) {
    return ids[i];
  }
}
