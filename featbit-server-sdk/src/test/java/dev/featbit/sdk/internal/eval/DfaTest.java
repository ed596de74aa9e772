package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The automaton path: each feature against its .NET meaning, and generated patterns and inputs against the
 * counted engine path (seeded: a failure names the pattern and the input).
 */
class DfaTest {
  private static BoundedRegex compiled(String pattern) {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    return r;
  }

  /** The automaton's answer, checked against the counted engine path. */
  private static boolean dfa(String pattern, String input) {
    BoundedRegex r = compiled(pattern);
    Dfa d = DfaBuilder.build(DotNetRegex.translate(pattern));
    assertThat(d).as("/" + pattern + "/ has an automaton").isNotNull();
    boolean found = d.find(input);
    assertThat(r.findBounded(input)).as("/" + pattern + "/ on [" + input + "]: engine agrees").isEqualTo(found);
    assertThat(r.find(input)).as("/" + pattern + "/ on [" + input + "]: find agrees").isEqualTo(found);
    return found;
  }

  @Test
  void startAnchors() {
    assertThat(dfa("^ab", "abc")).isTrue();
    assertThat(dfa("^ab", "cab")).isFalse();
    assertThat(dfa("\\Aab", "ab")).isTrue();
    assertThat(dfa("\\Aab", "\nab")).isFalse();
    assertThat(dfa("\\Gab", "ab")).isTrue();
    assertThat(dfa("\\Gab", "xab")).isFalse();
    assertThat(dfa("x|^ab", "cab")).isFalse();
    assertThat(dfa("x|^ab", "cabx")).isTrue();
  }

  @Test
  void endAnchorsMatchBeforeAFinalNewline() {
    assertThat(dfa("ab$", "ab")).isTrue();
    assertThat(dfa("ab$", "ab\n")).isTrue();
    assertThat(dfa("ab$", "ab\n\n")).isFalse();
    assertThat(dfa("ab$", "ab\nx")).isFalse();
    assertThat(dfa("ab\\Z", "ab\n")).isTrue();
    assertThat(dfa("ab\\Z", "abc")).isFalse();
    assertThat(dfa("ab\\z", "ab\n")).isFalse();
    assertThat(dfa("ab\\z", "xab")).isTrue();
    assertThat(dfa("^$", "")).isTrue();
    assertThat(dfa("^$", "\n")).isTrue();
    assertThat(dfa("^$", "\n\n")).isFalse();
    assertThat(dfa("a\\n$", "a\n")).isTrue();
    assertThat(dfa("a\\n$", "a\n\n")).isTrue();
    assertThat(dfa("a$\\n", "a\n")).isTrue();
    assertThat(dfa("^\\d+$", "123")).isTrue();
    assertThat(dfa("^\\d+$", "12a3")).isFalse();
  }

  @Test
  void multiLineAnchors() {
    assertThat(dfa("(?m)^b", "a\nb")).isTrue();
    assertThat(dfa("(?m)^b", "ab")).isFalse();
    assertThat(dfa("(?m)a$", "a\nb")).isTrue();
    assertThat(dfa("(?m)a$", "ab")).isFalse();
    assertThat(dfa("(?m)^$", "a\n\nb")).isTrue();
    assertThat(dfa("(?m)^$", "ab")).isFalse();
    assertThat(dfa("(?m)\\n^$", "a\n")).as("^ after a final \\n").isTrue();
    assertThat(dfa("(?m)^x$", "a\nx\nb")).isTrue();
  }

