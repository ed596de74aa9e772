package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.DataSyncMessage.EventType;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.CompiledSegment;
import dev.featbit.sdk.internal.eval.Compiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory flag store (spec 2.8, STO-*).
 *
 * <p>Concurrency: readers call {@link #snapshot()} (one volatile read, no lock) and evaluate against that
 * immutable {@link Snapshot}. Writers ({@link #apply}) serialise on one lock, build the next snapshot (compiling
 * only what changed) and publish it with a single volatile write, so a full or patch is seen entirely or not
 * at all. Compiled flags refer to segments through slots of the snapshot's segment table; the id-to-slot map
 * is owned by writers and rebuilt on every full replacement, as is the index of the flags that use each slot.
 * Snapshots hold their flags and segments in {@link HashTrie}s, so a patch copies only the trie paths it
 * changes: its cost does not grow with the size of the store.
 *
 * <p>Rules: a {@code full} replaces everything whatever the versions (STO-5, D-14); a {@code patch} inserts
 * unknown entities and replaces strictly newer ones, ignoring equal or older versions (STO-6); archived
 * flags become tombstones that keep their version, archived segments keep their document (D-8); the cursor
 * is the greatest version held (STO-9).
 */
public final class DataStore {
  private final Compiler compiler;
  private final Object writeLock = new Object();
  private volatile Snapshot current = Snapshot.EMPTY;

  // writer-owned (guarded by writeLock)
  private Map<String, Integer> slotOfId = new HashMap<>();
  private List<String> idOfSlot = new ArrayList<>();
  private List<Set<String>> flagsOfSlot = new ArrayList<>(); // slot -> keys of the stored flags that use it

  public DataStore(Compiler compiler) {
    this.compiler = compiler;
  }

  /** The current committed snapshot. */
  public Snapshot snapshot() {
    return current;
  }

  /** Applies a decoded data-sync message and publishes the new snapshot. */
  public CommitResult apply(DataSyncMessage msg) {
    synchronized (writeLock) {
      try {
        return msg.eventType == EventType.FULL ? applyFull(msg) : applyPatch(msg);
      } finally {
        compiler.endCommit();
      }
    }
  }

  static Compiler.SegmentSlots slots(Map<String, Integer> slotOf, List<String> idOf) {
    return id -> slotOf.computeIfAbsent(id, k -> {
      idOf.add(k);
      return idOf.size() - 1;
    });
  }

  private CommitResult applyFull(DataSyncMessage msg) {
    Snapshot before = current;
    // a new id-to-slot map, installed only with the snapshot built on it: a full data set that fails half way
    // leaves the committed snapshot and the map its flags were compiled against together
    // documents compiled as the data set was read refer to the slots of their compiler's map, which this map
    // then starts from (documents left to the store are compiled against the same map)
    FullDataCompiler pre = msg.compiledWith instanceof FullDataCompiler
        && ((FullDataCompiler) msg.compiledWith).regexBudget() == compiler.regexBudget()
        ? (FullDataCompiler) msg.compiledWith : null;
    Map<String, Integer> newSlotOfId = pre == null ? new HashMap<>() : new HashMap<>(pre.slotOf);
    List<String> newIdOfSlot = pre == null ? new ArrayList<>() : new ArrayList<>(pre.idOf);
    Compiler.SegmentSlots slots = slots(newSlotOfId, newIdOfSlot);
    long version = 0;

    Map<String, CompiledSegment> segments = new HashMap<>(capacity(msg.segments.size()));
    for (EntityDoc d : msg.segments) {
      CompiledSegment prev = segments.get(d.key);
      if (prev == null || d.version > prev.version) {
        segments.put(d.key, pre != null && d.compiled instanceof CompiledSegment ? (CompiledSegment) d.compiled
            : compiler.compileSegment(d.key, d.version, d.archived, d.node()));
      }
      version = Math.max(version, d.version);
    }
    Map<String, CompiledFlag> flags = new HashMap<>(capacity(msg.flags.size()));
    for (EntityDoc d : msg.flags) {
      CompiledFlag f = pre != null && d.compiled instanceof CompiledFlag ? (CompiledFlag) d.compiled
          : compiler.compileFlag(d.key, d.version, d.archived, d.node(), slots);
      CompiledFlag prev = flags.put(d.key, f); // one lookup; a repeated key (rare) keeps the newest copy
      if (prev != null && prev.version >= d.version) {
        flags.put(d.key, prev);
      }
      version = Math.max(version, d.version);
    }
    for (CompiledSegment s : segments.values()) {
      slots.slotOf(s.id);
    }
    CompiledSegment[] table = new CompiledSegment[newIdOfSlot.size()];
    HashTrie.Builder<CompiledSegment> segmentTrie = new HashTrie.Builder<>();
    for (CompiledSegment s : segments.values()) {
      table[newSlotOfId.get(s.id)] = s;
      segmentTrie.put(s.id, s);
    }

    // what changed, for notifications
    Set<String> changedSegments = new HashSet<>();
    for (CompiledSegment s : segments.values()) {
      CompiledSegment old = before.segments.get(s.id);
      if (old == null || old.version != s.version || old.archived != s.archived) {
        changedSegments.add(s.id);
      }
    }
    before.segments.forEach((id, s) -> {
      if (!segments.containsKey(id)) {
        changedSegments.add(id);
      }
    });
    Set<String> changed = new LinkedHashSet<>();
    List<Set<String>> newFlagsOfSlot = new ArrayList<>(newIdOfSlot.size());
    HashTrie.Builder<CompiledFlag> flagTrie = new HashTrie.Builder<>();
    int kept = 0; // flags of the previous snapshot that are in this one too
    for (CompiledFlag f : flags.values()) {
      flagTrie.put(f.key, f);
      index(newFlagsOfSlot, f);
      CompiledFlag old = before.flags.get(f.key);
      if (old != null) {
        kept++;
      }
      if (old == null || old.version != f.version || old.archived != f.archived
          || usesAny(f, changedSegments, newIdOfSlot)) {
        changed.add(f.key);
      }
    }
    if (kept < before.flags.size()) { // some were removed
      before.flags.forEach((key, f) -> {
        if (!flags.containsKey(key)) {
          changed.add(key);
        }
      });
    }
    Snapshot next = new Snapshot(true, version, flagTrie.build(), segmentTrie.build(), table);
    if (pre != null) {
      pre.release();
    }
    slotOfId = newSlotOfId;
    idOfSlot = newIdOfSlot;
    flagsOfSlot = newFlagsOfSlot;
    current = next;
    return new CommitResult(EventType.FULL, !before.initialized, before.version, version,
        Collections.unmodifiableSet(changed), true, true);
  }

  /** Records {@code f} as a user of each segment slot it references. */
  private static void index(List<Set<String>> flagsOfSlot, CompiledFlag f) {
    for (int slot : f.segmentSlots()) {
      while (flagsOfSlot.size() <= slot) {
        flagsOfSlot.add(null);
      }
      Set<String> users = flagsOfSlot.get(slot);
      if (users == null) {
        users = new HashSet<>(4);
        flagsOfSlot.set(slot, users);
      }
      users.add(f.key);
    }
  }

  private static void unindex(List<Set<String>> flagsOfSlot, CompiledFlag f) {
    for (int slot : f.segmentSlots()) {
      if (slot < flagsOfSlot.size() && flagsOfSlot.get(slot) != null) {
        flagsOfSlot.get(slot).remove(f.key);
      }
    }
  }

  private static boolean usesAny(CompiledFlag f, Set<String> segmentIds, List<String> idOfSlot) {
    if (segmentIds.isEmpty()) {
      return false;
    }
    for (int slot : f.segmentSlots()) {
      if (slot < idOfSlot.size() && segmentIds.contains(idOfSlot.get(slot))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A patch costs what it changes: each new or replaced entity is compiled and put into the next snapshot's
   * tries, which share every other node with the current one; the flags that use a changed segment come from
   * the writer's segment-to-flags index. Only a segment change copies the segment table (one reference per
   * segment).
   */
  private CommitResult applyPatch(DataSyncMessage msg) {
    Snapshot before = current;
    Compiler.SegmentSlots slots = slots(slotOfId, idOfSlot);
    long version = before.version;

    HashTrie<CompiledSegment> segments = before.segments;
    Set<String> changedSegments = new HashSet<>();
    for (EntityDoc d : msg.segments) {
      CompiledSegment old = segments.get(d.key);
      if (old != null && d.version <= old.version) {
        continue; // equal or older: ignored
      }
      segments = segments.put(d.key, compiler.compileSegment(d.key, d.version, d.archived, d.node()));
      slots.slotOf(d.key);
      changedSegments.add(d.key);
      version = Math.max(version, d.version);
    }
    HashTrie<CompiledFlag> flags = before.flags;
    Set<String> changed = new LinkedHashSet<>();
    List<CompiledFlag> replaced = new ArrayList<>();
    List<CompiledFlag> added = new ArrayList<>();
    for (EntityDoc d : msg.flags) {
      CompiledFlag old = flags.get(d.key);
      if (old != null && d.version <= old.version) {
        continue;
      }
      CompiledFlag f = compiler.compileFlag(d.key, d.version, d.archived, d.node(), slots);
      flags = flags.put(d.key, f);
      if (old != null) {
        replaced.add(old);
      }
      added.add(f);
      changed.add(d.key);
      version = Math.max(version, d.version);
    }
    boolean flagsChanged = flags != before.flags;
    boolean segmentsChanged = segments != before.segments;
    if (!flagsChanged && !segmentsChanged) {
      return new CommitResult(EventType.PATCH, false, before.version, before.version, Collections.emptySet(),
          false, false);
    }
    // everything compiled: the writer's index follows the snapshot about to be published
    for (CompiledFlag f : replaced) {
      unindex(flagsOfSlot, f);
    }
    for (CompiledFlag f : added) {
      if (flags.get(f.key) == f) { // a key given twice in one patch: only the copy kept
        index(flagsOfSlot, f);
      }
    }
    CompiledSegment[] table = before.segmentTable();
    if (segmentsChanged || table.length < idOfSlot.size()) {
      table = Arrays.copyOf(table, idOfSlot.size());
      for (String id : changedSegments) {
        table[slotOfId.get(id)] = segments.get(id);
      }
      for (String id : changedSegments) {
        int slot = slotOfId.get(id);
        Set<String> users = slot < flagsOfSlot.size() ? flagsOfSlot.get(slot) : null;
        if (users != null) {
          for (String key : users) {
            CompiledFlag f = flags.get(key);
            if (f != null && !f.archived) {
              changed.add(key);
            }
          }
        }
      }
    }
    Snapshot next = new Snapshot(before.initialized, version, flags, segments, table);
    current = next;
    return new CommitResult(EventType.PATCH, false, before.version, version, Collections.unmodifiableSet(changed),
        flagsChanged, segmentsChanged);
  }

  private static int capacity(int n) {
    return (int) (n / 0.75f) + 1;
  }
}
