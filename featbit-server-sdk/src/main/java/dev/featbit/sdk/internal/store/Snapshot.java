package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.CompiledSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed, immutable state of the store (STO-11): flags (tombstones included), segments, the segment
 * table compiled flags index into, the cursor and whether a first full data set was committed. Readers get a
 * snapshot with one volatile read and use it for a whole evaluation, so they never see a commit half done.
 * Flags and segments are {@link HashTrie}s: the next snapshot shares everything a patch did not change.
 */
public final class Snapshot {
  public static final Snapshot EMPTY =
      new Snapshot(false, 0, HashTrie.empty(), HashTrie.empty(), new CompiledSegment[0]);

  /** True once a full data set (or bootstrap data) was committed (D-13). */
  public final boolean initialized;
  /** The cursor: greatest committed version, tombstones included; 0 when empty (STO-9). */
  public final long version;
  final HashTrie<CompiledFlag> flags;
  final HashTrie<CompiledSegment> segments;
  private final CompiledSegment[] segmentTable;

  Snapshot(boolean initialized, long version, HashTrie<CompiledFlag> flags, HashTrie<CompiledSegment> segments,
      CompiledSegment[] segmentTable) {
    this.initialized = initialized;
    this.version = version;
    this.flags = flags;
    this.segments = segments;
    this.segmentTable = segmentTable;
  }

  /** The active flag with this key, or {@code null} when it is unknown or archived. */
  public CompiledFlag flag(String key) {
    CompiledFlag f = flags.get(key);
    return f == null || f.archived ? null : f;
  }

  /** The segment table that compiled flags of this snapshot index into. Callers must not modify it. */
  public CompiledSegment[] segmentTable() {
    return segmentTable;
  }

  private CompiledFlag[] sortedActive; // built on first use (benign race: equal arrays)

  /** Active flags sorted by key, shared: callers must not modify the array. */
  public CompiledFlag[] activeFlagsSorted() {
    CompiledFlag[] a = sortedActive;
    if (a == null) {
      List<CompiledFlag> list = activeFlags();
      a = list.toArray(new CompiledFlag[0]);
      java.util.Arrays.sort(a, (x, y) -> x.key.compareTo(y.key));
      sortedActive = a;
    }
    return a;
  }

  /** All active (non-archived) flags. */
  public List<CompiledFlag> activeFlags() {
    List<CompiledFlag> out = new ArrayList<>(flags.size());
    flags.forEach((k, f) -> {
      if (!f.archived) {
        out.add(f);
      }
    });
    return out;
  }

  /** Stored version of a flag (tombstones included), or {@code null}. */
  public Long flagVersion(String key) {
    CompiledFlag f = flags.get(key);
    return f == null ? null : f.version;
  }

  /** Whether the flag is held as an archived tombstone. */
  public boolean isFlagArchived(String key) {
    CompiledFlag f = flags.get(key);
    return f != null && f.archived;
  }

  /** Stored version of a segment by id (archived included), or {@code null}. */
  public Long segmentVersion(String id) {
    CompiledSegment s = segments.get(dev.featbit.sdk.internal.eval.Compiler.canonicalSegmentId(id));
    return s == null ? null : s.version;
  }

  public boolean isSegmentArchived(String id) {
    CompiledSegment s = segments.get(dev.featbit.sdk.internal.eval.Compiler.canonicalSegmentId(id));
    return s != null && s.archived;
  }

  public int flagCount() {
    return flags.size();
  }

  public int segmentCount() {
    return segments.size();
  }
}
