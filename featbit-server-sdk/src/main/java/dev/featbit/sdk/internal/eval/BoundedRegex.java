package dev.featbit.sdk.internal.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression from flag data, compiled once, matched with the server's semantics (unanchored
 * search, {@code Regex.IsMatch}) under a budget of character reads so that a catastrophic pattern cannot
 * stall a request thread (spec D-5, EVAL-14).
 *
 * <p>Dialect: .NET's, read by {@link DotNetRegex} and run by {@code java.util.regex}: patterns .NET refuses
 * are refused, the others are translated with their .NET meaning. Each pattern is analysed once: a pattern
 * proven linear runs on the plain {@code String} for inputs short enough that its bound on character reads
 * is within the budget; a literal every match contains is looked for with {@code indexOf} first; every other
 * match reads through a counting {@code CharSequence} and stops at the budget.
 */
public final class BoundedRegex {
  /** Default budget: character reads per match (spec D-5). */
  public static final long DEFAULT_BUDGET = 1_000_000L;

  private final Pattern pattern;
  /**
   * For a pattern .NET accepts that the translation cannot express (conditionals, balancing groups, forward
   * references, look-behinds without a maximum length ...): the SDK's own matcher; null otherwise.
   */
  private final DotNetMatcher dotNet;
  /** The pattern as written in the flag data. */
  private String source;
  private final long budget;
  /** For a pattern that is a plain literal with optional anchors: how to match it without the engine. */
  private final int literalMode;
  private final String literal;
  private final String literalNewline;
  private static final int ENGINE = 0;
  private static final int CONTAINS = 1;
  private static final int STARTS = 2;
  private static final int ENDS = 3;
  private static final int WHOLE = 4;
  /** A matcher and its counting input per thread, reset for every match: no allocation per evaluation. */
  private final ThreadLocal<Holder> holders;

  /**
   * For a pattern with {@code \b}/{@code \B}: the same pattern with Java's own word boundary, used for inputs
   * on which it gives .NET's answer (no surrogate, no character the two boundaries disagree on); null when
   * the pattern has no boundary.
   */
  private Pattern asciiBoundary;
  /** A string every match contains, checked before the engine runs; null when none is known. */
  private final String required;
  /** Inputs up to this length are matched on the plain String without counting; -1: never. */
  private final int fastMaxLength;
  /** The automaton that answers for this pattern, or null when it runs on the engine. */
  private Dfa dfa;

  private BoundedRegex(Pattern pattern, long budget, int literalMode, String literal, String required,
      int fastMaxLength) {
    this(pattern, null, budget, literalMode, literal, required, fastMaxLength);
  }

  private BoundedRegex(Pattern pattern, DotNetMatcher dotNet, long budget, int literalMode, String literal,
      String required, int fastMaxLength) {
    this.dotNet = dotNet;
    this.required = required;
    this.fastMaxLength = fastMaxLength;
    this.pattern = pattern;
    this.budget = budget;
    this.literalMode = literalMode;
    this.literal = literal;
    this.literalNewline = literal == null ? null : literal + "\n"; // '$' also matches before a final \n
    this.holders = pattern == null ? null : ThreadLocal.withInitial(() -> new Holder(pattern, asciiBoundary));
  }

  private static final class Holder {
    final CountingChars chars = new CountingChars();
    final Matcher matcher;
    final Matcher boundaryMatcher;

    Holder(Pattern p, Pattern boundary) {
      this.matcher = p.matcher(chars);
      this.boundaryMatcher = boundary == null ? null : boundary.matcher(chars);
    }
  }

  /** A plain literal with optional {@code ^}/{@code $} anchors is matched without the engine, or null. */
  private static BoundedRegex literal(String source, long budget) {
    boolean start = source.startsWith("^");
    boolean end = source.length() > (start ? 1 : 0) && source.endsWith("$") && !escapedAt(source, source.length() - 1);
    String body = source.substring(start ? 1 : 0, source.length() - (end ? 1 : 0));
    String lit = unescapeLiteral(body);
    if (lit == null || lit.isEmpty()) {
      return null;
    }
    int mode = start ? (end ? WHOLE : STARTS) : (end ? ENDS : CONTAINS);
    return new BoundedRegex(null, budget, mode, lit, null, -1);
  }

