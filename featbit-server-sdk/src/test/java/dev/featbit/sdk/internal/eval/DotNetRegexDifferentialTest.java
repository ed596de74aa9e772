package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Randomised checks of the regex path, with fixed seeds so that a failure can be replayed: the plain-String
 * path answers as the counted path on generated patterns and inputs; character classes match what a model
 * written from .NET's rules says; and patterns are refused exactly when the model says .NET refuses them.
 */
class DotNetRegexDifferentialTest {
  private static final String[] ATOMS = {"a", "b", "-", "\\.", ".", "[a-c]", "[^a]", "\\d", "\\w", "\\s", "\\W",
      "[ab-]", "(?i:a)", "\\p{L}", "\uD83D", "[\\uD800-\\uDFFF]", "x"};
  private static final String[] QUANTIFIERS = {"", "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?", "{0,2}?"};
  private static final String INPUT_CHARS = "aAbx-.1 \n\uD83D\uDE00\u00E9\u216B\u0903\u200D";

  static String pattern(Random rnd, int depth) {
    StringBuilder b = new StringBuilder();
    int items = 1 + rnd.nextInt(4);
    for (int i = 0; i < items; i++) {
      int k = rnd.nextInt(10);
      if (k == 0 && depth < 2) {
        b.append(rnd.nextBoolean() ? "(" : "(?:").append(pattern(rnd, depth + 1)).append('|')
            .append(pattern(rnd, depth + 1)).append(')');
      } else if (k == 1 && depth < 2) {
        b.append('(').append(pattern(rnd, depth + 1)).append(')');
      } else if (k == 2) {
        b.append(new String[] {"^", "$", "\\b", "(?m)^", "(?m)$", "\\A", "\\z", "\\Z"}[rnd.nextInt(8)]);
        continue;
      } else {
        b.append(ATOMS[rnd.nextInt(ATOMS.length)]);
      }
      b.append(QUANTIFIERS[rnd.nextInt(QUANTIFIERS.length)]);
    }
    if (depth == 0 && rnd.nextInt(8) == 0) {
      b.insert(0, "(?i)");
    }
    return b.toString();
  }

