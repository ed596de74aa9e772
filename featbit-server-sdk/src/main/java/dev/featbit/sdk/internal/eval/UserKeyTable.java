package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * An immutable set of user keys, or map from user keys to values: an individual target list, or a segment's
 * included or excluded keys. These lists hold most of a large environment's strings, so the keys are not kept
 * as {@code String} objects (about 40 bytes of headers each) but packed: every key whose characters are all
 * at most U+00FF is stored as one byte per character in a single array, grouped by hash bucket. A lookup
 * hashes the user's key ({@code String.hashCode()}, cached in the string), scans the few keys of one bucket
 * with an 8-bit hash tag, and compares the one candidate's bytes with {@code Arrays.equals} (an intrinsic)
 * against the same bytes the {@link FBUser} derived from its key once, when it was built. Keys with a
 * character above U+00FF can never equal such a key; they are kept as strings in a small {@link KeyTable}
 * beside it.
 *
 * <p>Lookups take no lock and allocate nothing. A map's values are few distinct objects (an individual
 * target list serves one result per variation), so up to 127 of them are stored as one byte per key.
 */
final class UserKeyTable {
  static final UserKeyTable EMPTY = new UserKeyTable(new byte[0], 0, null, new byte[0], new int[2], null, null, null,
      null, 0);

  /**
   * The user's key as one byte per character, or null when a character is above U+00FF (or no key). Null
   * itself where the field cannot be reached (a security manager that refuses the lookup, an image built
   * without it): lookups then compare the key's characters, more slowly, with the same answers.
   */
  private static final VarHandle KEY_LATIN1 = keyLatin1Handle();