  @Test
  void wordBoundaries() {
    assertThat(dfa("\\bab", "ab")).isTrue();
    assertThat(dfa("\\bab", "cab")).isFalse();
    assertThat(dfa("\\bab", "c ab")).isTrue();
    assertThat(dfa("ab\\b", "ab")).isTrue();
    assertThat(dfa("ab\\b", "abc")).isFalse();
    assertThat(dfa("ab\\b", "ab-")).isTrue();
    assertThat(dfa("a\\b-", "a-")).isTrue();
    assertThat(dfa("a\\Bb", "ab")).isTrue();
    assertThat(dfa("a\\B-", "a-")).isFalse();
    assertThat(dfa("\\B", "")).isTrue();
    assertThat(dfa("\\b", "")).isFalse();
    assertThat(dfa("\\b", "-")).isFalse();
    assertThat(dfa("\\bé\\b", "é")).as("letters beyond ASCII are word characters").isTrue();
    assertThat(dfa("a\\b", "a\u200D")).as("U+200D is a word character for \\b").isFalse();
    assertThat(dfa("a\\b", "a\u216B")).as("letter numbers are not").isTrue();
    assertThat(dfa("\\bcat\\b", "the cat sat")).isTrue();
    assertThat(dfa("\\bcat\\b", "concatenate")).isFalse();
  }

  @Test
  void classesWithCaseVariants() {
    assertThat(dfa("(?i)^[a-z]+$", "AbC")).isTrue();
    assertThat(dfa("(?i)k", "\u212A")).as("KELVIN SIGN").isTrue();
    assertThat(dfa("(?i)[^k]", "K")).isFalse();
    assertThat(dfa("(?i)[^k]", "x")).isTrue();
    assertThat(dfa("(?i)\\W", "A")).isFalse();
    assertThat(dfa("(?i:a)b", "Ab")).isTrue();
    assertThat(dfa("(?i:a)b", "AB")).isFalse();
    assertThat(dfa("[^a-z]", "abc")).isFalse();
    assertThat(dfa("\\p{Lu}", "aB")).isTrue();
    assertThat(dfa("(?i)\\p{Lu}", "a")).isEqualTo(compiled("(?i)\\p{Lu}").findBounded("a"));
  }