  static String input(Random rnd) {
    int n = rnd.nextInt(14);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(INPUT_CHARS.charAt(rnd.nextInt(INPUT_CHARS.length())));
    }
    return b.toString();
  }

  private static String outcome(java.util.function.BooleanSupplier match) {
    try {
      return String.valueOf(match.getAsBoolean());
    } catch (BoundedRegex.BudgetExceeded e) {
      return "budget";
    }
  }

  @Test
  void thePlainPathAnswersAsTheCountedPath() {
    Random rnd = new Random(17);
    int compiled = 0;
    int fast = 0;
    int withLiteral = 0;
    for (int i = 0; i < 4000; i++) {
      String p = pattern(rnd, 0);
      BoundedRegex r = BoundedRegex.compile(p, BoundedRegex.DEFAULT_BUDGET, new String[1]);
      if (r == null) {
        continue;
      }
      compiled++;
      if (r.fastFor(14)) {
        fast++;
      }
      if (DotNetRegex.translate(p).literal != null) {
        withLiteral++;
      }
      for (int j = 0; j < 12; j++) {
        String in = input(rnd);
        assertThat(outcome(() -> r.find(in))).as("/" + p + "/ on [" + in + "]")
            .isEqualTo(outcome(() -> r.findBounded(in)));
      }
    }
    // the generator exercises every path
    assertThat(compiled).isGreaterThan(3000);
    assertThat(fast).isGreaterThan(500);
    assertThat(compiled - fast).isGreaterThan(500);
    assertThat(withLiteral).isGreaterThan(300);
  }

  // ---------------------------------------------------------------- classes against a model of .NET's rules

  /** One class element: its .NET spelling and membership per .NET's definitions. */
  private static final class Element {
    final String text;
    final IntPredicate in;

    Element(String text, IntPredicate in) {
      this.text = text;
      this.in = in;
    }
  }

  /** .NET's category of a code unit: .NET 10's table ({@link DotNetCategories}, Unicode 16.0), not the JVM's. */
  private static boolean cat(int c, int... types) {
    int t = DotNetCategories.type((char) c);
    for (int x : types) {
      if (t == x) {
        return true;
      }
    }
    return false;
  }

  // .NET: \w = L, Mn, Nd, Pc; \d = Nd; \s = char.IsWhiteSpace; a surrogate code unit is category Cs
  private static final IntPredicate WORD = c -> cat(c, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
      Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION);
  private static final IntPredicate DIGIT = c -> cat(c, Character.DECIMAL_DIGIT_NUMBER);
  private static final IntPredicate SPACE = c -> (c >= 9 && c <= 13) || c == ' ' || c == 0x85 || c == 0xA0
      || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
      || c == 0x3000;

  private static final Element[] ELEMENTS = {
      new Element("\\w", WORD), new Element("\\W", WORD.negate()),
      new Element("\\d", DIGIT), new Element("\\D", DIGIT.negate()),
      new Element("\\s", SPACE), new Element("\\S", SPACE.negate()),
      new Element("\\v", c -> c == 0x0B), new Element("\\b", c -> c == 8),
      new Element("\\p{Lu}", c -> cat(c, Character.UPPERCASE_LETTER)),
      new Element("\\P{L}", c -> !cat(c, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER)),
      new Element("\\p{Cs}", c -> c >= 0xD800 && c <= 0xDFFF),
      new Element("\\p{Co}", c -> c >= 0xE000 && c <= 0xF8FF),
      new Element("\\P{C}", c -> !(c >= 0xD800 && c <= 0xDFFF) && !cat(c, Character.CONTROL, Character.FORMAT,
          Character.UNASSIGNED, Character.PRIVATE_USE)),
      new Element("\\p{Nl}", c -> cat(c, Character.LETTER_NUMBER)),
      new Element("\\p{IsBasicLatin}", c -> c < 0x80),
      new Element("\\p{IsGreek}", c -> c >= 0x370 && c < 0x400),
      new Element("\\P{IsCyrillic}", c -> !(c >= 0x400 && c < 0x500)),
      new Element("\\p{IsHighSurrogates}", c -> c >= 0xD800 && c < 0xDB80),
      new Element("\\p{IsGeneralPunctuation}", c -> c >= 0x2000 && c < 0x2070),
      new Element("a-f", c -> c >= 'a' && c <= 'f'), new Element("x", c -> c == 'x'),
      new Element("\\x41-\\x5A", c -> c >= 'A' && c <= 'Z'), new Element("\\u0370-\\u03FF", c -> c >= 0x370 && c < 0x400),
      new Element("\\uD800-\\uDBFF", c -> c >= 0xD800 && c <= 0xDBFF), new Element("\\-", c -> c == '-'),
      new Element("\\]", c -> c == ']'), new Element("[", c -> c == '['), new Element("&", c -> c == '&'),
      new Element("\\\\", c -> c == '\\'), new Element("^", c -> c == '^'), new Element("\u00E9", c -> c == 0xE9)};

  private static final String PROBES = "aAfgxzZ09_-[]&\\^ \t\n\u000B\b\u0085\u00A0\u00E9\u00B2\u0301\u0370\u03B1\u03E2"
      + "\u0416\u0500\u0661\u0903\u1F00\u2014\u200B\u200C\u200D\u203F\u20DD\u216B\u3000\u4E2D\uD800\uDB7F\uDB80"
      + "\uDC00\uDFFF\uE000\uF8FF\uFFFD\uFFFF";

  private static final class Cls {
    final String text;
    final IntPredicate in;

    Cls(String text, IntPredicate in) {
      this.text = text;
      this.in = in;
    }
  }

  private static Cls cls(Random rnd, int depth) {
    StringBuilder b = new StringBuilder("[");
    boolean negate = rnd.nextInt(4) == 0;
    if (negate) {
      b.append('^');
    }
    IntPredicate any = c -> false;
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      Element e = ELEMENTS[rnd.nextInt(ELEMENTS.length)];
      if (i == 0 && e.text.equals("^") && !negate) {
        e = ELEMENTS[0];
      }
      b.append(e.text);
      any = any.or(e.in);
    }
    IntPredicate base = negate ? any.negate() : any;
    if (depth < 2 && rnd.nextInt(3) == 0) {
      Cls sub = cls(rnd, depth + 1);
      b.append('-').append(sub.text);
      base = base.and(sub.in.negate());
    }
    b.append(']');
    return new Cls(b.toString(), base);
  }

  @Test
  void classesMatchTheModelOfDotNetsRules() {
    Random rnd = new Random(29);
    int checked = 0;
    for (int i = 0; i < 1500; i++) {
      Cls c = cls(rnd, 0);
      String[] error = new String[1];
      BoundedRegex r = BoundedRegex.compile("^" + c.text + "$", BoundedRegex.DEFAULT_BUDGET, error);
      assertThat(r).as(c.text + ": " + error[0]).isNotNull();
      for (int j = 0; j < PROBES.length() + 20; j++) {
        char ch = j < PROBES.length() ? PROBES.charAt(j) : (char) rnd.nextInt(0x10000);
        assertThat(r.find(String.valueOf(ch))).as(c.text + " on U+" + Integer.toHexString(ch)).isEqualTo(c.in.test(ch));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50_000);
  }

  // ---------------------------------------------------------------- the same under i

  /** Elements that are categories to .NET: under i they are not closed under case equivalence. */
  private static final java.util.Set<String> CATEGORY_ELEMENTS = java.util.Set.of("\\w", "\\W", "\\d", "\\D",
      "\\s", "\\S", "\\p{Lu}", "\\P{L}", "\\p{Cs}", "\\p{Co}", "\\P{C}", "\\p{Nl}");

  /** Characters grouped by the lowercase mapping .NET's case table is built from. */
  private static final java.util.Map<Integer, int[]> BY_LOWER = new java.util.HashMap<>();

  static {
    java.util.Map<Integer, java.util.List<Integer>> m = new java.util.HashMap<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      m.computeIfAbsent(DotNetCase.lower(c), k -> new java.util.ArrayList<>()).add(c);
    }
    m.forEach((k, v) -> BY_LOWER.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** Under i: a category as it is (Lu meaning Lu, Ll and Lt); characters, ranges and blocks with every
   * character sharing a lowercase with a member. */
  private static IntPredicate ignoringCase(Element e) {
    if (e.text.equals("\\p{Lu}")) {
      return c -> cat(c, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER);
    }
    if (CATEGORY_ELEMENTS.contains(e.text)) {
      return e.in;
    }
    return c -> {
      for (int d : BY_LOWER.get(DotNetCase.lower(c))) {
        if (e.in.test(d)) {
          return true;
        }
      }
      return false;
    };
  }

  private static Cls clsIgnoringCase(Random rnd, int depth) {
    StringBuilder b = new StringBuilder("[");
    boolean negate = rnd.nextInt(4) == 0;
    if (negate) {
      b.append('^');
    }
    IntPredicate any = c -> false;
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      Element e = ELEMENTS[rnd.nextInt(ELEMENTS.length)];
      if (i == 0 && e.text.equals("^") && !negate) {
        e = ELEMENTS[0];
      }
      b.append(e.text);
      any = any.or(ignoringCase(e));
    }
    IntPredicate base = negate ? any.negate() : any;
    if (depth < 2 && rnd.nextInt(3) == 0) {
      Cls sub = clsIgnoringCase(rnd, depth + 1);
      b.append('-').append(sub.text);
      base = base.and(sub.in.negate());
    }
    b.append(']');
    return new Cls(b.toString(), base);
  }

  private static final String CASE_PROBES = "kK\u212AsS\u017FiI\u0130\u0131\u00E5\u00C5\u212B\u03C3\u03A3\u03C2"
      + "\u00DF\u1E9E\u00B5\u03BC\u039C\u0398\u03D1\u03F4\u01C4\u01C5\u01C6\u2126\u13A0\uAB70\u10D0\u1C90"
      + "\u1C80\u0432\u0412\u2C2F\u2C5F\uA7CB\u0264\u2160\u2170\u24B6\u24D0\uFF21\uFF41\u0345\u0399\u1FBE";

  @Test
  void classesIgnoringCaseMatchTheModelOfDotNetsRules() {
    Random rnd = new Random(31);
    int checked = 0;
    for (int i = 0; i < 1500; i++) {
      Cls c = clsIgnoringCase(rnd, 0);
      String[] error = new String[1];
      BoundedRegex r = BoundedRegex.compile("(?i)^" + c.text + "$", BoundedRegex.DEFAULT_BUDGET, error);
      assertThat(r).as(c.text + ": " + error[0]).isNotNull();
      String probes = PROBES + CASE_PROBES;
      for (int j = 0; j < probes.length() + 20; j++) {
        char ch = j < probes.length() ? probes.charAt(j) : (char) rnd.nextInt(0x10000);
        assertThat(r.find(String.valueOf(ch))).as("(?i)" + c.text + " on U+" + Integer.toHexString(ch))
            .isEqualTo(c.in.test(ch));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100_000);
  }

  // ---------------------------------------------------------------- refusal against a model of .NET's grammar

  private static final String[] VALID_ATOMS = {"a", "\\d", "[a-c]", "(?:x)", "(y)", "\\p{IsGreek}", "\\p{Lu}",
      "\\x41", "\\u0041", "\\t", "\\-", "{", "}", "]", "\\cA", "[\\b]", "(?i:z)"};
  private static final String[] INVALID_ATOMS = {"\\H", "\\V", "\\X", "\\_", "\\pL", "\\p{IsL}", "\\p{InGreek}",
      "\\p{IsLatin}", "\\p{javaLowerCase}", "\\x4g", "\\q", "[z-a]", "(?u)", "(?d)", "(?U)", "\\9"};
  private static final String[] VALID_QUANTIFIERS = {"*", "+", "?", "{2}", "{1,}", "{1,2}", "*?", "{3}?"};

  @Test
  void refusedExactlyWhenDotNetsGrammarRefuses() {
    Random rnd = new Random(41);
    int refused = 0;
    for (int i = 0; i < 5000; i++) {
      StringBuilder b = new StringBuilder();
      boolean valid = true;
      int n = 1 + rnd.nextInt(5);
      for (int k = 0; k < n; k++) {
        if (rnd.nextInt(12) == 0) {
          b.append(INVALID_ATOMS[rnd.nextInt(INVALID_ATOMS.length)]);
          valid = false;
        } else {
          b.append(VALID_ATOMS[rnd.nextInt(VALID_ATOMS.length)]);
        }
        if (rnd.nextInt(3) == 0) {
          b.append(VALID_QUANTIFIERS[rnd.nextInt(VALID_QUANTIFIERS.length)]);
          if (rnd.nextInt(6) == 0) {
            b.append(new String[] {"*", "+", "{2}", "?+"}[rnd.nextInt(4)]); // a quantifier on a quantifier
            valid = false;
          }
        }
      }
      String p = b.toString();
      boolean compiled = BoundedRegex.compile(p, BoundedRegex.DEFAULT_BUDGET, new String[1]) != null;
      assertThat(compiled).as(p).isEqualTo(valid);
      if (!compiled) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1000);
  }
}