  private static VarHandle keyLatin1Handle() {
    try {
      return MethodHandles.privateLookupIn(FBUser.class, MethodHandles.lookup())
          .findVarHandle(FBUser.class, "keyLatin1", byte[].class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private final byte[] chars;     // the packed keys, bucket by bucket
  private final int stride;       // every packed key's length, or -1 when lengths differ (then ends)
  private final int[] ends;       // packed key i is chars[i == 0 ? 0 : ends[i - 1] .. ends[i]); null with a stride
  private final byte[] tags;      // by packed key: hash bits the bucket index does not use
  private final int[] buckets;    // bucket b holds packed keys buckets[b] .. buckets[b + 1] - 1
  private final int mask;
  private final byte[] valueIndex; // by packed key: index into distinct; null for a set or with values
  private final Object[] distinct;
  private final Object[] values;  // by packed key, when there are more than 127 distinct values
  private final KeyTable wide;    // keys with a character above U+00FF; null: none
  private final int size;

  private UserKeyTable(byte[] chars, int stride, int[] ends, byte[] tags, int[] buckets, byte[] valueIndex,
      Object[] distinct, Object[] values, KeyTable wide, int size) {
    this.chars = chars;
    this.stride = stride;
    this.ends = ends;
    this.tags = tags;
    this.buckets = buckets;
    this.mask = buckets.length - 2;
    this.valueIndex = valueIndex;
    this.distinct = distinct;
    this.values = values;
    this.wide = wide;
    this.size = size;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Whether the user's key is in the table. */
  boolean contains(FBUser user) {
    if (KEY_LATIN1 == null) {
      return containsByChars(user.key());
    }
    byte[] k = (byte[]) KEY_LATIN1.get(user);
    if (k == null) {
      return wide != null && user.key() != null && wide.contains(user.key());
    }
    return find(user.key().hashCode(), k) >= 0;
  }

  /** The value of the user's key, or {@code null}. */
  Object get(FBUser user) {
    if (KEY_LATIN1 == null) {
      return getByChars(user.key());
    }
    byte[] k = (byte[]) KEY_LATIN1.get(user);
    if (k == null) {
      return wide == null || user.key() == null ? null : wide.get(user.key());
    }
    return value(find(user.key().hashCode(), k));
  }

  /** {@link #contains(FBUser)} comparing the key's characters (where the user's bytes cannot be read). */
  boolean containsByChars(String key) {
    return indexOf(key) != -1;
  }

  /** {@link #get(FBUser)} comparing the key's characters (where the user's bytes cannot be read). */
  Object getByChars(String key) {
    int i = indexOf(key);
    return i == -2 ? wide.get(key) : value(i);
  }

  /** The value of packed key {@code i}; null for -1. */
  private Object value(int i) {
    if (i < 0) {
      return null;
    }
    byte[] vi = valueIndex;
    if (vi != null) {
      return distinct[vi[i]];
    }
    Object[] vs = values;
    return vs == null ? null : vs[i];
  }

  /**
   * Without the user's bytes: the packed index of {@code key}, -1 when it is not in the table, -2 when it is
   * in the wide table.
   */
  private int indexOf(String key) {
    if (key == null) {
      return -1;
    }
    int len = key.length();
    for (int j = 0; j < len; j++) {
      if (key.charAt(j) > 0xFF) {
        return wide != null && wide.contains(key) ? -2 : -1;
      }
    }
    if (stride >= 0 && stride != len) {
      return -1;
    }
    int x = spread(key.hashCode());
    byte tag = (byte) (x >>> 24);
    int b = x & mask;
    for (int i = buckets[b], end = buckets[b + 1]; i < end; i++) {
      int from = stride >= 0 ? i * stride : i == 0 ? 0 : ends[i - 1];
      int to = stride >= 0 ? from + stride : ends[i];
      if (tags[i] != tag || to - from != len) {
        continue;
      }
      int j = 0;
      while (j < len && (chars[from + j] & 0xFF) == key.charAt(j)) {
        j++;
      }
      if (j == len) {
        return i;
      }
    }
    return -1;
  }

  /** The packed index of the key with these bytes and this hash, or -1. */
  private int find(int hash, byte[] k) {
    int len = k.length;
    int st = stride;
    if (st >= 0 && st != len) {
      return -1;
    }
    int x = spread(hash);
    byte tag = (byte) (x >>> 24);
    int b = x & mask;
    int[] bs = buckets;
    byte[] ts = tags;
    byte[] cs = chars;
    for (int i = bs[b], end = bs[b + 1]; i < end; i++) {
      if (ts[i] != tag) {
        continue;
      }
      int from;
      if (st >= 0) {
        from = i * st;
      } else {
        from = i == 0 ? 0 : ends[i - 1];
        if (ends[i] - from != len) {
          continue;
        }
      }
      if (Arrays.equals(cs, from, from + len, k, 0, len)) {
        return i;
      }
    }
    return -1;
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  /**
   * Collects keys for one table at a time; the first value given for a key wins. One builder is reused for
   * every table a compiler builds ({@link #reset()}), so building allocates only the final arrays.
   */
  static final class Builder {
    private byte[] chars = new byte[512];
    private int used;            // bytes of chars in use
    private int[] ends = new int[32];
    private int[] hashes = new int[32];
    private Object[] vals = new Object[32];
    private int count;           // packed keys
    private int[] slots = new int[64]; // open addressing over packed keys: index + 1; 0 = empty
    private KeyTable.Builder wide; // null until a key above U+00FF arrives
    private int wideCount;

    /** Forgets the keys collected so far. */
    void reset() {
      used = 0;
      if (count > 0) {
        if (slots.length > 4096) { // a large list came before: do not keep its arrays, nor clear them each time
          chars = new byte[512];
          ends = new int[32];
          hashes = new int[32];
          vals = new Object[32];
          slots = new int[64];
        } else {
          Arrays.fill(vals, 0, count, null);
          Arrays.fill(slots, 0);
        }
      }
      count = 0;
      wide = null;
      wideCount = 0;
    }

    int size() {
      return count + wideCount;
    }

    boolean contains(String key) {
      byte[] k = DotNetText.latin1(key);
      return k == null ? wide != null && wide.contains(key) : contains(k, 0, k.length, key.hashCode());
    }

    /** Adds {@code key} unless present; returns whether it was added. */
    boolean add(String key, Object value) {
      byte[] k = DotNetText.latin1(key);
      if (k != null) {
        return add(k, 0, k.length, key.hashCode(), value);
      }
      if (wide == null) {
        wide = new KeyTable.Builder();
      }
      boolean added = wide.add(key, value);
      if (added) {
        wideCount++;
      }
      return added;
    }

    boolean add(String key) {
      return add(key, null);
    }

    /**
     * Whether the key whose characters are {@code src[from..to)} (one byte each) and whose
     * {@code String.hashCode()} is {@code hash} was added.
     */
    boolean contains(byte[] src, int from, int to, int hash) {
      return slotOf(src, from, to, hash) >= 0;
    }

    /** {@link #add(String, Object)} for the key whose characters are {@code src[from..to)}, one byte each. */
    boolean add(byte[] src, int from, int to, int hash, Object value) {
      int s = slotOf(src, from, to, hash);
      if (s >= 0) {
        return false;
      }
      int n = to - from;
      if (used + n > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + n));
      }
      System.arraycopy(src, from, chars, used, n);
      used += n;
      append(hash, value, s);
      return true;
    }

    /** Records the key just copied to {@code chars}; {@code s} is where {@link #slotOf} would put it. */
    private void append(int hash, Object value, int s) {
      if (count == ends.length) {
        int c = count * 2;
        ends = Arrays.copyOf(ends, c);
        hashes = Arrays.copyOf(hashes, c);
        vals = Arrays.copyOf(vals, c);
      }
      ends[count] = used;
      hashes[count] = hash;
      vals[count] = value;
      count++;
      if ((count + (count >> 1)) > slots.length) {
        rehash(slots.length * 2);
      } else {
        slots[-1 - s] = count;
      }
    }

    /** The slot of the key {@code src[from..to)} in {@link #slots}, or {@code -1 - (the empty slot for it)}. */
    private int slotOf(byte[] src, int from, int to, int h) {
      int m = slots.length - 1;
      int n = to - from;
      for (int s = spread(h) & m; ; s = (s + 1) & m) {
        int e = slots[s];
        if (e == 0) {
          return -1 - s;
        }
        int i = e - 1;
        if (hashes[i] == h) {
          int start = i == 0 ? 0 : ends[i - 1];
          if (ends[i] - start == n && Arrays.equals(chars, start, ends[i], src, from, to)) {
            return s;
          }
        }
      }
    }

    private void rehash(int capacity) {
      slots = new int[capacity];
      int m = capacity - 1;
      for (int i = 0; i < count; i++) {
        int s = spread(hashes[i]) & m;
        while (slots[s] != 0) {
          s = (s + 1) & m;
        }
        slots[s] = i + 1;
      }
    }

    UserKeyTable buildSet() {
      return build(false);
    }

    UserKeyTable buildMap() {
      return build(true);
    }

    private UserKeyTable build(boolean withValues) {
      int n = count;
      if (n == 0 && wideCount == 0) {
        return EMPTY;
      }
      KeyTable wideTable = wide == null ? null : withValues ? wide.buildMap() : wide.buildSet();
      // about one to two keys per bucket
      int bucketCount = n == 0 ? 1 : Integer.highestOneBit(n);
      int m = bucketCount - 1;
      int[] bs = new int[bucketCount + 1];
      int stride = n == 0 ? 0 : ends[0];
      for (int i = 0; i < n; i++) {
        bs[(spread(hashes[i]) & m) + 1]++;
        if (ends[i] - (i == 0 ? 0 : ends[i - 1]) != stride) {
          stride = -1;
        }
      }
      for (int b = 0; b < bucketCount; b++) {
        bs[b + 1] += bs[b];
      }
      // packed order: by bucket, in insertion order within a bucket
      int[] order = new int[n];
      int[] next = Arrays.copyOf(bs, bucketCount);
      for (int i = 0; i < n; i++) {
        order[next[spread(hashes[i]) & m]++] = i;
      }
      byte[] out = new byte[used];
      int[] outEnds = stride >= 0 ? null : new int[n];
      byte[] tags = new byte[n];
      Object[] outVals = withValues ? new Object[n] : null;
      int at = 0;
      for (int j = 0; j < n; j++) {
        int i = order[j];
        int from = i == 0 ? 0 : ends[i - 1];
        int len = ends[i] - from;
        System.arraycopy(chars, from, out, at, len);
        at += len;
        if (outEnds != null) {
          outEnds[j] = at;
        }
        tags[j] = (byte) (spread(hashes[i]) >>> 24);
        if (outVals != null) {
          outVals[j] = vals[i];
        }
      }
      int size = n + wideCount;
      if (outVals == null) {
        return new UserKeyTable(out, stride, outEnds, tags, bs, null, null, null, wideTable, size);
      }
      byte[] index = new byte[n];
      Object[] distinct = KeyTable.indexDistinct(outVals, null, index);
      if (distinct == null) {
        return new UserKeyTable(out, stride, outEnds, tags, bs, null, null, outVals, wideTable, size);
      }
      return new UserKeyTable(out, stride, outEnds, tags, bs, index, distinct, null, wideTable, size);
    }
  }
}
