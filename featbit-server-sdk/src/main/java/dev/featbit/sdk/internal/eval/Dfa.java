package dev.featbit.sdk.internal.eval;

/**
 * A deterministic automaton that answers {@code Regex.IsMatch(value, pattern)} (an unanchored search) in one
 * left-to-right pass over the value's UTF-16 code units, built by {@link DfaBuilder} when flag data arrives.
 *
 * <p>The alphabet is a partition of the code units 0..0xFFFF into classes (every set of the pattern is a union
 * of classes), plus two symbols of their own: a {@code \n} that is the last code unit of the value (so that
 * {@code $} and {@code \Z}, which match before a final {@code \n}, are decided at that step) and the end of the
 * value. A transition is a state (as an index into the table), {@link #MATCH} (the pattern matched: stop with
 * {@code true}) or {@link #DEAD} (no match can follow: stop with {@code false}). A match reads every code unit
 * at most once and allocates nothing.
 */
final class Dfa {
  static final int MATCH = -1;
  static final int DEAD = -2;

  /** Transitions: {@code table[state + symbol]}, states pre-multiplied by the stride. */
  private final int[] table;
  /** The first state (pre-multiplied), or MATCH / DEAD when the answer does not depend on the value. */
  private final int start;
  /** Symbols: the last-{@code \n} symbol and the end of the value. */
  private final int lastNewline;
  private final int end;
  /** Class of the code units below {@link #LOW}. */
  private final byte[] low;
  /** Class of every code unit from {@link #LOW} up when they share one, else -1 (see {@link #highStart}). */
  private final int highUniform;
  /** Code units from LOW up: runs starting at {@code highStart[k]} have class {@code highClass[k]}. */
  private final char[] highStart;
  private final byte[] highClass;
  private final int states;

  static final int LOW = 256;

  Dfa(int[] table, int start, int lastNewline, int end, byte[] low, int highUniform, char[] highStart,
      byte[] highClass, int states) {
    this.table = table;
    this.start = start;
    this.lastNewline = lastNewline;
    this.end = end;
    this.low = low;
    this.highUniform = highUniform;
    this.highStart = highStart;
    this.highClass = highClass;
    this.states = states;
  }

  /** Whether the pattern is found in {@code s}: reads each code unit of {@code s} at most once. */
  boolean find(String s) {
    int st = start;
    if (st < 0) {
      return st == MATCH;
    }
    final int[] t = table;
    final int last = s.length() - 1;
    for (int i = 0; i < last; i++) {
      char c = s.charAt(i);
      st = t[st + (c < LOW ? low[c] : high(c))];
      if (st < 0) {
        return st == MATCH;
      }
    }
    if (last >= 0) {
      char c = s.charAt(last);
      st = t[st + (c == '\n' ? lastNewline : c < LOW ? low[c] : high(c))];
      if (st < 0) {
        return st == MATCH;
      }
    }
    return t[st + end] == MATCH;
  }

  private int high(char c) {
    int u = highUniform;
    if (u >= 0) {
      return u;
    }
    char[] starts = highStart;
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) { // the last run starting at or before c
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= c) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return highClass[lo];
  }

  /** Number of states (tests). */
  int states() {
    return states;
  }

  /** Number of symbols: classes plus the last-newline and end symbols (tests). */
  int symbols() {
    return end + 1;
  }
}
