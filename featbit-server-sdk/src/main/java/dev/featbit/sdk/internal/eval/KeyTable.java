package dev.featbit.sdk.internal.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * An immutable set of strings, or map from strings to values: one open-addressing table (linear probing, load
 * at most 2/3) of the key strings themselves and a parallel array of values. Against a {@code HashMap} it saves
 * the entry object per key (about 30 bytes; individual target lists and segment key lists hold most of a large
 * environment's keys) and a pointer hop per lookup.
 *
 * <p>Lookups take no lock and allocate nothing: {@code String.hashCode()} is cached in the strings, and
 * {@code String.equals} is an intrinsic.
 */
final class KeyTable {
  static final KeyTable EMPTY = new KeyTable(new String[2], null, 0);

  private final String[] keys;   // by slot; null = empty
  private final Object[] values; // by slot; null for a set
  private final int size;
  private final int mask;

  private KeyTable(String[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
    this.mask = keys.length - 1;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean contains(String key) {
    return slot(key) >= 0;
  }

  /** The value of {@code key}, or {@code null}. */
  Object get(String key) {
    int s = slot(key);
    return s < 0 ? null : values[s];
  }

  private int slot(String key) {
    int h = key.hashCode();
    String[] ks = keys;
    int m = mask;
    for (int i = spread(h) & m; ; i = (i + 1) & m) {
      String k = ks[i];
      if (k == null) {
        return -1;
      }
      if (k == key || (k.hashCode() == h && k.equals(key))) {
        return i;
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

    KeyTable buildSet() {
      return build(false);
    }

    KeyTable buildMap() {
      return build(true);
    }

    private KeyTable build(boolean withValues) {
      int n = keys.size();
      if (n == 0) {
        return EMPTY;
      }
      int capacity = Integer.highestOneBit(Math.max(2, n + (n >> 1) + 1) - 1) << 1; // load <= 2/3
      String[] table = new String[capacity];
      Object[] values = withValues ? new Object[capacity] : null;
      int mask = capacity - 1;
      for (int e = 0; e < n; e++) {
        String k = keys.get(e);
        int i = spread(k.hashCode()) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = k;
        if (values != null) {
          values[i] = vals.get(e);
        }
      }
      return new KeyTable(table, values, n);
    }
  }
}
