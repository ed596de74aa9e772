package dev.featbit.sdk.internal.eval;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The characters .NET's regex engine treats as equal under {@code RegexOptions.IgnoreCase}, as the FeatBit
 * evaluation server runs it (.NET 10, {@code CultureInfo.CurrentCulture} the invariant culture), for
 * literals, classes and back-references alike: the one source of truth for what ignoring case means here
 * ({@link DotNetRegex} writes every case-insensitive literal and class out with these equivalents).
 *
 * <p>The rule, as .NET's {@code RegexCaseEquivalences} defines it: two BMP characters are equivalent when one
 * is the Unicode simple lowercase mapping of the other, or both have the same simple lowercase mapping;
 * U+0130 (İ) takes no part (its mapping to {@code i} is left out), and U+0131 (ı) has none, so each is
 * equivalent only to itself; {@code i} and {@code I} are a pair (the invariant culture's behaviour). Upper-case
 * mappings alone relate nothing: ſ (U+017F) is not {@code s}, ς (U+03C2) is not σ, µ (U+00B5) is not μ.
 * The classes are derived once, at class initialisation, from this JVM's {@link Character#toLowerCase(int)}
 * brought to the Unicode 15.0 data .NET's table is built from: mappings added in Unicode 11.0 to 15.0 are
 * supplied when the JVM's data is older (Java 11 has Unicode 10.0, Java 17 Unicode 13.0), and those added in
 * Unicode 16.0 are left out when it is newer (Java 24 and later).
 */
final class DotNetCase {
  private DotNetCase() {}

  /**
   * BMP simple lowercase mappings added in Unicode 11.0 to 15.0, as {@code first, last, lowercase of first}:
   * each character of {@code first..last} maps to the character at the same distance from the third.
   */
  static final int[][] ADDED_AFTER_UNICODE_10 = {
      {0x1C90, 0x1CBA, 0x10D0}, {0x1CBD, 0x1CBF, 0x10FD}, // Georgian Mtavruli (11.0)
      {0x2C2F, 0x2C2F, 0x2C5F}, // Glagolitic (14.0)
      {0xA7B8, 0xA7B8, 0xA7B9}, // 11.0
      {0xA7BA, 0xA7BA, 0xA7BB}, {0xA7BC, 0xA7BC, 0xA7BD}, {0xA7BE, 0xA7BE, 0xA7BF}, {0xA7C2, 0xA7C2, 0xA7C3},
      {0xA7C4, 0xA7C4, 0xA794}, {0xA7C5, 0xA7C5, 0x0282}, {0xA7C6, 0xA7C6, 0x1D8E}, // 12.0
      {0xA7C7, 0xA7C7, 0xA7C8}, {0xA7C9, 0xA7C9, 0xA7CA}, {0xA7F5, 0xA7F5, 0xA7F6}, // 13.0
      {0xA7C0, 0xA7C0, 0xA7C1}, {0xA7D0, 0xA7D0, 0xA7D1}, {0xA7D6, 0xA7D6, 0xA7D7}, {0xA7D8, 0xA7D8, 0xA7D9}}; // 14.0

  /** Characters whose BMP simple lowercase mapping was added in Unicode 16.0, absent from .NET's table. */
  static final char[] MAPPED_IN_UNICODE_16 = {'\u1C89', '\uA7CB', '\uA7CC', '\uA7DA', '\uA7DC'};

  /** The characters in a class of two or more, ascending. */
  private static final char[] KEYS;
  /** For {@code KEYS[i]}: the start of its class in {@link #MEMBERS} times 8, plus the class size. */
  private static final int[] SLOTS;
  /** Every class of two or more, each ascending, one after the other. */
  private static final char[] MEMBERS;
  /** The characters of {@link #KEYS}. */
  private static final BitSet CASED = new BitSet(0x10000);

  static {
    // union-find over c ~ lower(c)
    int[] parent = new int[0x10000];
    for (int c = 0; c <= 0xFFFF; c++) {
      parent[c] = c;
    }
    for (int c = 0; c <= 0xFFFF; c++) {
      int l = lower(c);
      if (l != c) {
        int a = root(parent, c);
        int b = root(parent, l);
        if (a != b) {
          parent[Math.max(a, b)] = Math.min(a, b);
        }
        CASED.set(c);
        CASED.set(l);
      }
    }
    int n = CASED.cardinality();
    KEYS = new char[n];
    SLOTS = new int[n];
    MEMBERS = new char[n];
    // members grouped by root: count per root, then place each class contiguously in ascending order
    int[] size = new int[0x10000];
    for (int c = CASED.nextSetBit(0); c >= 0; c = CASED.nextSetBit(c + 1)) {
      size[root(parent, c)]++;
    }
    int[] start = new int[0x10000];
    int[] fill = new int[0x10000];
    int next = 0;
    for (int c = CASED.nextSetBit(0); c >= 0; c = CASED.nextSetBit(c + 1)) {
      int r = root(parent, c);
      if (r == c) { // the root is the class's smallest member, met first
        start[r] = next;
        next += size[r];
      }
    }
    int k = 0;
    for (int c = CASED.nextSetBit(0); c >= 0; c = CASED.nextSetBit(c + 1)) {
      int r = root(parent, c);
      MEMBERS[start[r] + fill[r]++] = (char) c;
      KEYS[k] = (char) c;
      SLOTS[k] = start[r] * 8 + size[r];
      k++;
    }
  }

  private static int root(int[] parent, int c) {
    while (parent[c] != c) {
      parent[c] = parent[parent[c]];
      c = parent[c];
    }
    return c;
  }

  /**
   * The mapping .NET's table is built from: the Unicode 15.0 simple lowercase mapping of a BMP character,
   * except that U+0130 maps to itself.
   *
   * @param c a BMP character
   * @return its lowercase, or {@code c}
   */
  static int lower(int c) {
    if (c == 0x130) {
      return c;
    }
    int l = Character.toLowerCase(c);
    if (c < 0x1C89 || c > 0xA7F5) { // outside the characters of the version corrections
      return l;
    }
    for (char x : MAPPED_IN_UNICODE_16) {
      if (c == x) {
        return c;
      }
    }
    if (l == c) {
      for (int[] r : ADDED_AFTER_UNICODE_10) {
        if (c >= r[0] && c <= r[1]) {
          return r[2] + (c - r[0]);
        }
      }
    }
    return l;
  }

  /**
   * Whether {@code c} is equivalent to some other character.
   *
   * @param c a character
   * @return true when its class has two or more members
   */
  static boolean cased(char c) {
    return CASED.get(c);
  }

  /**
   * The characters equivalent to {@code c}, {@code c} included, ascending.
   *
   * @param c a character
   * @return a new array; {@code {c}} when it is equivalent to no other character
   */
  static char[] equivalents(char c) {
    if (!CASED.get(c)) {
      return new char[] {c};
    }
    int slot = SLOTS[Arrays.binarySearch(KEYS, c)];
    return Arrays.copyOfRange(MEMBERS, slot >>> 3, (slot >>> 3) + (slot & 7));
  }

  /**
   * Whether .NET compares {@code a} and {@code b} as equal under {@code IgnoreCase}.
   *
   * @param a a character
   * @param b a character
   * @return true when they are the same or equivalent
   */
  static boolean equivalent(char a, char b) {
    if (a == b) {
      return true;
    }
    if (!CASED.get(a) || !CASED.get(b)) {
      return false;
    }
    return SLOTS[Arrays.binarySearch(KEYS, a)] == SLOTS[Arrays.binarySearch(KEYS, b)];
  }

  /**
   * The set with every character equivalent to one of its members added, as .NET closes the ranges of a
   * class under {@code IgnoreCase} ({@code RegexCharClass.AddCaseEquivalences}).
   *
   * @param s code units (bits 0..0xFFFF); not modified
   * @return a new set
   */
  static BitSet closure(BitSet s) {
    BitSet out = (BitSet) s.clone();
    BitSet cased = (BitSet) s.clone();
    cased.and(CASED);
    for (int c = cased.nextSetBit(0); c >= 0; c = cased.nextSetBit(c + 1)) {
      int slot = SLOTS[Arrays.binarySearch(KEYS, (char) c)];
      for (int i = slot >>> 3, end = i + (slot & 7); i < end; i++) {
        out.set(MEMBERS[i]);
      }
    }
    return out;
  }

  /**
   * Number of characters in a class of two or more (.NET's table lists each such class once, so its list of
   * values has as many entries).
   *
   * @return the count
   */
  static int casedCount() {
    return KEYS.length;
  }
}
