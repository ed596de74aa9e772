package dev.featbit.sdk.internal.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Builds a {@link Dfa} from the tree {@link DotNetRegex} read, when flag data arrives: a Thompson automaton
 * from the tree (counted repeats written out), then the subset construction, done completely before the first
 * match. Zero-width assertions are decided during the closure from the kind of the previous code unit (kept in
 * the state: start of the value, {@code \n}, word character) and the symbol about to be read.
 *
 * <p>Returns null (the pattern keeps the {@code java.util.regex} path) for back-references, look-arounds
 * written in the pattern, atomic groups, more than {@link #MAX_CLASSES} classes, more than
 * {@link #MAX_NFA} automaton nodes after counted repeats are written out, more than {@link #MAX_STATES} states
 * or a table of more than {@link #MAX_TABLE} entries.
 */
final class DfaBuilder {
  static final int MAX_NFA = 4_000;
  static final int MAX_STATES = 2_000;
  static final int MAX_TABLE = 1 << 16;
  static final int MAX_CLASSES = 120;
  /** Copies of repeated parts written out, in all. */
  static final long MAX_COPIES = 20_000;

  // assertion kinds
  private static final int A_START = 1;     // \A, ^, \G: at the start of the value
  private static final int A_LINE_START = 2; // (?m)^: at the start or after \n
  private static final int A_LINE_END = 3;  // (?m)$: before \n or at the end
  private static final int A_END_NL = 4;    // $ and \Z: at the end or before a final \n
  private static final int A_END = 5;       // \z
  private static final int A_BOUNDARY = 6;
  private static final int A_NOT_BOUNDARY = 7;

  // automaton node kinds
  private static final int N_CHAR = 1;
  private static final int N_EPS = 2;
  private static final int N_ASSERT = 3;
  private static final int N_MATCH = 4;

  // previous-code-unit flags kept in a state
  private static final int F_START = 1;
  private static final int F_NL = 2;
  private static final int F_WORD = 4;

  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused() {
      super(null, null, false, false);
    }
  }

  private static final Refused REFUSED = new Refused();

  // the automaton
  private int[] kind = new int[64];
  private int[] next = new int[64];   // N_CHAR, N_ASSERT: the one successor
  private int[][] outs = new int[64][]; // N_EPS
  private int[] arg = new int[64];    // N_CHAR: index of its set; N_ASSERT: its kind
  private int count;
  private long copies;

  private final List<BitSet> sets = new ArrayList<>();
  private final Map<BitSet, Integer> setIndex = new HashMap<>();
  private boolean usesStart;
  private boolean usesNewline;
  private boolean usesWord;

  // classes
  private int classes;
  private boolean[][] setHasClass; // [set][class]
  private boolean[] classNewline;
  private boolean[] classWord;
  private int newlineClass;

  private DfaBuilder() {
  }

  /** The automaton for a translated pattern, or null when the pattern keeps the engine path. */
  static Dfa build(DotNetRegex.Result t) {
    if (t.root == null) {
      return null;
    }
    try {
      return new DfaBuilder().run(t.root);
    } catch (Refused | StackOverflowError e) {
      return null;
    }
  }

  private Dfa run(DotNetRegex.Node root) throws Refused {
    int match = add(N_MATCH, -1, 0);
    int entry = node(root, match);
    partition();
    return subsets(entry);
  }

  // ---------------------------------------------------------------- Thompson automaton (built backwards)

  private int add(int k, int nx, int a) throws Refused {
    if (count >= MAX_NFA) {
      throw REFUSED;
    }
    if (count == kind.length) {
      int n = count * 2;
      kind = Arrays.copyOf(kind, n);
      next = Arrays.copyOf(next, n);
      outs = Arrays.copyOf(outs, n);
      arg = Arrays.copyOf(arg, n);
    }
    kind[count] = k;
    next[count] = nx;
    arg[count] = a;
    return count++;
  }

  private int eps(int... to) throws Refused {
    int s = add(N_EPS, -1, 0);
    outs[s] = to;
    return s;
  }

  /** The entry of an automaton for {@code n} that continues at {@code then}. */
  private int node(DotNetRegex.Node n, int then) throws Refused {
    switch (n.kind) {
      case DotNetRegex.SET:
        return add(N_CHAR, then, setOf(n));
      case DotNetRegex.SEQ: {
        int at = then;
        for (int i = n.kids.size() - 1; i >= 0; i--) {
          at = node(n.kids.get(i), at);
        }
        return at;
      }
      case DotNetRegex.ALT: {
        int[] to = new int[n.kids.size()];
        for (int i = 0; i < to.length; i++) {
          to[i] = node(n.kids.get(i), then);
        }
        return eps(to);
      }
      case DotNetRegex.GROUP:
        if (n.java.startsWith("(?>")) {
          throw REFUSED; // atomic: gives back nothing, not a regular operator
        }
        return node(n.child, then);
      case DotNetRegex.REPEAT:
        return repeat(n, then);
      case DotNetRegex.START:
        usesStart = true;
        return add(N_ASSERT, then, A_START);
      case DotNetRegex.ASSERT:
        return add(N_ASSERT, then, assertion(n.java));
      case DotNetRegex.EMPTY:
        return then;
      default: // LOOK, BACKREF
        throw REFUSED;
    }
  }

  private int repeat(DotNetRegex.Node n, int then) throws Refused {
    // every copy costs work, also of a child that adds no node ((?:){1000000}): bounded like the nodes
    copies += (long) n.min + (n.max < 0 ? 1 : n.max - n.min);
    if (copies > MAX_COPIES) {
      throw REFUSED;
    }
    int at;
    if (n.max < 0) {
      int loop = eps(then, then);
      outs[loop][0] = node(n.child, loop);
      at = loop;
    } else {
      at = then;
      for (int i = n.min; i < n.max; i++) {
        at = eps(node(n.child, at), then);
      }
    }
    for (int i = 0; i < n.min; i++) {
      at = node(n.child, at);
    }
    return at;
  }

  private int assertion(String java) throws Refused {
    switch (java) {
      case "(?<![^\\n])":
        usesStart = true;
        usesNewline = true;
        return A_LINE_START;
      case "(?![^\\n])":
        usesNewline = true;
        return A_LINE_END;
      case "$":
      case "(?=\\n?\\z)":
        usesNewline = true;
        return A_END_NL;
      case "\\z":
        return A_END;
      case "\\G":
        usesStart = true;
        return A_START;
      default:
        if (java.equals(DotNetRegex.BOUNDARY_MARK)) {
          usesWord = true;
          return A_BOUNDARY;
        }
        if (java.equals(DotNetRegex.NOT_BOUNDARY_MARK)) {
          usesWord = true;
          return A_NOT_BOUNDARY;
        }
        throw REFUSED;
    }
  }

  private int setOf(DotNetRegex.Node n) {
    BitSet s = n.set; // exactly what the translation matches, .NET's case equivalents included under i
    Integer i = setIndex.get(s);
    if (i == null) {
      i = sets.size();
      sets.add(s);
      setIndex.put(s, i);
    }
    return i;
  }

  // ---------------------------------------------------------------- classes

  /** Splits 0..0xFFFF into classes: code units in the same class belong to the same sets. */
  private void partition() throws Refused {
    List<BitSet> all = new ArrayList<>(sets);
    if (usesNewline) {
      BitSet nl = new BitSet();
      nl.set('\n');
      all.add(nl);
    }
    if (usesWord) {
      all.add(WordUnits.SET);
    }
    BitSet cuts = new BitSet(0x10001);
    cuts.set(0);
    cuts.set(0x10000);
    for (BitSet s : all) {
      for (int a = s.nextSetBit(0); a >= 0 && a < 0x10000; a = s.nextSetBit(a)) {
        int b = s.nextClearBit(a);
        cuts.set(a);
        cuts.set(Math.min(b, 0x10000));
        a = b;
      }
    }
    Map<Object, Integer> bySignature = new HashMap<>();
    int cutCount = cuts.cardinality() - 1;
    int[] runStart = new int[cutCount];
    int[] runClass = new int[cutCount];
    List<Integer> representative = new ArrayList<>();
    int r = 0;
    for (int a = 0; a < 0x10000; r++) {
      int b = cuts.nextSetBit(a + 1);
      Object sig;
      if (all.size() < 64) {
        long bits = 0;
        for (int j = 0; j < all.size(); j++) {
          if (all.get(j).get(a)) {
            bits |= 1L << j;
          }
        }
        sig = bits;
      } else {
        BitSet bits = new BitSet(all.size());
        for (int j = 0; j < all.size(); j++) {
          if (all.get(j).get(a)) {
            bits.set(j);
          }
        }
        sig = bits;
      }
      Integer c = bySignature.get(sig);
      if (c == null) {
        c = bySignature.size();
        if (c >= MAX_CLASSES) {
          throw REFUSED;
        }
        bySignature.put(sig, c);
        representative.add(a);
      }
      runStart[r] = a;
      runClass[r] = c;
      a = b;
    }
    this.runStart = runStart;
    this.runClass = runClass;
    classes = bySignature.size();
    setHasClass = new boolean[sets.size()][classes];
    classNewline = new boolean[classes];
    classWord = new boolean[classes];
    for (int k = 0; k < classes; k++) {
      int rep = representative.get(k);
      for (int j = 0; j < sets.size(); j++) {
        setHasClass[j][k] = sets.get(j).get(rep);
      }
      classNewline[k] = rep == '\n';
      classWord[k] = DotNetRegex.isBoundaryWordChar((char) rep);
    }
  }

  /** Runs of code units: from {@code runStart[k]} to the next start, class {@code runClass[k]}. */
  private int[] runStart;
  private int[] runClass;

  private int classOf(int c) {
    int lo = 0;
    int hi = runStart.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (runStart[mid] <= c) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return runClass[lo];
  }

  /** .NET's word characters for {@code \b}: {@link DotNetRegex#isBoundaryWordChar}. */
  private static final class WordUnits {
    static final BitSet SET = new BitSet(0x10000);

    static {
      for (int c = 0; c <= 0xFFFF; c++) {
        if (DotNetRegex.isBoundaryWordChar((char) c)) {
          SET.set(c);
        }
      }
    }
  }

  // ---------------------------------------------------------------- subset construction

  private static final class Key {
    final int[] nodes;
    final int flags;
    final int hash;

    Key(int[] nodes, int flags) {
      this.nodes = nodes;
      this.flags = flags;
      this.hash = Arrays.hashCode(nodes) * 31 + flags;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).flags == flags && Arrays.equals(((Key) o).nodes, nodes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private int[] mark;
  private int stamp;
  private int[] stack;

  /**
   * The nodes reached from {@code seeds} through plain epsilon moves: character, assertion and match nodes,
   * sorted.
   */
  private int[] plainClosure(int[] seeds, int seedCount) {
    stamp++;
    sp = 0;
    int[] found = new int[16];
    int k = 0;
    for (int i = 0; i < seedCount; i++) {
      push(seeds[i]);
    }
    while (sp > 0) {
      int s = stack[--sp];
      if (mark[s] == stamp) {
        continue;
      }
      mark[s] = stamp;
      if (kind[s] == N_EPS) {
        for (int o : outs[s]) {
          if (mark[o] != stamp) {
            push(o);
          }
        }
      } else {
        if (k == found.length) {
          found = Arrays.copyOf(found, k * 2);
        }
        found[k++] = s;
      }
    }
    int[] r = Arrays.copyOf(found, k);
    Arrays.sort(r);
    return r;
  }

  private boolean passes(int assertion, int flags, int symbol) {
    boolean atEnd = symbol == endSymbol;
    boolean lastNl = symbol == lastNlSymbol;
    boolean nextNl = lastNl || (!atEnd && classNewline[symbol]);
    switch (assertion) {
      case A_START:
        return (flags & F_START) != 0;
      case A_LINE_START:
        return (flags & (F_START | F_NL)) != 0;
      case A_LINE_END:
        return atEnd || nextNl;
      case A_END_NL:
        return atEnd || lastNl;
      case A_END:
        return atEnd;
      default: {
        boolean before = (flags & F_WORD) != 0;
        boolean after = !atEnd && !lastNl && classWord[symbol];
        return (before != after) == (assertion == A_BOUNDARY);
      }
    }
  }

  private int endSymbol;
  private int lastNlSymbol;

  private Dfa subsets(int entry) throws Refused {
    int symbols = classes + 2;
    lastNlSymbol = classes;
    endSymbol = classes + 1;
    newlineClass = classOf('\n');
    mark = new int[count];
    stack = new int[Math.max(16, count)];
    int usedFlags = (usesStart ? F_START : 0) | (usesNewline ? F_NL : 0) | (usesWord ? F_WORD : 0);
    int[] restart = plainClosure(new int[] {entry}, 1);

    Map<Key, Integer> index = new HashMap<>();
    List<Key> keys = new ArrayList<>();
    List<int[]> rows = new ArrayList<>();
    Key first = new Key(restart, F_START & usedFlags);
    if (hasMatch(first.nodes)) {
      return constant(Dfa.MATCH, symbols);
    }
    index.put(first, 0);
    keys.add(first);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    int[] seeds = new int[count + restart.length];
    int[] active = new int[count];
    while (!work.isEmpty()) {
      int id = work.poll();
      Key key = keys.get(id);
      int[] row = new int[symbols];
      for (int x = 0; x < symbols; x++) {
        // the nodes that are live before reading x: assertions decided from the flags and x
        int n = 0;
        boolean matched = false;
        stamp++;
        sp = 0;
        for (int s : key.nodes) {
          push(s);
        }
        while (sp > 0) {
          int s = stack[--sp];
          if (mark[s] == stamp) {
            continue;
          }
          mark[s] = stamp;
          int k = kind[s];
          if (k == N_MATCH) {
            matched = true;
          } else if (k == N_CHAR) {
            active[n++] = s;
          } else if (k == N_ASSERT) {
            if (passes(arg[s], key.flags, x)) {
              push(next[s]);
            }
          } else {
            for (int o : outs[s]) {
              push(o);
            }
          }
        }
        if (matched) {
          row[x] = Dfa.MATCH;
          continue;
        }
        if (x == endSymbol) {
          row[x] = Dfa.DEAD;
          continue;
        }
        int cls = x == lastNlSymbol ? newlineClass : x;
        int m = 0;
        for (int i = 0; i < n; i++) {
          int s = active[i];
          if (setHasClass[arg[s]][cls]) {
            seeds[m++] = next[s];
          }
        }
        for (int s : restart) {
          seeds[m++] = s;
        }
        int[] to = plainClosure(seeds, m);
        if (hasMatch(to)) {
          row[x] = Dfa.MATCH;
          continue;
        }
        boolean nl = x == lastNlSymbol || classNewline[x];
        int flags = ((nl ? F_NL : 0) | (x != lastNlSymbol && classWord[x] ? F_WORD : 0)) & usedFlags;
        Key k = new Key(to, flags);
        Integer target = index.get(k);
        if (target == null) {
          target = keys.size();
          if (target >= MAX_STATES || (long) (target + 1) * symbols > MAX_TABLE) {
            throw REFUSED;
          }
          index.put(k, target);
          keys.add(k);
          work.add(target);
        }
        row[x] = target;
      }
      while (rows.size() <= id) {
        rows.add(null);
      }
      rows.set(id, row);
    }
    return table(rows, symbols);
  }

  private int sp;

  private void push(int s) {
    int p = sp;
    if (p == stack.length) {
      stack = Arrays.copyOf(stack, p * 2);
    }
    stack[p] = s;
    sp = p + 1;
  }

  private boolean hasMatch(int[] nodes) {
    for (int s : nodes) {
      if (kind[s] == N_MATCH) {
        return true;
      }
    }
    return false;
  }

  /** Drops the states from which no match can be reached, numbers the rest, and builds the character map. */
  private Dfa table(List<int[]> rows, int symbols) {
    int n = rows.size();
    boolean[] live = new boolean[n];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int s = 0; s < n; s++) {
        if (live[s]) {
          continue;
        }
        for (int t : rows.get(s)) {
          if (t == Dfa.MATCH || (t >= 0 && live[t])) {
            live[s] = true;
            changed = true;
            break;
          }
        }
      }
    }
    if (!live[0]) {
      return constant(Dfa.DEAD, symbols);
    }
    int[] number = new int[n];
    int liveCount = 0;
    for (int s = 0; s < n; s++) {
      number[s] = live[s] ? liveCount++ : -1;
    }
    int[] table = new int[liveCount * symbols];
    for (int s = 0; s < n; s++) {
      if (!live[s]) {
        continue;
      }
      int[] row = rows.get(s);
      int base = number[s] * symbols;
      for (int x = 0; x < symbols; x++) {
        int t = row[x];
        table[base + x] = t == Dfa.MATCH ? Dfa.MATCH : t < 0 || !live[t] ? Dfa.DEAD : number[t] * symbols;
      }
    }
    return map(table, 0, liveCount, symbols);
  }

  private Dfa constant(int answer, int symbols) {
    return map(new int[symbols], answer, 0, symbols);
  }

  private Dfa map(int[] table, int start, int states, int symbols) {
    byte[] low = new byte[Dfa.LOW];
    for (int c = 0; c < Dfa.LOW; c++) {
      low[c] = (byte) classOf(c);
    }
    List<int[]> high = new ArrayList<>();
    for (int i = 0; i < runStart.length; i++) {
      int endOfRun = i + 1 < runStart.length ? runStart[i + 1] : 0x10000;
      if (endOfRun <= Dfa.LOW || (!high.isEmpty() && high.get(high.size() - 1)[1] == runClass[i])) {
        continue;
      }
      high.add(new int[] {Math.max(runStart[i], Dfa.LOW), runClass[i]});
    }
    char[] starts = new char[high.size()];
    byte[] cls = new byte[high.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = (char) high.get(i)[0];
      cls[i] = (byte) high.get(i)[1];
    }
    int uniform = starts.length == 1 ? cls[0] : -1;
    return new Dfa(table, start, classes, classes + 1, low, uniform, uniform >= 0 ? null : starts,
        uniform >= 0 ? null : cls, states);
  }
}