  private static boolean escapedAt(String s, int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /**
   * The text a pattern matches if it is a plain literal (ordinary characters and backslash-escaped
   * punctuation only), else {@code null}. Such a pattern means the same in .NET and Java.
   */
  static String unescapeLiteral(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        if (i + 1 >= body.length()) {
          return null;
        }
        char n = body.charAt(++i);
        if (n >= 0x80 || Character.isLetterOrDigit(n) || n == '_' || Character.isWhitespace(n) || n == '<'
            || n == '\'') {
          return null; // \d, \w, \b, \1, \n, \Q ... are not literals
        }
        out.append(n);
      } else if (".[]{}()*+?|^$#".indexOf(c) >= 0 || Character.isWhitespace(c) || c >= 0x80) {
        return null;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }


  /**
   * Compiles {@code source}; returns a description of the problem through {@code error[0]} and
   * {@code null} when the pattern cannot be used: .NET refuses it (the server's evaluation fails), or it
   * uses a .NET construct this SDK does not translate.
   */
  public static BoundedRegex compile(String source, long budget, String[] error) {
    BoundedRegex lit = literal(source, budget);
    if (lit != null) {
      lit.source = source;
      return lit;
    }
    DotNetRegex.Result t = DotNetRegex.translate(source);
    if (t.error != null) {
      if (t.unsupported) {
        return compileDotNet(source, budget, error); // accepted by .NET, not expressible on java.util.regex
      }
      error[0] = "invalid regex: " + t.error;
      return null;
    }
    if (t.needsOwnMatcher) {
      // a look-behind or a loop java.util.regex would read another way, or a back-reference
      BoundedRegex own = compileDotNet(source, budget, error);
      if (own != null) {
        own.dfa = DfaBuilder.build(t); // when it has one (no back-reference, no look-around): .NET's answer
      }
      return own;
    }
    try {
      Pattern p = Pattern.compile(t.java, Pattern.UNIX_LINES);
      Pattern ascii = t.javaAsciiBoundary == null ? null : Pattern.compile(t.javaAsciiBoundary, Pattern.UNIX_LINES);
      BoundedRegex r = new BoundedRegex(p, budget, ENGINE, null, t.literal, fastMaxLength(t, budget));
      r.asciiBoundary = ascii;
      r.source = source;
      r.dfa = DfaBuilder.build(t);
      return r;
    } catch (PatternSyntaxException e) {
      // .NET accepts it (the grammar was checked); Java does not: forward references, unbounded look-behinds
      return compileDotNet(source, budget, error);
    } catch (StackOverflowError e) {
      error[0] = "invalid regex: pattern too deeply nested";
      return null;
    }
  }

  /** Compiles {@code source} for {@link DotNetMatcher}, or returns null with the reason in {@code error[0]}. */
  private static BoundedRegex compileDotNet(String source, long budget, String[] error) {
    String[] why = new String[1];
    DotNetMatcher m = DotNetMatcher.compile(source, why);
    if (m == null) {
      error[0] = "invalid regex: " + why[0];
      return null;
    }
    BoundedRegex r = new BoundedRegex(null, m, budget, ENGINE, null, null, -1);
    r.source = source;
    return r;
  }

  /** Whether this pattern runs on {@link DotNetMatcher} (tests). */
  boolean usesDotNetMatcher() {
    return dotNet != null;
  }

  /**
   * The longest input matched without the counting wrapper: the largest length whose bound on character
   * reads ({@link DotNetRegex.Result#readsPerStart} per start position, times the start positions unless
   * the pattern is anchored) stays within the budget; -1 when the pattern is not proven linear.
   */
  static int fastMaxLength(DotNetRegex.Result t, long budget) {
    if (!t.linear) {
      return -1;
    }
    long lo = -1;
    long hi = Math.min(budget, Integer.MAX_VALUE);
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      long perStart = t.readsPerStart(mid);
      long total = t.anchored ? perStart + mid + 1 : perStart > budget ? Long.MAX_VALUE
          : (mid + 1) * perStart;
      if (total <= budget && total >= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return (int) lo;
  }

  /**
   * {@code true} if the pattern is found anywhere in {@code input}.
   *
   * @throws BudgetExceeded when the match needs more character reads than the budget
   */
  public boolean find(String input) {
    switch (literalMode) {
      case CONTAINS:
        return input.contains(literal);
      case STARTS:
        return input.startsWith(literal);
      case ENDS:
        return input.endsWith(literal) || input.endsWith(literalNewline);
      case WHOLE:
        return input.equals(literal) || input.equals(literalNewline);
      default:
        break;
    }
    Dfa d = dfa;
    if (dotNet != null) {
      return d != null && input.length() <= budget ? d.find(input) : dotNet.find(input, budget);
    }
    if (required != null && input.indexOf(required) < 0) {
      return false; // every match contains it
    }
    if (d != null && input.length() <= budget) {
      return d.find(input); // one read per code unit
    }
    // UTF-16 code units: surrogates become characters of their own (the same instance when there are none)
    String units = DotNetRegex.mapSurrogates(input);
    Holder h = holders.get();
    Matcher m = h.matcher;
    if (h.boundaryMatcher != null && units == input && !boundaryDiffers(input)) {
      m = h.boundaryMatcher; // Java's \b gives .NET's answer on this input
    }
    if (units.length() <= fastMaxLength) {
      // proven within the budget for this length: the plain String, no counting
      m.reset(units);
      try {
        return m.find();
      } finally {
        m.reset(h.chars); // do not keep the user's value reachable from the thread
      }
    }
    return findCounted(units, h, m);
  }

  private static boolean boundaryDiffers(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 && DotNetRegex.boundaryDiffers(c)) {
        return true;
      }
    }
    return false;
  }

