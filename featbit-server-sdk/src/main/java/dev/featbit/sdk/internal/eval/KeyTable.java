package dev.featbit.sdk.internal.eval;


/**
 * An immutable set of strings, or map from strings to values: one open-addressing table (linear probing, load
 * at most 2/3) of the key strings themselves, and for a map the values by slot. Against a {@code HashMap} it saves
 * the entry object per key (about 30 bytes) and a pointer hop per lookup. It holds the lists of {@code IsOneOf}
 * conditions, and the keys of target and segment lists that {@link UserKeyTable} cannot pack. A map's values are
 * few distinct objects (an individual target list serves one result per variation), so up to 127 distinct
 * values are stored as one byte per slot indexing a small array of them, instead of a reference per slot.
 *
 * <p>Lookups take no lock and allocate nothing: {@code String.hashCode()} is cached in the strings, and
 * {@code String.equals} is an intrinsic.
 */
final class KeyTable {
  static final KeyTable EMPTY = new KeyTable(new String[2], null, null, null, 0);

  private final String[] keys;     // by slot; null = empty
  private final Object[] values;   // by slot, when there are more than 127 distinct values; else null
  private final byte[] valueIndex; // by slot: index into distinct (null for a set or when values is used)
  private final Object[] distinct;
  private final int size;
  private final int mask;

  private KeyTable(String[] keys, Object[] values, byte[] valueIndex, Object[] distinct, int size) {
    this.keys = keys;
    this.values = values;
    this.valueIndex = valueIndex;
    this.distinct = distinct;
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
    return slot(keys, mask, key) >= 0;
  }

  /** The value of {@code key}, or {@code null}. */
  Object get(String key) {
    int s = slot(keys, mask, key);
    if (s < 0) {
      return null;
    }
    byte[] vi = valueIndex;
    if (vi != null) {
      return distinct[vi[s]];
    }
    Object[] vs = values;
    return vs == null ? null : vs[s];
  }

  /** The slot of {@code key} in {@code ks}, or {@code -1 - (the empty slot where it would go)}. */
  private static int slot(String[] ks, int m, String key) {
    int h = key.hashCode();
    for (int i = spread(h) & m; ; i = (i + 1) & m) {
      String k = ks[i];
      if (k == null) {
        return -1 - i;
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

  /**
   * A map's values as one byte each: {@code index[i]} is set to the position of {@code values[i]} (by identity;
   * null when {@code values} is) among the distinct values, for every {@code i} where {@code present} is null or
   * holds a key. Returns the distinct values, or null when there are more than 127 of them.
   */
  static Object[] indexDistinct(Object[] values, Object[] present, byte[] index) {
    Object[] distinct = new Object[4];
    int count = 0;
    for (int i = 0; i < index.length; i++) {
      if (present != null && present[i] == null) {
        continue;
      }
      Object v = values == null ? null : values[i];
      int d = 0;
      while (d < count && distinct[d] != v) {
        d++;
      }
      if (d == count) {
        if (count == 127) {
          return null;
        }
        if (count == distinct.length) {
          distinct = java.util.Arrays.copyOf(distinct, count * 2);
        }
        distinct[count++] = v;
      }
      index[i] = (byte) d;
    }
    return java.util.Arrays.copyOf(distinct, count);
  }

  /** Smallest power of two (at least 2) that holds {@code n} keys at a load of at most 2/3. */
  static int capacityFor(int n) {
    return Integer.highestOneBit(Math.max(2, n + (n >> 1) + 1) - 1) << 1;
  }

  /**
   * Collects keys; the first value given for a key wins. Keys go straight into a table of the final layout
   * (grown and rehashed as keys arrive), so building allocates no entry objects.
   */
  static final class Builder {
    private String[] keys;
    private Object[] vals; // by slot; null until a key with a value is added (a set never has one)
    private int size;

    Builder() {
      this(5);
    }

    /** A builder sized for {@code expected} keys (more may be added). */
    Builder(int expected) {
      keys = new String[Math.max(8, capacityFor(expected))];
    }

    /** Adds {@code key} unless present; returns whether it was added. */
    boolean add(String key, Object value) {
      int s = slot(keys, keys.length - 1, key);
      if (s >= 0) {
        return false;
      }
      if (capacityFor(size + 1) > keys.length) {
        grow();
        s = slot(keys, keys.length - 1, key);
      }
      keys[-1 - s] = key;
      if (value != null) {
        if (vals == null) {
          vals = new Object[keys.length];
        }
        vals[-1 - s] = value;
      }
      size++;
      return true;
    }

    boolean add(String key) {
      return add(key, null);
    }

    boolean contains(String key) {
      return slot(keys, keys.length - 1, key) >= 0;
    }

    private void grow() {
      String[] oldKeys = keys;
      Object[] oldVals = vals;
      int capacity = oldKeys.length * 2;
      keys = new String[capacity];
      vals = oldVals == null ? null : new Object[capacity];
      for (int i = 0; i < oldKeys.length; i++) {
        String k = oldKeys[i];
        if (k != null) {
          int s = -1 - slot(keys, capacity - 1, k);
          keys[s] = k;
          if (oldVals != null) {
            vals[s] = oldVals[i];
          }
        }
      }
    }

    KeyTable buildSet() {
      return build(false);
    }

    KeyTable buildMap() {
      return build(true);
    }

    private KeyTable build(boolean withValues) {
      if (size == 0) {
        return EMPTY;
      }
      String[] table = keys;
      if (table.length != capacityFor(size)) { // fewer keys than the initial table is sized for
        table = new String[capacityFor(size)];
        Object[] v = vals == null ? null : new Object[table.length];
        for (int i = 0; i < keys.length; i++) {
          if (keys[i] != null) {
            int s = -1 - slot(table, table.length - 1, keys[i]);
            table[s] = keys[i];
            if (v != null) {
              v[s] = vals[i];
            }
          }
        }
        keys = table;
        vals = v;
      }
      if (!withValues) {
        return new KeyTable(table, null, null, null, size);
      }
      byte[] index = new byte[table.length];
      Object[] distinct = indexDistinct(vals, table, index);
      if (distinct == null) {
        return new KeyTable(table, vals, null, null, size);
      }
      return new KeyTable(table, null, index, distinct, size);
    }
  }
}
