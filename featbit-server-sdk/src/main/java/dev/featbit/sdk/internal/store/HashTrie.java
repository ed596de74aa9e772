package dev.featbit.sdk.internal.store;

import java.util.function.BiConsumer;

/**
 * An immutable map from strings to values with structural sharing: a hash array mapped trie (32-way nodes,
 * compressed by two bitmaps, entries stored inline in the node beside its sub-nodes; the root is also kept
 * written out as 32 plain slots in the map object, so that a lookup reads no more objects than a
 * {@code HashMap}'s and finds most keys of a small map at the first index). {@link #put} returns a
 * new map that shares every node but the path to the changed entry, so replacing one entry of a map of
 * {@code n} copies about {@code log32(n)} nodes of at most 32 slots each, whatever {@code n}.
 *
 * <p>{@link #get} takes no lock and allocates nothing: {@code String.hashCode()} is cached in the strings,
 * its high half is folded into the low one (as {@code HashMap} does), and each level is one bitmap test and
 * one array read. Maps are published by the store through a volatile field; nodes are never modified once a
 * map is built.
 *
 * <p>A {@link Builder} fills a new map in place (nodes owned by the builder are modified rather than copied),
 * for full data sets.
 *
 * @param <V> the value type
 */
final class HashTrie<V> {
  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;
  /** Nodes below this shift have used all 32 hash bits: they hold colliding keys as a flat list. */
  private static final int LAST_SHIFT = 30;

  @SuppressWarnings("rawtypes")
  private static final HashTrie EMPTY = new HashTrie<>(new Node(0, 0, new Object[0], null), 0);

  private final Node root;
  private final int size;
  /**
   * The root node written out as 32 slots of two, in hash order: a key and its value, or a sub-node and null,
   * or nothing; a lookup indexes it with the hash's low bits, with no bitmap and no bit count (the root never
   * changes once built, so neither does this).
   */
  private final Object[] slots;

  private HashTrie(Node root, int size) {
    this.root = root;
    this.size = size;
    Object[] s = new Object[2 << BITS];
    Object[] c = root.content;
    int data = root.dataMap;
    int nodes = root.nodeMap;
    int d = 0;
    int n = Integer.bitCount(data) << 1;
    for (int b = 0; b <= MASK; b++) {
      int bit = 1 << b;
      if ((data & bit) != 0) {
        s[b << 1] = c[d++];
        s[(b << 1) + 1] = c[d++];
      } else if ((nodes & bit) != 0) {
        s[b << 1] = c[n++];
      }
    }
    this.slots = s;
  }