  /** The counted path only: no literal check, no plain-String match (tests compare both paths). */
  boolean findBounded(String input) {
    if (dotNet != null) { // the SDK's own matcher, without the automaton
      return dotNet.find(input, budget);
    }
    if (pattern == null) { // a literal
      return find(input);
    }
    Holder h = holders.get();
    return findCounted(DotNetRegex.mapSurrogates(input), h, h.matcher);
  }

  /** The automaton only (tests); throws when the pattern has none. */
  boolean findDfa(String input) {
    return dfa.find(input);
  }

  /** The pattern's automaton, or null when it runs on the engine (tests). */
  Dfa dfa() {
    return dfa;
  }

  /** Whether inputs of this length are matched without counting (tests). */
  boolean fastFor(int length) {
    return length <= fastMaxLength;
  }

  private boolean findCounted(String units, Holder h, Matcher m) {
    CountingChars chars = h.chars;
    chars.reset(units, budget);
    m.reset(chars);
    boolean deep = false;
    try {
      return m.find();
    } catch (StackOverflowError e) {
      deep = true;
    } finally {
      chars.reset("", 0); // do not keep the user's value reachable from the thread
      m.reset(chars);
    }
    return deep && findOnDeepStack(units);
  }

  /** Largest stack given to a match retried on its own thread. */
  static final long MAX_DEEP_STACK_BYTES = 256L * 1024 * 1024;
  /** Retries running at once, process-wide: each may commit up to its stack in memory. */
  private static final java.util.concurrent.Semaphore DEEP_RETRIES = new java.util.concurrent.Semaphore(2);

  /**
   * Retries a match that overflowed the caller's stack on a short-lived thread with a stack sized for the
   * input. {@code java.util.regex} recurses once per repetition of a group, so an ordinary pattern such as
   * {@code ^(?:[a-z]|-)+$} needs about a kilobyte of stack per character, and a value of a few thousand
   * characters overflows a default thread stack; .NET's engine does not recurse and matches it. The retry has
   * the same budget of character reads, so it ends as quickly; if the stack is still too small, the thread
   * cannot be created, or two retries are already running (each may use a large stack: a burst of long values
   * must not exhaust the process's memory), the evaluation ends with the budget error as before.
   */
  private boolean findOnDeepStack(String input) {
    if (!DEEP_RETRIES.tryAcquire()) {
      throw BudgetExceeded.INSTANCE;
    }
    try {
      return findOnDeepStackPermitted(input);
    } finally {
      DEEP_RETRIES.release();
    }
  }

  private boolean findOnDeepStackPermitted(String input) {
    long stack = Math.min(MAX_DEEP_STACK_BYTES, 4L * 1024 * 1024 + 2048L * input.length());
    boolean[] found = new boolean[1];
    boolean[] failed = new boolean[1];
    Thread t = new Thread(null, () -> {
      CountingChars chars = new CountingChars();
      chars.reset(input, budget);
      try {
        found[0] = pattern.matcher(chars).find();
      } catch (BudgetExceeded | StackOverflowError e) {
        failed[0] = true;
      }
    }, "featbit-regex-deep-stack", stack);
    t.setDaemon(true);
    try {
      t.start();
    } catch (OutOfMemoryError | RuntimeException e) {
      throw BudgetExceeded.INSTANCE; // no thread for it (memory or thread limits): as without the retry
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join(); // bounded: the match stops after the budget of character reads
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed[0]) {
      throw BudgetExceeded.INSTANCE;
    }
    return found[0];
  }

  /**
   * The pattern as written in the flag data.
   *
   * @return the source of the pattern
   */
  public String pattern() {
    return source;
  }

  /** Thrown (pre-allocated, no stack trace) when a match runs out of budget. */
  public static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetExceeded INSTANCE = new BudgetExceeded();

    private BudgetExceeded() {
      super("regex step budget exceeded", null, false, false);
    }
  }

  /** A char sequence that counts reads and stops the matcher when the budget is spent. */
  private static final class CountingChars implements CharSequence {
    private String s = "";
    private long left;

    void reset(String input, long budget) {
      this.s = input;
      this.left = budget;
    }


    @Override
    public char charAt(int index) {
      if (--left < 0) {
        throw BudgetExceeded.INSTANCE;
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
