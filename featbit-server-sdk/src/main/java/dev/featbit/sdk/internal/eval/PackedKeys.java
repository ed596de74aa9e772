package dev.featbit.sdk.internal.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * An immutable set of strings, or map from strings to values, packed for memory: all keys live in one
 * concatenated string with an array of end offsets, their hash codes in an {@code int[]}, and an
 * open-addressing table of entry numbers. A key costs its characters plus about 20 bytes, instead of about
 * 90 for a {@code String} in a {@code HashMap} node (individual target lists and segment key lists hold most
 * of a large environment's strings).
 *
 * <p>Lookups take no lock and allocate nothing: the probe compares cached hash codes first, then the
 * characters in place ({@link String#regionMatches(int, String, int, int)}).
 */
final class PackedKeys {
  static final PackedKeys EMPTY = new PackedKeys("", new int[0], new int[0], new int[2], null);

  private final String chars;
  private final int[] ends;   // ends[i]: end offset of key i in chars; it starts at ends[i - 1] (0 for i = 0)
  private final int[] hashes; // hashes[i]: String.hashCode() of key i
  private final int[] table;  // entry number + 1; 0 = empty slot
  private final int mask;
  private final Object[] values; // null for a set

  private PackedKeys(String chars, int[] ends, int[] hashes, int[] table, Object[] values) {
    this.chars = chars;
    this.ends = ends;
    this.hashes = hashes;
    this.table = table;
    this.mask = table.length - 1;
    this.values = values;
  }

  int size() {
    return ends.length;
  }

  boolean isEmpty() {
    return ends.length == 0;
  }

  boolean contains(String key) {
    return find(key) >= 0;
  }

  /** The value of {@code key}, or {@code null}. */
  Object get(String key) {
    int e = find(key);
    return e < 0 ? null : values[e];
  }

  /** The key of entry {@code i} (diagnostics and tests; allocates). */
  String key(int i) {
    return chars.substring(i == 0 ? 0 : ends[i - 1], ends[i]);
  }

  private int find(String key) {
    int h = key.hashCode();
    int[] t = table;
    int m = mask;
    for (int i = spread(h) & m; ; i = (i + 1) & m) {
      int e = t[i] - 1;
      if (e < 0) {
        return -1;
      }
      if (hashes[e] == h) {
        int start = e == 0 ? 0 : ends[e - 1];
        int len = ends[e] - start;
        if (key.length() == len && chars.regionMatches(start, key, 0, len)) {
          return e;
        }
      }
    }
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 15);
  }

  /** Collects keys in order; the first value given for a key wins. */
  static final class Builder {
    private final HashMap<String, Integer> index = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Object> vals = new ArrayList<>();

    /** Adds {@code key} unless present; returns whether it was added. */
    boolean add(String key, Object value) {
      if (index.putIfAbsent(key, keys.size()) != null) {
        return false;
      }
      keys.add(key);
      vals.add(value);
      return true;
    }

    boolean add(String key) {
      return add(key, null);
    }

    boolean contains(String key) {
      return index.containsKey(key);
    }

    PackedKeys buildSet() {
      return build(false);
    }

    PackedKeys buildMap() {
      return build(true);
    }

    private PackedKeys build(boolean withValues) {
      int n = keys.size();
      if (n == 0) {
        return EMPTY;
      }
      StringBuilder all = new StringBuilder();
      int[] ends = new int[n];
      int[] hashes = new int[n];
      for (int i = 0; i < n; i++) {
        String k = keys.get(i);
        all.append(k);
        ends[i] = all.length();
        hashes[i] = k.hashCode();
      }
      int capacity = Integer.highestOneBit(Math.max(2, n + (n >> 1) + 1) - 1) << 1; // load <= 2/3
      int[] table = new int[capacity];
      int mask = capacity - 1;
      for (int e = 0; e < n; e++) {
        int i = spread(hashes[e]) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = e + 1;
      }
      return new PackedKeys(all.toString(), ends, hashes, table, withValues ? vals.toArray() : null);
    }
  }
}