  @Test
  void alternationAndCountedRepeats() {
    assertThat(dfa("^(?:US|CA|GB|DE)$", "GB")).isTrue();
    assertThat(dfa("^(?:US|CA|GB|DE)$", "GBR")).isFalse();
    assertThat(dfa("^a{3}$", "aaa")).isTrue();
    assertThat(dfa("^a{3}$", "aa")).isFalse();
    assertThat(dfa("^a{2,4}$", "aaaa")).isTrue();
    assertThat(dfa("^a{2,4}$", "aaaaa")).isFalse();
    assertThat(dfa("^(ab){2,}$", "ababab")).isTrue();
    assertThat(dfa("^(ab){2,}$", "ab")).isFalse();
    assertThat(dfa("^(?:a|b)*?c", "ababc")).isTrue();
    assertThat(dfa("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "123e4567-e89b-12d3-a456-426614174000")).isTrue();
    assertThat(dfa("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "123e4567-e89b-12d3-a456-42661417400")).isFalse();
    assertThat(dfa("(a|aa)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac")).isFalse();
    assertThat(dfa("(x+x+)+y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).isFalse();
  }

  @Test
  void emptyPatternsAndEmptyMatches() {
    assertThat(dfa("", "")).isTrue();
    assertThat(dfa("", "abc")).isTrue();
    assertThat(dfa("a*", "bbb")).isTrue();
    assertThat(dfa("()", "x")).isTrue();
    assertThat(dfa("x?$", "abc")).isTrue();
    assertThat(dfa("^a*$", "")).isTrue();
    assertThat(dfa("^a*$", "b")).isFalse();
    assertThat(dfa("(?:)+b", "ab")).isTrue();
    assertThat(dfa("(\\b)*a", "-a")).isTrue();
  }

  @Test
  void surrogatesAreCodeUnits() {
    String emoji = "\uD83D\uDE00";
    assertThat(dfa("^.$", emoji)).isFalse();
    assertThat(dfa("^..$", emoji)).isTrue();
    assertThat(dfa("^\\uD83D", emoji)).isTrue();
    assertThat(dfa("\\uDE00$", emoji)).isTrue();
    assertThat(dfa("^[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]$", emoji)).isTrue();
    assertThat(dfa("^\\p{Cs}$", "\uDE00")).isTrue();
    assertThat(dfa("^\\w$", "\uD835\uDC00")).as("an astral letter is two non-word units").isFalse();
    assertThat(dfa("a\\b", "a\uD83D")).isTrue();
  }

  @Test
  void tooManyStatesKeepTheEnginePath() {
    // an unanchored search for a character a fixed distance from the end needs 2^n states
    BoundedRegex big = compiled("a[ab]{14}$");
    assertThat(big.dfa()).isNull();
    assertThat(big.find("aabababababababab")).isEqualTo(big.findBounded("aabababababababab"));
    BoundedRegex small = compiled("a[ab]{3}$");
    assertThat(small.dfa()).isNotNull();
    assertThat(compiled("a{5000}").dfa()).as("automaton size cap").isNull();
    assertThat(compiled("((?:){10000}){100000}").dfa()).as("copies of empty parts count").isNull();
    assertThat(compiled("(?:){3}a").dfa()).isNotNull();
  }

  @Test
  void backReferencesAndLookAroundsKeepTheEnginePath() {
    assertThat(compiled("(a)\\1").dfa()).isNull();
    assertThat(compiled("a(?=b)").dfa()).isNull();
    assertThat(compiled("(?<!a)b").dfa()).isNull();
    assertThat(compiled("(?>a*)a").dfa()).isNull();
    assertThat(compiled("(?>a*)a").find("aaa")).isFalse();
  }

  @Test
  void aDeadStateStopsTheSearch() {
    Dfa d = DfaBuilder.build(DotNetRegex.translate("^abc"));
    assertThat(d.find("abd" + "x".repeat(100))).isFalse();
    assertThat(compiled("a\\bb").dfa().find("ab")).isFalse();
  }

  // ---------------------------------------------------------------- generated patterns and inputs

  private static final String[] ATOMS = {"a", "b", "A", "k", "-", "_", "\\.", ".", "[a-c]", "[^a]", "[^\\n]",
      "\\d", "\\w", "\\W", "\\s", "\\S", "\\n", "[ab-]", "(?i:a)", "(?i:[a-c])", "(?i:[^k])", "(?i:\\W)",
      "(?i:s)", "\\p{L}", "\\p{Lu}", "\\P{Ll}", "\\uD83D", "[\\uD800-\\uDFFF]", "[\\w-[ab]]", "x", "é", "\\u212A"};
  private static final String[] QUANTIFIERS = {"", "", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}",
      "*?", "+?", "??", "{1,2}?"};
  private static final String[] ZERO_WIDTH = {"^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G", "(?m:^)",
      "(?m:$)"};
  private static final String INPUT = "aAbBkKx-_.1 \n\n\uD83D\uDE00\u00E9\u00C9\u212A\u017F\u0130\u216B\u200D\u0660s";

  private static String generated(Random rnd, int depth) {
    StringBuilder b = new StringBuilder();
    int items = rnd.nextInt(5);
    for (int i = 0; i < items; i++) {
      int k = rnd.nextInt(12);
      if (k == 0 && depth < 3) {
        b.append(rnd.nextBoolean() ? "(" : "(?:").append(generated(rnd, depth + 1));
        for (int j = rnd.nextInt(3); j >= 0; j--) {
          b.append('|').append(generated(rnd, depth + 1));
        }
        b.append(')');
      } else if (k == 1 && depth < 3) {
        b.append("(?:").append(generated(rnd, depth + 1)).append(')');
      } else if (k <= 3) {
        b.append(ZERO_WIDTH[rnd.nextInt(ZERO_WIDTH.length)]);
        if (rnd.nextInt(6) > 0) {
          continue;
        }
      } else {
        b.append(ATOMS[rnd.nextInt(ATOMS.length)]);
      }
      b.append(QUANTIFIERS[rnd.nextInt(QUANTIFIERS.length)]);
    }
    if (depth == 0) {
      int o = rnd.nextInt(10);
      b.insert(0, o == 0 ? "(?i)" : o == 1 ? "(?m)" : o == 2 ? "(?s)" : o == 3 ? "(?im)" : "");
    }
    return b.toString();
  }

  private static String input(Random rnd) {
    int n = rnd.nextInt(12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(INPUT.charAt(rnd.nextInt(INPUT.length())));
    }
    return b.toString();
  }

  private static int compare(String p, Random rnd, int inputs, boolean own) {
    BoundedRegex r = BoundedRegex.compile(p, BoundedRegex.DEFAULT_BUDGET, new String[1]);
    if (r == null || r.dfa() == null) {
      return 0;
    }
    for (int j = 0; j < inputs; j++) {
      String in = own ? input(rnd) : DotNetRegexDifferentialTest.input(rnd);
      boolean engine;
      try {
        engine = r.findBounded(in);
      } catch (BoundedRegex.BudgetExceeded e) {
        continue;
      }
      assertThat(r.findDfa(in)).as("/" + p + "/ on [" + in + "] " + escape(in)).isEqualTo(engine);
    }
    return 1;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return b.toString();
  }

  @Test
  void generatedPatternsAnswerAsTheEngine() {
    Random rnd = new Random(20_26);
    int withAutomaton = 0;
    for (int i = 0; i < 6000; i++) {
      withAutomaton += compare(generated(rnd, 0), rnd, 16, true);
    }
    assertThat(withAutomaton).isGreaterThan(5000);
  }

  /**
   * The SDK's own matcher (.NET's backtracking rules: an empty iteration ends a loop once its minimum is
   * reached) against the automaton (whether some way through the pattern matches), on generated patterns
   * without back-references or look-arounds, for which .NET's answer is the automaton's.
   */
  @Test
  void generatedPatternsAnswerAsTheSdksOwnMatcher() {
    Random rnd = new Random(20_261_204);
    int compared = 0;
    int emptyLoops = 0;
    for (int i = 0; i < 6000; i++) {
      String p = generated(rnd, 0);
      DotNetRegex.Result t = DotNetRegex.translate(p);
      Dfa d = t.error == null ? DfaBuilder.build(t) : null;
      if (d == null) {
        continue;
      }
      String[] error = new String[1];
      DotNetMatcher m = DotNetMatcher.compile(p, error);
      assertThat(m).as("/" + p + "/: " + error[0]).isNotNull();
      compared++;
      if (t.needsOwnMatcher) {
        emptyLoops++;
      }
      for (int j = 0; j < 16; j++) {
        String in = input(rnd);
        boolean own;
        try {
          own = m.find(in, BoundedRegex.DEFAULT_BUDGET);
        } catch (BoundedRegex.BudgetExceeded e) {
          continue;
        }
        assertThat(d.find(in)).as("/" + p + "/ on [" + in + "] " + escape(in)).isEqualTo(own);
      }
    }
    assertThat(compared).isGreaterThan(5000);
    assertThat(emptyLoops).as("loops with a minimum of two over something that can match nothing").isGreaterThan(100);
  }

  @Test
  void theDifferentialGeneratorsPatternsAnswerAsTheEngine() {
    Random rnd = new Random(17);
    int withAutomaton = 0;
    for (int i = 0; i < 4000; i++) {
      withAutomaton += compare(DotNetRegexDifferentialTest.pattern(rnd, 0), rnd, 12, false);
    }
    assertThat(withAutomaton).isGreaterThan(3000);
  }

  @Test
  void caseInsensitiveSetsAreTheEnginesOnEveryCodeUnit() {
    for (String p : new String[] {"(?i)[^k]", "(?i)\\W", "(?i)[a-z]", "(?i)s", "(?i)\\p{Lu}", "(?i)[^\\p{Ll}]",
        "(?i)\u0130", "(?i)[\u00C0-\u024F]"}) {
      BoundedRegex r = compiled("^" + p + "$");
      assertThat(r.dfa()).isNotNull();
      for (int c = 0; c <= 0xFFFF; c++) {
        String in = String.valueOf((char) c);
        if (r.findDfa(in) != r.findBounded(in)) {
          assertThat(r.findDfa(in)).as(p + " on U+" + Integer.toHexString(c)).isEqualTo(r.findBounded(in));
        }
      }
    }
  }
}
