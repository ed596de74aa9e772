package dev.featbit.sdk.internal.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON array read for a key list (see {@link JsonTree.Shape#packing}): its string elements without escapes
 * whose characters are all at most U+00FF are not built as {@code String}s but kept as one byte per character,
 * one after the other in a single array, each with its {@code String.hashCode()}; any other element (a string
 * with an escape or a wider character, a number, {@code null}, an object...) is kept as the reader reads it.
 * Element order is the array's.
 */
public final class KeyList {
  private final byte[] chars;
  private final int[] ends;     // element i's bytes end here (and start where element i - 1's end)
  private final int[] hashes;
  private final Object[] others; // by element: its value when it is not packed; null: every element is packed

  KeyList(byte[] chars, int[] ends, int[] hashes, Object[] others) {
    this.chars = chars;
    this.ends = ends;
    this.hashes = hashes;
    this.others = others;
  }

  /** How many elements the array has. */
  public int size() {
    return ends.length;
  }

  /** Element {@code i} when it is not packed (as the reader reads it), or null when it is. */
  public Object other(int i) {
    return others == null ? null : others[i];
  }

  /**
   * The bytes of the packed elements (the list's own array, not a copy: read it, never write it); element
   * {@code i}'s are {@link #start(int)} to {@link #end(int)}.
   */
  public byte[] chars() {
    return chars;
  }

  public int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  public int end(int i) {
    return ends[i];
  }

  /** A packed element's {@code String.hashCode()}. */
  public int hash(int i) {
    return hashes[i];
  }

  /** Element {@code i} as the reader reads it in an ordinary array. */
  public Object element(int i) {
    Object o = other(i);
    if (o != null) {
      return o;
    }
    int from = start(i);
    return new String(chars, from, ends[i] - from, StandardCharsets.ISO_8859_1); // one byte per character
  }

  /** The elements as an ordinary array holds them. */
  public Object[] toArray() {
    Object[] a = new Object[size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = element(i);
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyList && Arrays.equals(toArray(), ((KeyList) o).toArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toArray());
  }
}
