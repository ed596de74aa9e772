package dev.featbit.sdk.internal.eval;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pattern with .NET's regex grammar ({@code RegexParser}, {@code RegexOptions.None}) and writes the
 * {@code java.util.regex} pattern with the same meaning, or refuses it with the error .NET would raise. It
 * also proves, when it can, that the pattern runs in time linear in the input per start position (see
 * {@link Result#linear}), and finds a literal that every match contains.
 *
 * <p>Semantics carried over:
 * <ul>
 *   <li>every character class is written out in .NET's terms: {@code \w} is {@code [\p{L}\p{Mn}\p{Nd}\p{Pc}]},
 *       {@code \b} uses the same set plus U+200C/U+200D, {@code \s} is .NET's white space, {@code \d} is
 *       {@code \p{Nd}}, {@code \v} is U+000B, {@code [\b]} is a backspace, block names {@code \p{IsGreek}}
 *       are .NET's block ranges, class subtraction {@code [a-z-[aeiou]]} becomes an intersection;</li>
 *   <li>options {@code i m n s x} (either letter case) are applied while reading: {@code m} and {@code s}
 *       change how {@code ^ $ .} are written, {@code n} makes unnamed groups non-capturing, {@code x} skips
 *       white space and comments, and under {@code i} every literal and every class is written out with
 *       .NET's case equivalents ({@link DotNetCase}), so that Java matches plain sets; Java's case-insensitive
 *       flag is used only around a back-reference under {@code i} (as {@code (?iu:...)});</li>
 *   <li>groups are numbered as .NET numbers them (unnamed groups first, then named ones) and written as Java
 *       named groups, so back-references mean the same group;</li>
 *   <li>UTF-16 code units: a surrogate in the pattern is written as a private-use code point in
 *       U+F0000..U+F07FF (see {@link #mapSurrogates}); an input holding surrogates is matched in the same
 *       mapping, so that each surrogate is one character to Java, as it is to .NET.</li>
 * </ul>
 */
final class DotNetRegex {
  /** Where surrogate code units are moved: U+D800+k becomes U+F0000+k (a private-use plane). */
  static final int SURROGATE_BASE = 0xF0000;

  /** A translation: the Java pattern and what was proven about it, or the error .NET raises. */
  static final class Result {
    String java;
    /**
     * With {@code \b} or {@code \B}: the pattern with Java's Unicode word boundary instead, the same test as
     * .NET's for every input without surrogates and without {@link DotNetRegex#boundaryDiffers} characters;
     * else null.
     */
    String javaAsciiBoundary;
    String error;
    /** True when .NET accepts the pattern but this translation cannot express it. */
    boolean unsupported;
    /**
     * The translation compiles but would not mean what .NET means: a look-behind whose length has no
     * maximum, or one holding a capturing group (.NET matches look-behinds right to left, which decides what
     * their groups capture; Java matches them left to right, and accepts only some unbounded ones), or a
     * back-reference (what a group holds when it is referred to follows .NET's rules for undoing captures on
     * backtracking, and comparing it ignoring case follows .NET's case table). Such a pattern runs on
     * {@link DotNetMatcher}.
     */
    boolean needsOwnMatcher;
    /**
     * The rule proven: no back-reference, no look-around written in the pattern, every quantifier applies to
     * one character (a class), every quantifier with a variable count is deterministic (its class shares no
     * character with anything that can come next), and at most {@link #MAX_ALTERNATIVES} combinations of
     * alternatives. See {@link #readsPerStart}.
     */
    boolean linear;
    /** The pattern can only match at the start of the input ({@code \A}, {@code ^} without {@code m}). */
    boolean anchored;
    /** Product of the alternation branch counts. */
    long alternatives = 1;
    /** Zero-width assertions that read characters ({@code \b}, multi-line anchors): at most two reads each. */
    int assertions;
    /** Number of nodes of the pattern. */
    int size;
    /** A string every match contains (characters that match only themselves), or null. */
    String literal;
    /** The pattern's tree, when it was read without error. */
    Node root;

    /**
     * An upper bound on the character reads of one match attempt at one start position, for an input of
     * {@code n} characters, valid when {@link #linear}: along any combination of alternatives, each
     * deterministic quantifier reads its run once, and each shorter length it backs off to fails at the first
     * character of what follows (that character is in the quantifier's class, so not in what may follow),
     * after at most the assertions in between; the runs of one path cover disjoint parts of the input.
     */
    long readsPerStart(long n) {
      return alternatives * ((n + 2) * (2 + 2L * assertions) + size + 1);
    }
  }

  static final long MAX_ALTERNATIVES = 64;

  // options
  private static final int I = 1;
  private static final int M = 2;
  private static final int N = 4;
  private static final int S = 8;
  private static final int X = 16;

  // node kinds
  static final int SET = 1;      // one code unit from a set
  static final int SEQ = 2;
  static final int ALT = 3;
  static final int GROUP = 4;    // capturing, non-capturing, atomic: the child decides
  static final int REPEAT = 5;
  static final int ASSERT = 6;   // zero-width, reads at most two characters
  static final int LOOK = 7;     // look-around written in the pattern
  static final int BACKREF = 8;
  static final int START = 9;    // \A, ^ without m
  static final int EMPTY = 10;
  static final int COND = 11;    // conditional (?(...)yes|no), read for DotNetMatcher only
  static final int ANCHOR_START = 1;       // \A, ^ without m
  static final int ANCHOR_LINE_START = 2;  // ^ with m
  static final int ANCHOR_END_OR_NL = 3;   // $ without m, \Z
  static final int ANCHOR_LINE_END = 4;    // $ with m
  static final int ANCHOR_END = 5;         // \z
  static final int ANCHOR_G = 6;           // \G
  static final int ANCHOR_BOUNDARY = 7;    // \b
  static final int ANCHOR_NOT_BOUNDARY = 8; // \B

  /** A node of the pattern's tree (read by {@link DfaBuilder}). */
  static final class Node {
    final int kind;
    String java;
    List<Node> kids;
    Node child;
    int min;
    int max; // -1: unbounded
    BitSet set; // SET: exactly the code units (0..0xFFFF) it matches, case equivalents included under i
    char literal; // SET: the one character, when it matches only itself
    boolean isLiteral;
    // the following are filled when reading for DotNetMatcher (see parseTree)
    /** SET: exactly the code units it matches (case variants of ranges and literals under option i). */
    BitSet exact;
    /** REPEAT: lazy. */
    boolean lazy;
    /** GROUP: the capture number or -1; BACKREF: the group; COND: the group tested, or -1 for a condition. */
    int number = -1;
    /** GROUP: the group a balancing group pops, or -1. */
    int uncapture = -1;
    /** GROUP: atomic {@code (?>...)}. */
    boolean atomic;
    /** LOOK: a look-behind; negative. */
    boolean behind;
    boolean negative;
    /** ASSERT and START: which test, one of the ANCHOR_ constants. */
    int anchor;
    /** BACKREF: compared ignoring case. */
    boolean ignoreCase;
    /** COND: the condition (a group read as a look-ahead), or null when a group is tested. */
    Node cond;

    Node(int kind) {
      this.kind = kind;
    }
  }

  private final String p;
  private int pos;
  private int options;
  private final boolean resolve;
  /** Reading for DotNetMatcher: conditionals, balancing groups and duplicate groups are read, exact sets kept. */
  private final boolean tree;
  // group numbering (from the first pass)
  private int unnamed;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> nameToNumber;
  private final java.util.Set<Integer> numbers;
  private final java.util.Set<Integer> seen = new java.util.HashSet<>();
  private final Result r = new Result();

  private DotNetRegex(String p, boolean resolve, Map<String, Integer> nameToNumber, java.util.Set<Integer> numbers,
      boolean tree) {
    this.p = p;
    this.resolve = resolve;
    this.tree = tree;
    this.nameToNumber = nameToNumber;
    this.numbers = numbers;
  }

  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean unsupported;

    Refused(String message, boolean unsupported) {
      super(message, null, false, false);
      this.unsupported = unsupported;
    }
  }

  /** Translates {@code pattern}; {@link Result#error} is set when it cannot be used. */
  static Result translate(String pattern) {
    // first pass: the groups (.NET resolves references against every group of the pattern)
    DotNetRegex scan = new DotNetRegex(pattern, false, null, null, false);
    try {
      scan.parseAll();
    } catch (Refused e) {
      Result bad = new Result();
      bad.error = e.getMessage();
      bad.unsupported = e.unsupported;
      return bad;
    } catch (StackOverflowError e) {
      Result bad = new Result();
      bad.error = "pattern too deeply nested";
      bad.unsupported = true;
      return bad;
    }
    Map<String, Integer> byName = new HashMap<>();
    java.util.Set<Integer> nums = new java.util.HashSet<>();
    scan.numberGroups(byName, nums);
    DotNetRegex t = new DotNetRegex(pattern, true, byName, nums, false);
    try {
      Node root = t.parseAll();
      t.r.java = root.java.replace(BOUNDARY_MARK, BOUNDARY).replace(NOT_BOUNDARY_MARK, NOT_BOUNDARY);
      if (!root.java.equals(t.r.java)) {
        t.r.javaAsciiBoundary = root.java.replace(BOUNDARY_MARK, "(?U:\\b)").replace(NOT_BOUNDARY_MARK, "(?U:\\B)");
      }
      t.analyse(root);
      t.r.needsOwnMatcher = behindNeedsOwnMatcher(root) || has(root, BACKREF) || emptyBelowMinimum(root)
          || behindCommits(root);
      t.r.root = root;
    } catch (Refused e) {
      t.r.error = e.getMessage();
      t.r.unsupported = e.unsupported;
      t.r.java = null;
    } catch (StackOverflowError e) {
      t.r.error = "pattern too deeply nested";
      t.r.unsupported = true;
      t.r.java = null;
    }
    return t.r;
  }

  /** Whether a look-behind in {@code n} has no maximum length or holds a capturing group. */
  private static boolean behindNeedsOwnMatcher(Node n) {
    return any(n, x -> x.kind == LOOK && x.behind && (maxLength(x.child) < 0 || captures(x.child)));
  }

  /**
   * Whether a repeat with a minimum of two or more applies to something that can match nothing ({@code
   * (?:\A|1){2,}}, {@code (a?|\b){2}?}). .NET ends a loop at an empty iteration only once the minimum is
   * reached (below it the loop continues, so an empty iteration can come before a non-empty one);
   * {@code java.util.regex} ends it at the first empty iteration whatever the count, which loses such matches.
   */
  private static boolean emptyBelowMinimum(Node n) {
    return any(n, x -> x.kind == REPEAT && x.min >= 2 && x.child.kind != SET && minLength(x.child) == 0);
  }

  /**
   * Whether a look-behind holds an atomic group or a look-around. Such a body keeps the first way it matches;
   * .NET finds it reading right to left from the position, {@code java.util.regex} left to right from each
   * start, and the two can keep different ways ({@code (?<=(?>a|ab)c)} after {@code abc}: .NET matches).
   * Without them a look-behind only asks whether some way exists, which both answer alike.
   */
  private static boolean behindCommits(Node n) {
    return any(n, x -> x.kind == LOOK && x.behind && commits(x.child));
  }

  private static boolean commits(Node n) {
    return any(n, x -> x.kind == LOOK || (x.kind == GROUP && x.java != null && x.java.startsWith("(?>")));
  }

  /** The fewest characters {@code n} can read (0 for a back-reference, which can be empty). */
  private static long minLength(Node n) {
    switch (n.kind) {
      case SET:
        return 1;
      case SEQ: {
        long sum = 0;
        for (Node k : n.kids) {
          sum = Math.min(sum + minLength(k), Integer.MAX_VALUE);
        }
        return sum;
      }
      case ALT: {
        long min = Long.MAX_VALUE;
        for (Node k : n.kids) {
          min = Math.min(min, minLength(k));
        }
        return n.kids.isEmpty() ? 0 : min;
      }
      case GROUP:
        return minLength(n.child);
      case REPEAT:
        return Math.min(minLength(n.child) * n.min, Integer.MAX_VALUE);
      default: // zero-width, empty, back-reference
        return 0;
    }
  }

  /** Whether the tree holds a node of this kind. */
  private static boolean has(Node n, int kind) {
    return any(n, x -> x.kind == kind);
  }

  /** Whether {@code n} or a node below it satisfies {@code test} (read when the pattern is compiled). */
  private static boolean any(Node n, java.util.function.Predicate<Node> test) {
    if (test.test(n)) {
      return true;
    }
    if (n.kids != null) {
      for (Node k : n.kids) {
        if (any(k, test)) {
          return true;
        }
      }
    }
    return n.child != null && any(n.child, test);
  }

  private static boolean captures(Node n) {
    return any(n, x -> x.kind == GROUP && x.number >= 0);
  }

  /** The most characters {@code n} can read, or -1 when there is no maximum. */
  private static long maxLength(Node n) {
    switch (n.kind) {
      case SET:
        return 1;
      case SEQ: {
        long sum = 0;
        for (Node k : n.kids) {
          long m = maxLength(k);
          if (m < 0) {
            return -1;
          }
          sum = Math.min(sum + m, Integer.MAX_VALUE);
        }
        return sum;
      }
      case ALT: {
        long max = 0;
        for (Node k : n.kids) {
          long m = maxLength(k);
          if (m < 0) {
            return -1;
          }
          max = Math.max(max, m);
        }
        return max;
      }
      case GROUP:
        return maxLength(n.child);
      case REPEAT: {
        long m = maxLength(n.child);
        if (m < 0 || (n.max < 0 && m > 0)) {
          return -1;
        }
        return Math.min(m * Math.max(n.max, 0), Integer.MAX_VALUE);
      }
      case BACKREF:
        return -1;
      default: // zero-width
        return 0;
    }
  }

  /** .NET's numbering: unnamed groups 1..k, explicit numbers, then names in order of appearance. */
  private void numberGroups(Map<String, Integer> byName, java.util.Set<Integer> nums) {
    for (int i = 1; i <= unnamed; i++) {
      nums.add(i);
    }
    int next = unnamed + 1;
    for (String name : names) {
      if (isNumber(name)) {
        nums.add(Integer.parseInt(name));
      }
    }
    for (String name : names) {
      if (!isNumber(name) && !byName.containsKey(name)) {
        while (nums.contains(next)) {
          next++;
        }
        byName.put(name, next);
        nums.add(next);
      }
    }
  }

  /** A pattern read with .NET's grammar into a tree for {@link DotNetMatcher}, or the error .NET raises. */
  static final class Tree {
    Node root;
    String error;
    /** The group numbers the pattern defines. */
    java.util.Set<Integer> numbers;
  }

  /**
   * Reads {@code pattern} with the same grammar and refusals as {@link #translate}, also reading what the
   * translation cannot express (conditionals, balancing groups, a group defined twice) into the tree.
   */
  static Tree parseTree(String pattern) {
    Tree out = new Tree();
    DotNetRegex scan = new DotNetRegex(pattern, false, null, null, true);
    try {
      scan.parseAll();
      Map<String, Integer> byName = new HashMap<>();
      java.util.Set<Integer> nums = new java.util.HashSet<>();
      scan.numberGroups(byName, nums);
      DotNetRegex t = new DotNetRegex(pattern, true, byName, nums, true);
      out.root = t.parseAll();
      out.numbers = nums;
    } catch (Refused e) {
      out.error = e.getMessage();
    } catch (StackOverflowError e) {
      out.error = "pattern too deeply nested";
    }
    return out;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private Refused error(String what) {
    return new Refused(what + " at offset " + pos, false);
  }

  private Refused unsupported(String what) {
    return new Refused(what + " (accepted by the server, not supported by this SDK)", true);
  }

  // ---------------------------------------------------------------- parsing

  private Node parseAll() throws Refused {
    Node n = alternation();
    if (pos < p.length()) {
      throw error("too many )'s"); // only a ')' stops the top level
    }
    return n;
  }

  /** Alternatives up to a ')' or the end. */
  private Node alternation() throws Refused {
    int saved = options;
    List<Node> branches = new ArrayList<>();
    branches.add(sequence());
    while (pos < p.length() && p.charAt(pos) == '|') {
      pos++;
      branches.add(sequence());
    }
    options = saved;
    if (branches.size() == 1) {
      return branches.get(0);
    }
    Node alt = new Node(ALT);
    alt.kids = branches;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < branches.size(); i++) {
      b.append(i == 0 ? "" : "|").append(branches.get(i).java);
    }
    alt.java = b.toString();
    return alt;
  }

  private Node sequence() throws Refused {
    Node seq = new Node(SEQ);
    seq.kids = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    while (true) {
      skipBlank();
      if (pos >= p.length()) {
        break;
      }
      char c = p.charAt(pos);
      if (c == '|' || c == ')') {
        break;
      }
      Node atom = atom();
      if (atom == null) { // an inline option group: changes the options for what follows
        continue;
      }
      skipBlank();
      Node q = quantifier(atom);
      seq.kids.add(q);
      b.append(q.java);
    }
    seq.java = b.toString();
    return seq;
  }

  /** Skips (?#...) comments, and white space and # comments under x. */
  private void skipBlank() throws Refused {
    while (pos < p.length()) {
      char c = p.charAt(pos);
      if ((options & X) != 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r')) {
        pos++;
      } else if ((options & X) != 0 && c == '#') {
        while (pos < p.length() && p.charAt(pos) != '\n') {
          pos++;
        }
      } else if (p.startsWith("(?#", pos)) {
        int end = p.indexOf(')', pos);
        if (end < 0) {
          pos = p.length();
          throw error("unterminated (?#...) comment");
        }
        pos = end + 1;
      } else {
        return;
      }
    }
  }

  private boolean quantifierAt(int i) {
    if (i >= p.length()) {
      return false;
    }
    char c = p.charAt(i);
    return c == '*' || c == '+' || c == '?' || (c == '{' && braceQuantifierEnd(i) > 0);
  }

  /** The index after {n}, {n,} or {n,m} at i, or -1. */
  private int braceQuantifierEnd(int i) {
    int j = i + 1;
    int d = 0;
    while (j < p.length() && isDigit(p.charAt(j))) {
      j++;
      d++;
    }
    if (d == 0 || j >= p.length()) {
      return -1;
    }
    if (p.charAt(j) == '}') {
      return j + 1;
    }
    if (p.charAt(j) != ',') {
      return -1;
    }
    j++;
    while (j < p.length() && isDigit(p.charAt(j))) {
      j++;
    }
    return j < p.length() && p.charAt(j) == '}' ? j + 1 : -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Node quantifier(Node atom) throws Refused {
    if (!quantifierAt(pos)) {
      return atom;
    }
    char c = p.charAt(pos);
    int min;
    int max;
    if (c == '*') {
      min = 0;
      max = -1;
      pos++;
    } else if (c == '+') {
      min = 1;
      max = -1;
      pos++;
    } else if (c == '?') {
      min = 0;
      max = 1;
      pos++;
    } else {
      int end = braceQuantifierEnd(pos);
      String body = p.substring(pos + 1, end - 1);
      int comma = body.indexOf(',');
      try {
        min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        max = comma < 0 ? min : comma == body.length() - 1 ? -1 : Integer.parseInt(body.substring(comma + 1));
      } catch (NumberFormatException e) {
        throw error("quantifier too large");
      }
      if (max >= 0 && max < min) {
        throw error("illegal {x,y} with x > y");
      }
      pos = end;
    }
    boolean lazy = pos < p.length() && p.charAt(pos) == '?';
    if (lazy) {
      pos++;
    }
    skipBlank();
    if (quantifierAt(pos)) {
      throw error("nested quantifier '" + p.charAt(pos) + "'");
    }
    Node rep = new Node(REPEAT);
    rep.child = atom;
    rep.min = min;
    rep.max = max;
    rep.lazy = lazy;
    String q = c == '{' ? "{" + min + (max == min ? "" : "," + (max < 0 ? "" : String.valueOf(max))) + "}"
        : String.valueOf(c);
    boolean zeroWidth = atom.kind == ASSERT || atom.kind == START || atom.kind == LOOK || atom.kind == EMPTY;
    rep.java = (zeroWidth ? "(?:" + atom.java + ")" : atom.java) + q + (lazy ? "?" : "");
    return rep;
  }

  /** One unit; null for an inline option group {@code (?imnsx-imnsx)}. */
  private Node atom() throws Refused {
    char c = p.charAt(pos);
    switch (c) {
      case '(':
        return group();
      case '[':
        return charClass();
      case '\\':
        return escape();
      case '.': {
        pos++;
        Node n = set(setOf((options & S) != 0 ? null : "\n", true), (options & S) != 0 ? "(?s:.)" : ".");
        return n;
      }
      case '^':
        pos++;
        if ((options & M) != 0) {
          return assertion("(?<![^\\n])", ANCHOR_LINE_START);
        }
        Node start = new Node(START);
        start.java = "^";
        start.anchor = ANCHOR_START;
        return start;
      case '$':
        pos++;
        return assertion((options & M) != 0 ? "(?![^\\n])" : "$", (options & M) != 0 ? ANCHOR_LINE_END : ANCHOR_END_OR_NL);
      case '*':
      case '+':
      case '?':
        throw error("quantifier '" + c + "' following nothing");
      case '{':
        if (braceQuantifierEnd(pos) > 0) {
          throw error("quantifier '{' following nothing");
        }
        pos++;
        return literal('{');
      default:
        pos++;
        return literal(c);
    }
  }

  private Node assertion(String java, int anchor) {
    r.assertions++;
    Node n = new Node(ASSERT);
    n.java = java;
    n.anchor = anchor;
    return n;
  }

  private Node group() throws Refused {
    int open = pos;
    pos++; // (
    String prefix;
    int kind = GROUP;
    boolean capture = false;
    String name = null;
    int uncapture = -1;
    int number = -1;
    int saved = options;
    if (pos < p.length() && p.charAt(pos) == '?') {
      pos++;
      if (pos >= p.length()) {
        throw error("unrecognized grouping construct");
      }
      char k = p.charAt(pos);
      if (k == ':') {
        pos++;
        prefix = "(?:";
      } else if (k == '=' || k == '!') {
        pos++;
        prefix = "(?" + k;
        kind = LOOK;
      } else if (k == '>') {
        pos++;
        prefix = "(?>";
      } else if (k == '(') {
        if (!tree) {
          throw unsupported("conditional (?(...)...)");
        }
        return conditional(open);
      } else if ((k == '<' || k == '\'') && pos + 1 < p.length()
          && !(k == '<' && (p.charAt(pos + 1) == '=' || p.charAt(pos + 1) == '!'))) {
        char close = k == '<' ? '>' : '\'';
        pos++;
        int start = pos;
        if (pos < p.length() && isDigit(p.charAt(pos))) {
          while (pos < p.length() && isDigit(p.charAt(pos))) {
            pos++;
          }
        } else {
          while (pos < p.length() && isWordChar(p.charAt(pos))) {
            pos++;
          }
        }
        name = p.substring(start, pos);
        if (pos < p.length() && p.charAt(pos) == '-') {
          if (!tree) {
            throw unsupported("balancing group");
          }
          pos++;
          uncapture = balanced(close);
        }
        if ((name.isEmpty() && uncapture < 0) || pos >= p.length() || p.charAt(pos) != close) {
          throw error("invalid group name");
        }
        if (isNumber(name) && Long.parseLong(name.length() > 10 ? "99999999999" : name) > Integer.MAX_VALUE) {
          throw error("capture group number too large");
        }
        if (name.equals("0") || (isNumber(name) && Integer.parseInt(name) == 0)) {
          throw error("capture number cannot be zero");
        }
        pos++;
        capture = !name.isEmpty();
        prefix = capture ? null : "(?:";
      } else if (k == '<') { // (?<= (?<!
        if (pos + 1 >= p.length()) {
          throw error("unrecognized grouping construct");
        }
        pos += 2;
        prefix = "(?<" + p.charAt(pos - 1);
        kind = LOOK;
      } else {
        // options: letters i m n s x in either case, '-' turns off; then ')' or ':'
        boolean off = false;
        int set = options;
        while (pos < p.length()) {
          char o = Character.toLowerCase(p.charAt(pos));
          int bit = o == 'i' ? I : o == 'm' ? M : o == 'n' ? N : o == 's' ? S : o == 'x' ? X : 0;
          if (o == '-' && p.charAt(pos) == '-') {
            off = true;
          } else if (p.charAt(pos) == '+') {
            off = false; // .NET: '+' turns the following letters on again
          } else if (bit != 0 && p.charAt(pos) < 128) {
            set = off ? set & ~bit : set | bit;
          } else {
            break;
          }
          pos++;
        }
        if (pos >= p.length() || (p.charAt(pos) != ')' && p.charAt(pos) != ':')) {
          throw error("unrecognized grouping construct");
        }
        if (p.charAt(pos) == ')') {
          pos++;
          options = set; // for the rest of the enclosing group
          return null;
        }
        pos++;
        options = set;
        prefix = "(?:";
      }
    } else {
      capture = (options & N) == 0;
      prefix = capture ? null : "(?:";
    }
    if (capture) {
      if (name == null) {
        number = ++unnamed;
      } else if (isNumber(name)) {
        number = Integer.parseInt(name);
        names.add(String.valueOf(number));
      } else {
        names.add(name);
        number = resolve ? nameToNumber.get(name) : 0;
      }
      if (resolve && !seen.add(number) && !tree) {
        throw unsupported("group number " + number + " defined twice");
      }
      prefix = "(?<g" + number + ">";
    }
    Node inner = alternation();
    options = saved;
    if (pos >= p.length() || p.charAt(pos) != ')') {
      pos = open;
      throw error("not enough )'s");
    }
    pos++;
    Node g = new Node(kind);
    g.child = inner;
    g.java = prefix + inner.java + ")";
    g.number = capture ? number : -1;
    g.uncapture = uncapture;
    g.atomic = "(?>".equals(prefix);
    g.behind = kind == LOOK && prefix.startsWith("(?<");
    g.negative = kind == LOOK && prefix.endsWith("!");
    return g;
  }

  /** The group a balancing group {@code (?<a-b>...)} pops, read after the '-' (-1 in the first pass). */
  private int balanced(char close) throws Refused {
    int start = pos;
    if (pos < p.length() && isDigit(p.charAt(pos))) {
      while (pos < p.length() && isDigit(p.charAt(pos))) {
        pos++;
      }
    } else {
      while (pos < p.length() && isWordChar(p.charAt(pos))) {
        pos++;
      }
    }
    String name = p.substring(start, pos);
    if (name.isEmpty() || pos >= p.length() || p.charAt(pos) != close) {
      throw error("invalid group name");
    }
    if (!resolve) {
      return 0;
    }
    if (isNumber(name)) {
      int n = parseNumber(name);
      if (n != 0 && !numbers.contains(n)) {
        throw error("reference to undefined group number " + n);
      }
      return n;
    }
    Integer n = nameToNumber.get(name);
    if (n == null) {
      throw error("reference to undefined group name " + name);
    }
    return n;
  }

  /**
   * A conditional, with pos at the '(' of its condition: {@code (?(1)yes|no)} and {@code (?(name)yes|no)}
   * test a group; any other condition is an expression read as a group whose parentheses do not capture,
   * tested as a look-ahead ({@code (?(?=x)...)}, {@code (?(x)...)}).
   */
  private Node conditional(int open) throws Refused {
    int paren = pos;
    pos++;
    Node c = new Node(COND);
    c.java = "";
    c.number = -1;
    if (pos < p.length() && isDigit(p.charAt(pos))) {
      int start = pos;
      while (pos < p.length() && isDigit(p.charAt(pos))) {
        pos++;
      }
      int n = parseNumber(p.substring(start, pos));
      if (pos >= p.length() || p.charAt(pos) != ')') {
        throw error("conditional alternation is missing a closing parenthesis after the group number " + n);
      }
      pos++;
      if (resolve && n != 0 && !numbers.contains(n)) {
        throw error("conditional alternation refers to an undefined group number " + n);
      }
      c.number = n;
    } else {
      boolean group = false;
      if (pos < p.length() && isWordChar(p.charAt(pos))) {
        int start = pos;
        while (pos < p.length() && isWordChar(p.charAt(pos))) {
          pos++;
        }
        String name = p.substring(start, pos);
        // the first pass does not know the names yet; a name and an expression read the same characters
        if (pos < p.length() && p.charAt(pos) == ')' && (!resolve || nameToNumber.containsKey(name))) {
          pos++;
          group = true;
          c.number = resolve ? nameToNumber.get(name) : 0;
        }
      }
      if (!group) {
        pos = paren;
        c.cond = condition();
      }
    }
    Node body = alternation();
    if (pos >= p.length() || p.charAt(pos) != ')') {
      pos = open;
      throw error("not enough )'s");
    }
    if (body.kind == ALT && body.kids.size() > 2) {
      throw error("too many | in (?()|)");
    }
    pos++;
    c.kids = body.kind == ALT ? body.kids : java.util.Collections.singletonList(body);
    return c;
  }

  /** The expression of a conditional, pos at its '(': a group whose own parentheses never capture. */
  private Node condition() throws Refused {
    if (pos + 1 < p.length() && p.charAt(pos + 1) == '?') {
      char k = pos + 2 < p.length() ? p.charAt(pos + 2) : 0;
      if (k == '#') {
        throw error("alternation conditions cannot be comments");
      }
      if (k == '\'' || (k == '<' && pos + 3 < p.length() && p.charAt(pos + 3) != '!' && p.charAt(pos + 3) != '=')) {
        throw error("alternation conditions do not capture and cannot be named");
      }
      if (k != ':' && k != '=' && k != '!' && k != '>' && k != '<' && k != '(') {
        pos += 2;
        throw error("unrecognized grouping construct"); // no options in a condition
      }
      return group();
    }
    int open = pos;
    pos++;
    Node inner = alternation();
    if (pos >= p.length() || p.charAt(pos) != ')') {
      pos = open;
      throw error("not enough )'s");
    }
    pos++;
    Node g = new Node(GROUP);
    g.child = inner;
    g.java = "";
    return g;
  }

  private Node literal(char c) {
    BitSet s = new BitSet();
    s.set(c);
    if ((options & I) != 0 && DotNetCase.cased(c)) { // .NET: the set of its case equivalents
      BitSet all = caseClosure(s);
      StringBuilder b = new StringBuilder("[");
      appendSet(b, all);
      return set(all, b.append(']').toString());
    }
    Node n = set(s, javaChar(c));
    n.isLiteral = true;
    n.literal = c;
    return n;
  }

  /** A node matching one code unit of {@code s}, exactly the set the Java spelling matches. */
  private Node set(BitSet s, String java) {
    Node n = new Node(SET);
    n.set = s;
    n.java = java;
    n.exact = tree ? s : null; // '.', \w, \d, \s, \p{..} ignore option i in .NET
    return n;
  }

  /** A Java spelling of one code unit outside a class. */
  private static String javaChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@'
        || c == '-' || c == ' ' || c == ',' || c == ':' || c == '/' || c == '=' || c == '%' || c == '\'' || c == '"') {
      return String.valueOf(c);
    }
    return hex(c);
  }

  private static String hex(int c) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      c = SURROGATE_BASE + (c - 0xD800);
    }
    return "\\x{" + Integer.toHexString(c) + "}";
  }

  // ---------------------------------------------------------------- escapes

  private Node escape() throws Refused {
    if (pos + 1 >= p.length()) {
      pos = p.length();
      throw error("illegal \\ at end of pattern");
    }
    char e = p.charAt(pos + 1);
    switch (e) {
      case 'b':
        pos += 2;
        return assertion(BOUNDARY_MARK, ANCHOR_BOUNDARY);
      case 'B':
        pos += 2;
        return assertion(NOT_BOUNDARY_MARK, ANCHOR_NOT_BOUNDARY);
      case 'A': {
        pos += 2;
        Node n = new Node(START);
        n.java = "\\A";
        n.anchor = ANCHOR_START;
        return n;
      }
      case 'G':
        pos += 2;
        return assertion("\\G", ANCHOR_G);
      case 'Z':
        pos += 2;
        return assertion("(?=\\n?\\z)", ANCHOR_END_OR_NL);
      case 'z':
        pos += 2;
        return assertion("\\z", ANCHOR_END);
      case 'w': case 'W': case 's': case 'S': case 'd': case 'D': case 'p': case 'P': {
        pos++;
        ClassPart part = classEscape();
        if (part.ranges && (options & I) != 0) { // a block under i: .NET closes its ranges
          BitSet all = caseClosure(part.set);
          StringBuilder b = new StringBuilder("[");
          appendSet(b, all);
          return set(all, b.append(']').toString());
        }
        return set(part.set, "[" + part.java + "]");
      }
      case 'k':
      case '<':
      case '\'': {
        Node ref = namedReference();
        if (ref != null) {
          return ref;
        }
        break;
      }
      default:
        if (e >= '1' && e <= '9') {
          int start = pos + 1;
          int j = start;
          while (j < p.length() && isDigit(p.charAt(j))) {
            j++;
          }
          int number = parseNumber(p.substring(start, j));
          if (!resolve || numbers.contains(number)) {
            pos = j;
            return backReference(number);
          }
          if (number <= 9) {
            throw error("reference to undefined group number " + number);
          }
          // more than one digit and no such group: an octal escape
        }
        break;
    }
    pos++;
    char c = charEscape();
    return literal(c);
  }

  private static int parseNumber(String digits) {
    if (digits.length() > 10) {
      return Integer.MAX_VALUE;
    }
    long v = Long.parseLong(digits);
    return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
  }

  /** {@code \k<name>}, {@code \k'name'}, {@code \<name>}, {@code \'name'} at pos; null: not a reference. */
  private Node namedReference() throws Refused {
    int start = pos;
    int j = pos + 1;
    boolean k = p.charAt(j) == 'k';
    if (k) {
      j++;
      if (j >= p.length() || (p.charAt(j) != '<' && p.charAt(j) != '\'')) {
        throw error("malformed \\k<...> named back reference");
      }
    }
    char close = p.charAt(j) == '<' ? '>' : '\'';
    j++;
    int nameStart = j;
    if (j < p.length() && isDigit(p.charAt(j))) {
      while (j < p.length() && isDigit(p.charAt(j))) {
        j++;
      }
    } else {
      while (j < p.length() && isWordChar(p.charAt(j))) {
        j++;
      }
    }
    String name = p.substring(nameStart, j);
    if (!name.isEmpty() && j < p.length() && p.charAt(j) == close) {
      pos = j + 1;
      if (isNumber(name)) {
        int number = parseNumber(name);
        if (resolve && !numbers.contains(number)) {
          throw error("reference to undefined group number " + number);
        }
        return backReference(number);
      }
      if (resolve && !nameToNumber.containsKey(name)) {
        throw error("reference to undefined group name " + name);
      }
      return backReference(resolve ? nameToNumber.get(name) : 0);
    }
    if (k) {
      throw error("malformed \\k<...> named back reference");
    }
    pos = start;
    return null; // \< and \' that are not references: the character itself
  }

  private Node backReference(int number) {
    Node n = new Node(BACKREF);
    n.number = number;
    n.ignoreCase = (options & I) != 0;
    n.java = (options & I) != 0 ? "(?iu:\\k<g" + number + ">)" : "\\k<g" + number + ">";
    return n;
  }

  /** A character escape at pos (the character after the backslash); moves past it. */
  private char charEscape() throws Refused {
    char e = p.charAt(pos++);
    switch (e) {
      case 'a': return '\u0007';
      case 'e': return '\u001B';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\u000B';
      case 'x': return (char) hexDigits(2);
      case 'u': return (char) hexDigits(4);
      case 'c': {
        if (pos >= p.length()) {
          throw error("missing control character");
        }
        char x = p.charAt(pos++);
        if (x >= 'a' && x <= 'z') {
          x -= 32;
        }
        int v = x - '@';
        if (v < 0 || v >= ' ') {
          throw error("unrecognized control character");
        }
        return (char) v;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          for (int i = 0; i < 2 && pos < p.length() && p.charAt(pos) >= '0' && p.charAt(pos) <= '7'; i++) {
            v = v * 8 + (p.charAt(pos++) - '0');
          }
          return (char) (v & 0xFF);
        }
        if (isBoundaryWordChar(e)) {
          pos--;
          throw error("unrecognized escape sequence \\" + e);
        }
        return e;
    }
  }

  private int hexDigits(int count) throws Refused {
    if (pos + count > p.length()) {
      throw error("insufficient hex digits");
    }
    int v = 0;
    for (int i = 0; i < count; i++) {
      char h = p.charAt(pos + i);
      int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F'
          ? h - 'A' + 10 : -1;
      if (d < 0) {
        throw error("insufficient hex digits");
      }
      v = v * 16 + d;
    }
    pos += count;
    return v;
  }

  // ---------------------------------------------------------------- classes

  /** Part of a class: its Java spelling (inside brackets) and the code units it matches. */
  private static final class ClassPart {
    final String java;
    final BitSet set;
    /** A block (or its complement): ranges to .NET, which closes them under case equivalence with i. */
    final boolean ranges;

    ClassPart(String java, BitSet set) {
      this(java, set, false);
    }

    ClassPart(String java, BitSet set, boolean ranges) {
      this.java = java;
      this.set = set;
      this.ranges = ranges;
    }
  }

  /** {@code \w \W \s \S \d \D \p{..} \P{..}} with pos at the letter. */
  private ClassPart classEscape() throws Refused {
    char e = p.charAt(pos++);
    switch (e) {
      case 'w': return new ClassPart(WORD, category(WORD_CATS));
      case 'W': return new ClassPart("^" + WORD, not(category(WORD_CATS)));
      case 'd': return new ClassPart(DIGIT, category(DIGIT_CATS));
      case 'D': return new ClassPart("^" + DIGIT, not(category(DIGIT_CATS)));
      case 's': return new ClassPart(SPACE, spaceSet());
      case 'S': return new ClassPart("^" + SPACE, not(spaceSet()));
      default: {
        boolean negate = e == 'P';
        if (pos >= p.length() || p.charAt(pos) != '{') {
          throw error("incomplete \\p{X} character escape");
        }
        int end = p.indexOf('}', pos);
        if (end < 0) {
          throw error("incomplete \\p{X} character escape");
        }
        String name = p.substring(pos + 1, end);
        pos = end + 1;
        ClassPart part = property(name);
        if (part == null) {
          throw error("unknown property '" + name + "'");
        }
        return negate ? new ClassPart("^" + part.java, not(part.set), part.ranges) : part;
      }
    }
  }

  private Node charClass() throws Refused {
    int open = pos;
    pos++; // [
    String java = classBody(open);
    Node n = set(lastClassSet, java);
    n.exact = lastExactSet;
    return n;
  }

  private BitSet lastClassSet;
  /** When reading for DotNetMatcher: exactly what the last class read matches. */
  private BitSet lastExactSet;

  /** Reads a class after its '[' up to and including its ']'; returns the Java class. */
  private String classBody(int open) throws Refused {
    boolean negate = false;
    if (pos < p.length() && p.charAt(pos) == '^') {
      negate = true;
      pos++;
    }
    StringBuilder b = new StringBuilder();
    BitSet s = new BitSet(); // categories (\w \d \s \p{Lu} ...), which .NET does not close under case
    BitSet rs = new BitSet(); // characters, ranges and blocks, which it does under i
    StringBuilder cb = new StringBuilder(); // the Java spelling of the categories
    boolean first = true;
    String subtraction = null;
    BitSet subtractSet = null;
    while (true) {
      if (pos >= p.length()) {
        pos = open;
        throw error("unterminated [] set");
      }
      char c = p.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        break;
      }
      boolean wasFirst = first;
      first = false;
      int lo;
      if (c == '\\') {
        if (pos + 1 >= p.length()) {
          pos = p.length();
          throw error("illegal \\ at end of pattern");
        }
        char e = p.charAt(pos + 1);
        if ("wWsSdDpP".indexOf(e) >= 0) {
          pos++;
          ClassPart part = classEscape();
          b.append('[').append(part.java).append(']');
          if (part.ranges) {
            rs.or(part.set);
          } else {
            cb.append('[').append(part.java).append(']');
            s.or(part.set);
          }
          if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) == '[') {
            pos += 2;
            subtraction = classBody(pos - 1);
            subtractSet = lastClassSet;
            expectClassEnd();
            break;
          }
          continue;
        }
        pos++;
        if (e == 'b') {
          pos++;
          lo = '\b'; // a backspace inside a class
        } else if (e == '-') {
          pos++;
          addRange(b, rs, '-', '-'); // an escaped '-' never starts a range in .NET
          continue;
        } else {
          lo = charEscape();
        }
      } else {
        if (c == '[' && pos + 1 < p.length() && p.charAt(pos + 1) == ':') {
          int j = pos + 2;
          while (j < p.length() && isWordChar(p.charAt(j))) {
            j++;
          }
          if (j + 1 < p.length() && p.charAt(j) == ':' && p.charAt(j + 1) == ']') {
            pos = j + 1; // .NET skips ":name:" after a '[', which stays a literal
          }
        }
        pos++;
        lo = c;
      }
      // a range?
      if (pos + 1 < p.length() && p.charAt(pos) == '-' && p.charAt(pos + 1) != ']') {
        pos++;
        char h = p.charAt(pos);
        int hi;
        if (h == '[') {
          // [a-[...]]: the character, then a subtraction
          addRange(b, rs, lo, lo);
          pos++;
          subtraction = classBody(pos - 1);
          subtractSet = lastClassSet;
          expectClassEnd();
          break;
        }
        if (h == '\\') {
          if (pos + 1 >= p.length()) {
            pos = p.length();
            throw error("illegal \\ at end of pattern");
          }
          char e = p.charAt(pos + 1);
          if ("wWsSdDpP".indexOf(e) >= 0) {
            throw error("cannot include class \\" + e + " in character range");
          }
          pos++;
          if (e == 'b') {
            pos++;
            hi = '\b';
          } else {
            hi = charEscape();
          }
        } else {
          pos++;
          hi = h;
        }
        if (hi < lo) {
          throw error("[x-y] range in reverse order");
        }
        addRange(b, rs, lo, hi);
        continue;
      }
      if (lo == '-' && c == '-' && !wasFirst && pos < p.length() && p.charAt(pos) == '[') {
        // "-[" after something: a subtraction
        pos++;
        subtraction = classBody(pos - 1);
        subtractSet = lastClassSet;
        expectClassEnd();
        break;
      }
      addRange(b, rs, lo, lo);
    }
    if ((options & I) != 0) { // .NET adds the case equivalents of the characters, before negating
      rs = caseClosure(rs);
      b.setLength(0);
      appendSet(b, rs);
      b.append(cb);
    }
    s.or(rs);
    String java = (negate ? "[^" : "[") + (b.length() == 0 ? "\\x{0}&&[^\\x{0}]" : b) + "]";
    if (negate) {
      s = not(s);
    }
    if (subtraction != null) {
      java = "[" + java + "&&[^" + subtraction + "]]";
      s.andNot(subtractSet);
    }
    lastClassSet = s;
    if (tree) {
      lastExactSet = s; // what the Java spelling matches is .NET's set, case equivalents included
    }
    return java;
  }

  private void expectClassEnd() throws Refused {
    if (pos >= p.length() || p.charAt(pos) != ']') {
      throw error("a subtraction must be the last element in a character class");
    }
    pos++;
  }

  private static void addRange(StringBuilder b, BitSet s, int lo, int hi) {
    s.set(lo, hi + 1);
    int a = lo;
    int z = Math.min(hi, 0xD7FF);
    if (a <= z) {
      appendRange(b, a, z);
    }
    a = Math.max(lo, 0xD800);
    z = Math.min(hi, 0xDFFF);
    if (a <= z) {
      appendRange(b, a, z);
    }
    a = Math.max(lo, 0xE000);
    if (a <= hi) {
      appendRange(b, a, hi);
    }
  }

  /** Appends the Java spelling (inside a class) of every code unit of {@code s}, as ranges. */
  private static void appendSet(StringBuilder b, BitSet s) {
    BitSet scratch = new BitSet();
    for (int lo = s.nextSetBit(0); lo >= 0 && lo <= 0xFFFF; lo = s.nextSetBit(lo + 1)) {
      int hi = Math.min(s.nextClearBit(lo) - 1, 0xFFFF);
      addRange(b, scratch, lo, hi);
      lo = hi;
    }
  }

  private static void appendRange(StringBuilder b, int lo, int hi) {
    b.append(classChar(lo));
    if (hi != lo) {
      b.append('-').append(classChar(hi));
    }
  }

  private static String classChar(int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@'
        || c == ' ' || c == ',' || c == ':' || c == '/' || c == '=' || c == '%' || c == '.' || c == '+'
        || c == '*' || c == '?' || c == '(' || c == ')' || c == '|' || c == '{' || c == '}' || c == '$') {
      return String.valueOf((char) c);
    }
    return hex(c);
  }

  // ---------------------------------------------------------------- .NET's sets

  private static final int[] WORD_CATS = {Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
      Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION};
  private static final int[] DIGIT_CATS = {Character.DECIMAL_DIGIT_NUMBER};
  /** .NET's word characters (categories L, Mn, Nd, Pc, from {@link DotNetCategories}). */
  private static final BitSet WORD_SET = DotNetCategories.set(WORD_CATS);
  /** .NET's \b word characters: \w and U+200C, U+200D. */
  private static final BitSet BOUNDARY_WORD_SET;

  static {
    BitSet s = (BitSet) WORD_SET.clone();
    s.set(0x200C, 0x200E);
    BOUNDARY_WORD_SET = s;
  }

  /**
   * .NET's \w categories: L, Mn, Nd, Pc; written with the ASCII ones first, so that an ASCII character is
   * decided without a category look-up; the others with the JVM's categories corrected to .NET's table.
   */
  private static final String WORD = "a-zA-Z0-9_" + DotNetCategories.javaBody(WORD_CATS, 0x80, 0xFFFF);
  /** .NET's \d: Nd, ASCII digits first. */
  private static final String DIGIT = "0-9"
      + DotNetCategories.javaBody(DIGIT_CATS, 0x80, 0xFFFF);
  /** .NET's \b word characters: \w and U+200C, U+200D. */
  private static final String BOUNDARY_WORD_CLASS = "[" + WORD + "\\x{200c}\\x{200d}]";
  /** .NET's \s: char.IsWhiteSpace. */
  private static final String SPACE = "\\t\\n\\x{b}\\f\\r \\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
      + "\\x{202f}\\x{205f}\\x{3000}";

  /** Whether {@code c} is in .NET's word class {@code \w} (its category table, {@link DotNetCategories}). */
  static boolean isWordChar(char c) {
    return WORD_SET.get(c);
  }

  /** Whether {@code c} is a word character for .NET's {@code \b}: {@code \w}, U+200C, U+200D. */
  static boolean isBoundaryWordChar(char c) {
    return BOUNDARY_WORD_SET.get(c);
  }

  // \b and \B are written as these markers (NUL never appears in a translation) and replaced at the end
  static final String BOUNDARY_MARK = "\u0000b\u0000";
  static final String NOT_BOUNDARY_MARK = "\u0000B\u0000";
  private static final String BOUNDARY = "(?-iu:(?<=" + BOUNDARY_WORD_CLASS + ")(?!" + BOUNDARY_WORD_CLASS + ")|(?<!"
      + BOUNDARY_WORD_CLASS + ")(?=" + BOUNDARY_WORD_CLASS + "))";
  private static final String NOT_BOUNDARY = "(?-iu:(?<=" + BOUNDARY_WORD_CLASS + ")(?=" + BOUNDARY_WORD_CLASS + ")|(?<!"
      + BOUNDARY_WORD_CLASS + ")(?!" + BOUNDARY_WORD_CLASS + "))";

  /**
   * Characters of the BMP that Java's Unicode word boundary ({@code (?U)\b}: alphabetic, marks, decimal
   * digits, connector punctuation, joiners) counts as word characters and .NET's does not (letter numbers,
   * spacing and enclosing marks, other alphabetic symbols), and the reverse; computed from this JVM's
   * Unicode data, as its regex engine is. No ASCII character is among them.
   */
  private static final BitSet BOUNDARY_DIFFERS = new BitSet(0x10000);

  static {
    for (int c = 0x80; c <= 0xFFFF; c++) {
      int t = Character.getType(c);
      boolean java = Character.isAlphabetic(c) || t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK
          || t == Character.COMBINING_SPACING_MARK || t == Character.DECIMAL_DIGIT_NUMBER
          || t == Character.CONNECTOR_PUNCTUATION || c == 0x200C || c == 0x200D;
      if (java != isBoundaryWordChar((char) c)) {
        BOUNDARY_DIFFERS.set(c);
      }
    }
  }

  /** Whether Java's and .NET's word boundaries disagree on {@code c}, or {@code c} is a surrogate. */
  static boolean boundaryDiffers(char c) {
    return c >= 0x80 && (BOUNDARY_DIFFERS.get(c) || Character.isSurrogate(c));
  }

  private static final Map<String, int[]> CATEGORIES = new HashMap<>();
  private static final int[] CASED_LETTERS = {Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER};

  static {
    String[][] cats = {
        {"Cc", "15"}, {"Cf", "16"}, {"Cn", "0"}, {"Co", "18"}, {"Cs", "19"}, {"C", "15 16 0 18 19"},
        {"Ll", "2"}, {"Lm", "4"}, {"Lo", "5"}, {"Lt", "3"}, {"Lu", "1"}, {"L", "1 2 3 4 5"},
        {"Mc", "8"}, {"Me", "7"}, {"Mn", "6"}, {"M", "6 7 8"},
        {"Nd", "9"}, {"Nl", "10"}, {"No", "11"}, {"N", "9 10 11"},
        {"Pc", "23"}, {"Pd", "20"}, {"Pe", "22"}, {"Po", "24"}, {"Ps", "21"}, {"Pf", "30"}, {"Pi", "29"},
        {"P", "20 21 22 23 24 29 30"},
        {"Sc", "26"}, {"Sk", "27"}, {"Sm", "25"}, {"So", "28"}, {"S", "25 26 27 28"},
        {"Zl", "13"}, {"Zp", "14"}, {"Zs", "12"}, {"Z", "12 13 14"}};
    for (String[] c : cats) {
      String[] parts = c[1].split(" ");
      int[] types = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        types[i] = Integer.parseInt(parts[i]); // java.lang.Character general category constants
      }
      CATEGORIES.put(c[0], types);
    }
  }

  /** A general category or a block name, as .NET reads {@code \p{name}}; null when .NET does not know it. */
  private ClassPart property(String name) {
    int[] types = CATEGORIES.get(name);
    if ((options & I) != 0 && (name.equals("Ll") || name.equals("Lu") || name.equals("Lt"))) {
      types = CASED_LETTERS; // .NET: under i, each of them means all three
    }
    if (types != null) {
      StringBuilder b = new StringBuilder();
      for (int t : types) {
        if (t == Character.SURROGATE) {
          b.append(hex(0xD800)).append('-').append(hex(0xDFFF));
        } else if (t == Character.PRIVATE_USE) {
          b.append("\\x{e000}-\\x{f8ff}"); // the BMP's: the surrogates' private-use plane must not match
        } else {
          b.append(DotNetCategories.javaBody(new int[] {t}, 0, 0xFFFF));
        }
      }
      return new ClassPart(b.toString(), category(types));
    }
    int[] block = DotNetBlocks.range(name);
    if (block != null) {
      StringBuilder b = new StringBuilder();
      BitSet s = new BitSet();
      addRange(b, s, block[0], block[1]);
      return new ClassPart(b.toString(), s, true);
    }
    int[] pairs = DotNetBlocks.xmlRanges(name);
    if (pairs != null) {
      StringBuilder b = new StringBuilder();
      BitSet s = new BitSet();
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        addRange(b, s, pairs[i], pairs[i + 1] - 1);
      }
      return new ClassPart(b.toString(), s, true);
    }
    return null;
  }


  private static final Map<String, BitSet> CATEGORY_SETS = new java.util.concurrent.ConcurrentHashMap<>();

  private static BitSet category(int[] types) {
    String key = java.util.Arrays.toString(types);
    BitSet cached = CATEGORY_SETS.get(key);
    if (cached == null) {
      cached = DotNetCategories.set(types); // .NET's table, not the JVM's
      CATEGORY_SETS.put(key, cached);
    }
    return (BitSet) cached.clone();
  }

  private static BitSet spaceSet() {
    BitSet s = new BitSet();
    for (char c : "\t\n\u000B\f\r \u0085\u00A0\u1680\u2028\u2029\u202F\u205F\u3000".toCharArray()) {
      s.set(c);
    }
    s.set(0x2000, 0x200B);
    return s;
  }

  private static BitSet not(BitSet s) {
    BitSet n = (BitSet) s.clone();
    n.flip(0, 0x10000);
    return n;
  }

  private static BitSet setOf(String excluded, boolean negate) {
    BitSet s = new BitSet();
    if (excluded != null) {
      for (char c : excluded.toCharArray()) {
        s.set(c);
      }
    }
    return negate ? not(s) : s;
  }

  /**
   * The set closed under .NET's case equivalence ({@link DotNetCase}): every character equivalent to a member
   * is added, as .NET closes the characters, ranges and blocks of a class under {@code i}.
   *
   * @param s code units (bits 0..0xFFFF); not modified
   * @return a new set
   */
  static BitSet caseClosure(BitSet s) {
    return DotNetCase.closure(s);
  }

  // ---------------------------------------------------------------- analysis

  private void analyse(Node root) {
    r.size = size(root);
    r.linear = linearShape(root);
    if (r.linear) {
      r.linear = deterministic(root, new BitSet(), true) != null && r.alternatives <= MAX_ALTERNATIVES;
    }
    r.anchored = anchoredStart(root);
    StringBuilder best = new StringBuilder();
    requiredLiteral(root, new StringBuilder(), best);
    r.literal = best.length() >= 1 ? best.toString() : null;
  }

  private static int size(Node n) {
    int s = 1;
    if (n.kids != null) {
      for (Node k : n.kids) {
        s += size(k);
      }
    }
    if (n.child != null) {
      s += size(n.child);
    }
    return s;
  }

  /** No back-reference, no look-around, quantifiers only on single characters. */
  private boolean linearShape(Node n) {
    switch (n.kind) {
      case BACKREF:
      case LOOK:
        return false;
      case REPEAT:
        return n.child.kind == SET;
      case ALT:
        r.alternatives = Math.min(Long.MAX_VALUE / 1024, r.alternatives * n.kids.size());
        // fall through
      case SEQ:
        for (Node k : n.kids) {
          if (!linearShape(k)) {
            return false;
          }
        }
        return true;
      case GROUP:
        return linearShape(n.child);
      default:
        return true;
    }
  }

  /**
   * Checks that every variable quantifier's class is disjoint from what may follow it. {@code follow} is the
   * set of characters that may be read first after {@code n} ({@code followEnd}: the end of the pattern may
   * be reached without reading). Returns the characters {@code n} may read first together with
   * {@code follow} when {@code n} may read nothing, or null when a quantifier is not deterministic.
   */
  private static BitSet deterministic(Node n, BitSet follow, boolean followEnd) {
    switch (n.kind) {
      case SET: {
        return n.set;
      }
      case REPEAT: {
        BitSet s = n.child.set;
        if (n.max != n.min && s.intersects(follow)) {
          return null;
        }
        if (n.min == 0) {
          BitSet f = (BitSet) s.clone();
          f.or(follow);
          return f;
        }
        return s;
      }
      case SEQ: {
        BitSet f = follow;
        for (int i = n.kids.size() - 1; i >= 0; i--) {
          f = deterministic(n.kids.get(i), f, followEnd);
          if (f == null) {
            return null;
          }
        }
        return f;
      }
      case ALT: {
        BitSet all = new BitSet();
        for (Node k : n.kids) {
          BitSet f = deterministic(k, follow, followEnd);
          if (f == null) {
            return null;
          }
          all.or(f);
        }
        return all;
      }
      case GROUP:
        return deterministic(n.child, follow, followEnd);
      default: // zero-width
        return follow;
    }
  }

  private static boolean anchoredStart(Node n) {
    switch (n.kind) {
      case START:
        return true;
      case SEQ:
        return !n.kids.isEmpty() && anchoredStart(n.kids.get(0));
      case GROUP:
        return anchoredStart(n.child);
      case ALT:
        for (Node k : n.kids) {
          if (!anchoredStart(k)) {
            return false;
          }
        }
        return true;
      default:
        return false;
    }
  }

  /** The longest run of case-sensitive literal characters that every match reads in a row. */
  private static void requiredLiteral(Node n, StringBuilder run, StringBuilder best) {
    switch (n.kind) {
      case SET:
        if (n.isLiteral && !(n.literal >= 0xD800 && n.literal <= 0xDFFF)) {
          run.append(n.literal);
          if (run.length() > best.length()) {
            best.setLength(0);
            best.append(run);
          }
        } else {
          run.setLength(0);
        }
        return;
      case SEQ:
        for (Node k : n.kids) {
          requiredLiteral(k, run, best);
        }
        return;
      case GROUP:
        requiredLiteral(n.child, run, best);
        return;
      case ASSERT:
      case START:
      case LOOK:
      case EMPTY:
        return; // zero-width: does not break a run of characters
      default:
        run.setLength(0);
    }
  }

  /**
   * The input as the translated pattern reads it: each surrogate code unit becomes the private-use code
   * point U+F0000 + (unit - U+D800), written as a pair, so that Java sees it as one character (as .NET
   * does) whether or not it is half of a pair. The input itself when it has no surrogate.
   */
  static String mapSurrogates(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !Character.isSurrogate(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        b.appendCodePoint(SURROGATE_BASE + (c - 0xD800));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