  /** The empty map. */
  @SuppressWarnings("unchecked")
  static <V> HashTrie<V> empty() {
    return (HashTrie<V>) EMPTY;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean containsKey(String key) {
    return get(key) != null;
  }

  static int hash(String key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  /** The value of {@code key}, or {@code null}. */
  @SuppressWarnings("unchecked")
  V get(String key) {
    int h = hash(key);
    Object[] s = slots;
    int i = (h & MASK) << 1;
    Object k = s[i];
    if (k == key) {
      return (V) s[i + 1];
    }
    if (k instanceof String) {
      return k.equals(key) ? (V) s[i + 1] : null;
    }
    if (k == null) {
      return null;
    }
    Node n = (Node) k;
    int bit;
    int dataMap;
    int nodeMap;
    Object[] c;
    for (int shift = BITS; ; shift += BITS) {
      if (shift > LAST_SHIFT) {
        return (V) n.scan(key);
      }
      bit = 1 << ((h >>> shift) & MASK);
      dataMap = n.dataMap;
      c = n.content;
      if ((dataMap & bit) != 0) {
        int j = Integer.bitCount(dataMap & (bit - 1)) << 1;
        Object e = c[j];
        return e == key || e.equals(key) ? (V) c[j + 1] : null;
      }
      nodeMap = n.nodeMap;
      if ((nodeMap & bit) == 0) {
        return null;
      }
      n = (Node) c[(Integer.bitCount(dataMap) << 1) + Integer.bitCount(nodeMap & (bit - 1))];
    }
  }

  /** A map equal to this one with {@code key} mapped to {@code value} (not null); this map is unchanged. */
  HashTrie<V> put(String key, V value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    boolean[] added = new boolean[1];
    Node r = root.put(key, hash(key), value, 0, null, added);
    return r == root ? this : new HashTrie<>(r, added[0] ? size + 1 : size);
  }

  /** Calls {@code action} for every entry, in no defined order. */
  @SuppressWarnings("unchecked")
  void forEach(BiConsumer<String, ? super V> action) {
    root.forEach((BiConsumer<String, Object>) (BiConsumer<String, ?>) action);
  }

  /** Depth of the deepest node (1 for a map held in its root); for tests. */
  int depth() {
    return root.depth();
  }

  /** How many nodes of this map are not nodes of {@code other} (structural sharing); for tests. */
  int nodesNotIn(HashTrie<?> other) {
    java.util.Set<Node> theirs = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    other.root.collect(theirs);
    java.util.Set<Node> ours = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    root.collect(ours);
    ours.removeAll(theirs);
    return ours.size();
  }

  /** Fills a new map in place; not thread-safe, single use. */
  static final class Builder<V> {
    private Object edit = new Object();
    private Node root = new Node(0, 0, new Object[0], edit);
    private int size;

    /** Maps {@code key} to {@code value} (not null), replacing a previous value. */
    Builder<V> put(String key, V value) {
      if (edit == null) {
        throw new IllegalStateException("already built");
      }
      if (value == null) {
        throw new NullPointerException("value");
      }
      boolean[] added = new boolean[1];
      root = root.put(key, hash(key), value, 0, edit, added);
      if (added[0]) {
        size++;
      }
      return this;
    }

    /** The map; the builder cannot be used afterwards. */
    HashTrie<V> build() {
      edit = null; // nodes the builder owned are now as immutable as any other
      return size == 0 ? empty() : new HashTrie<>(root, size);
    }
  }

  /**
   * A trie node: {@code content} holds {@code bitCount(dataMap)} key/value pairs, then {@code bitCount(nodeMap)}
   * sub-nodes, both in bit order. Below {@link #LAST_SHIFT} both maps are 0 and {@code content} is a flat list of
   * key/value pairs whose keys share one hash.
   */
  private static final class Node {
    int dataMap;
    int nodeMap;
    Object[] content;
    final Object edit; // the builder that may modify this node in place; null for a node of a built map

    Node(int dataMap, int nodeMap, Object[] content, Object edit) {
      this.dataMap = dataMap;
      this.nodeMap = nodeMap;
      this.content = content;
      this.edit = edit;
    }

    Object scan(String key) {
      Object[] c = content;
      for (int i = 0; i < c.length; i += 2) {
        if (c[i].equals(key)) {
          return c[i + 1];
        }
      }
      return null;
    }

    private Node with(int dataMap, int nodeMap, Object[] content, Object edit) {
      if (edit != null && this.edit == edit) {
        this.dataMap = dataMap;
        this.nodeMap = nodeMap;
        this.content = content;
        return this;
      }
      return new Node(dataMap, nodeMap, content, edit);
    }

    Node put(String key, int h, Object value, int shift, Object edit, boolean[] added) {
      Object[] c = content;
      if (shift > LAST_SHIFT) {
        for (int i = 0; i < c.length; i += 2) {
          if (c[i].equals(key)) {
            if (c[i + 1] == value) {
              return this;
            }
            Object[] nc = owned(edit) ? c : c.clone();
            nc[i + 1] = value;
            return with(0, 0, nc, edit);
          }
        }
        Object[] nc = new Object[c.length + 2];
        System.arraycopy(c, 0, nc, 0, c.length);
        nc[c.length] = key;
        nc[c.length + 1] = value;
        added[0] = true;
        return with(0, 0, nc, edit);
      }
      int bit = 1 << ((h >>> shift) & MASK);
      if ((dataMap & bit) != 0) {
        int i = Integer.bitCount(dataMap & (bit - 1)) << 1;
        String k = (String) c[i];
        if (k.equals(key)) {
          if (c[i + 1] == value) {
            return this;
          }
          Object[] nc = owned(edit) ? c : c.clone();
          nc[i + 1] = value;
          return with(dataMap, nodeMap, nc, edit);
        }
        // two keys on one slot: the pair moves down into a new sub-node
        Node sub = merge(k, hash(k), c[i + 1], key, h, value, shift + BITS, edit);
        added[0] = true;
        int dataCount = Integer.bitCount(dataMap);
        int at = ((dataCount - 1) << 1) + Integer.bitCount(nodeMap & (bit - 1)); // position in the new array
        Object[] nc = new Object[c.length - 1];
        System.arraycopy(c, 0, nc, 0, i);
        System.arraycopy(c, i + 2, nc, i, (dataCount << 1) - i - 2);
        int nodesBefore = Integer.bitCount(nodeMap & (bit - 1));
        int oldNodes = dataCount << 1;
        System.arraycopy(c, oldNodes, nc, oldNodes - 2, nodesBefore);
        nc[at] = sub;
        System.arraycopy(c, oldNodes + nodesBefore, nc, at + 1, c.length - oldNodes - nodesBefore);
        return with(dataMap ^ bit, nodeMap | bit, nc, edit);
      }
      if ((nodeMap & bit) != 0) {
        int at = (Integer.bitCount(dataMap) << 1) + Integer.bitCount(nodeMap & (bit - 1));
        Node child = (Node) c[at];
        Node nchild = child.put(key, h, value, shift + BITS, edit, added);
        if (nchild == child) {
          return this;
        }
        Object[] nc = owned(edit) ? c : c.clone();
        nc[at] = nchild;
        return with(dataMap, nodeMap, nc, edit);
      }
      int i = Integer.bitCount(dataMap & (bit - 1)) << 1;
      Object[] nc = new Object[c.length + 2];
      System.arraycopy(c, 0, nc, 0, i);
      nc[i] = key;
      nc[i + 1] = value;
      System.arraycopy(c, i, nc, i + 2, c.length - i);
      added[0] = true;
      return with(dataMap | bit, nodeMap, nc, edit);
    }

    private boolean owned(Object edit) {
      return edit != null && this.edit == edit;
    }

    private static Node merge(String k1, int h1, Object v1, String k2, int h2, Object v2, int shift, Object edit) {
      if (shift > LAST_SHIFT) {
        return new Node(0, 0, new Object[] {k1, v1, k2, v2}, edit);
      }
      int f1 = (h1 >>> shift) & MASK;
      int f2 = (h2 >>> shift) & MASK;
      if (f1 == f2) {
        Node sub = merge(k1, h1, v1, k2, h2, v2, shift + BITS, edit);
        return new Node(0, 1 << f1, new Object[] {sub}, edit);
      }
      Object[] c = f1 < f2 ? new Object[] {k1, v1, k2, v2} : new Object[] {k2, v2, k1, v1};
      return new Node((1 << f1) | (1 << f2), 0, c, edit);
    }

    void forEach(BiConsumer<String, Object> action) {
      Object[] c = content;
      int data = (dataMap == 0 && nodeMap == 0) ? c.length : Integer.bitCount(dataMap) << 1;
      for (int i = 0; i < data; i += 2) {
        action.accept((String) c[i], c[i + 1]);
      }
      for (int i = data; i < c.length; i++) {
        ((Node) c[i]).forEach(action);
      }
    }

    void collect(java.util.Set<Node> out) {
      out.add(this);
      Object[] c = content;
      int data = (dataMap == 0 && nodeMap == 0) ? c.length : Integer.bitCount(dataMap) << 1;
      for (int i = data; i < c.length; i++) {
        ((Node) c[i]).collect(out);
      }
    }

    int depth() {
      Object[] c = content;
      int data = (dataMap == 0 && nodeMap == 0) ? c.length : Integer.bitCount(dataMap) << 1;
      int d = 0;
      for (int i = data; i < c.length; i++) {
        d = Math.max(d, ((Node) c[i]).depth());
      }
      return d + 1;
    }
  }
}
