package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Randomised, seeded comparison of {@link DotNetMatcher} with the {@code java.util.regex} path on patterns both
 * express: literals, classes, greedy and lazy quantifiers, groups, alternation, anchors, back-references to
 * groups already closed, look-aheads, bounded look-behinds and the options i, m, s, n. Wherever neither runs
 * out of budget, both must answer the same; a failure names the seed, the pattern and the input.
 */
class DotNetMatcherDifferentialTest {
  private static final String[] ATOMS = {"a", "b", "c", "A", "-", "\\.", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w",
      "\\s", "\\W", "[\\w-]", "[a-z-[b]]", "1", " ", "\\n", "\\p{Nd}", "[^\\n]", "_"};
  private static final String[] QUANTIFIERS = {"*", "+", "?", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?", "??",
      "{1,2}?", "{0,}?"};
  /** Also counted loops with a minimum of two or more, greedy and lazy. */
  private static final String[] ALL_QUANTIFIERS = {"*", "+", "?", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?",
      "??", "{1,2}?", "{0,}?", "{2,}?", "{2,3}?", "{3}", "{2,4}"};
  private static final String[] ANCHORS = {"^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G"};
  private static final String[] BEHIND = {"a", "b|c", "[ab]", "a{1,2}", "\\d", "ab|c", "(?:a|bc)", "^", "\\b",
      "\\w{2}", "[^a]", "(?:x)?a",
      // no maximum length: the SDK's matcher reads them right to left, java.util.regex tries every start
      "a+", "[ab]*", "(?:ab)+", "\\w+?", "b.*", "(?:a|bc)*c", "^\\w*", "\\b\\d+", "(?:[^a]{2})+?"};
  private static final String INPUT = "aabAbc1- _\n.x\u00e9B";

  private static final class Gen {
    final Random rnd;
    int groups;
    final List<Integer> closed = new ArrayList<>();
    boolean explicit; // (?n): unnamed groups do not capture
    /**
     * Inside an atomic group or a look-ahead: no capturing group there, as java.util.regex does not undo
     * their captures when the match backtracks past the group (the SDK's matcher does, as .NET does).
     */
    int opaque;
    /** Whether what was generated last can match nothing. */
    boolean nullable;

    /** Every quantifier on every item, lazy ones on groups too. */
    final boolean all;

    Gen(Random rnd) {
      this(rnd, false);
    }

    Gen(Random rnd, boolean all) {
      this.rnd = rnd;
      this.all = all;
    }

    String pattern() {
      StringBuilder b = new StringBuilder();
      int k = rnd.nextInt(10);
      if (k == 0) {
        b.append("(?i)");
      } else if (k == 1) {
        b.append("(?m)");
      } else if (k == 2) {
        b.append("(?s)");
      } else if (k == 3) {
        b.append("(?n)");
        explicit = true;
      }
      b.append(alternation(0));
      return b.toString();
    }

    String alternation(int depth) {
      StringBuilder b = new StringBuilder(sequence(depth));
      boolean any = nullable;
      while (rnd.nextInt(4) == 0) {
        b.append('|').append(sequence(depth));
        any |= nullable;
      }
      nullable = any;
      return b.toString();
    }

    String sequence(int depth) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(4) + (depth == 0 ? 1 : 0);
      boolean all = true;
      for (int i = 0; i < n; i++) {
        b.append(item(depth));
        all &= nullable;
      }
      nullable = all;
      return b.toString();
    }

    String item(int depth) {
      int k = rnd.nextInt(depth < 3 ? 20 : 12);
      String atom;
      boolean quantifiable = true;
      boolean group = false;
      boolean empty = false;
      if (k < 8) {
        atom = ATOMS[rnd.nextInt(ATOMS.length)];
      } else if (k < 9) {
        atom = ANCHORS[rnd.nextInt(ANCHORS.length)];
        quantifiable = false;
        empty = true;
      } else if (k < 10 && !closed.isEmpty()) {
        atom = "\\" + closed.get(rnd.nextInt(closed.size()));
        empty = true;
      } else if (k < 11) {
        atom = "(?<" + (rnd.nextBoolean() ? "=" : "!") + BEHIND[rnd.nextInt(BEHIND.length)] + ")";
        quantifiable = false;
        empty = true;
      } else if (k < 12) {
        atom = "(?i:" + ATOMS[rnd.nextInt(ATOMS.length)] + ")";
      } else if (k < 15 && opaque == 0) {
        int number = explicit ? -1 : ++groups;
        atom = "(" + alternation(depth + 1) + ")";
        empty = nullable;
        // java.util.regex records no capture for an iteration of a quantified group that matches nothing
        quantifiable = !nullable;
        group = true;
        if (number > 0) {
          closed.add(number);
        }
      } else if (k < 17) {
        atom = "(?:" + alternation(depth + 1) + ")";
        empty = nullable;
        group = true;
      } else if (k < 18) {
        opaque++;
        atom = "(?>" + alternation(depth + 1) + ")";
        opaque--;
        empty = nullable;
        group = true;
      } else if (k < 19) {
        opaque++;
        atom = "(?" + (rnd.nextBoolean() ? "=" : "!") + alternation(depth + 1) + ")";
        opaque--;
        quantifiable = false;
        empty = true;
      } else {
        atom = "(?" + new String[] {"i", "m", "s", "-i", "is"}[rnd.nextInt(5)] + ":" + alternation(depth + 1) + ")";
        empty = nullable;
      }
      if (quantifiable && rnd.nextInt(3) == 0) {
        String q = all ? ALL_QUANTIFIERS[rnd.nextInt(ALL_QUANTIFIERS.length)]
            : QUANTIFIERS[rnd.nextInt(QUANTIFIERS.length)];
        // java.util.regex ends a loop on a group at an iteration that matches nothing even below the minimum
        // count, .NET continues after it (the SDK's matcher too): compared with java.util.regex on the same
        // translation, lazy quantifiers on single atoms only (see the test below for every quantifier)
        atom += !all && group && q.endsWith("?") && q.length() > 1 ? q.substring(0, q.length() - 1) : q;
        empty |= q.startsWith("*") || q.startsWith("?") || q.startsWith("{0");
      }
      nullable = empty;
      return atom;
    }
  }

  private static String input(Random rnd) {
    int n = rnd.nextInt(10);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(INPUT.charAt(rnd.nextInt(INPUT.length())));
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
  void matcherAnswersAsTheJavaPathOnPatternsBothExpress() {
    long seed = 20261203L;
    Random rnd = new Random(seed);
    int patterns = 0;
    int compared = 0;
    int matched = 0;
    int unbounded = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      String p = new Gen(rnd).pattern();
      String[] error = new String[1];
      BoundedRegex path = BoundedRegex.compile(p, 200_000, error);
      if (path == null) {
        continue; // refused by .NET's grammar
      }
      Predicate<String> reference;
      if (path.usesDotNetMatcher()) {
        // a look-behind without maximum length, or a back-reference: compared with java.util.regex on the
        // same translation
        Pattern direct;
        try {
          direct = Pattern.compile(DotNetRegex.translate(p).java, Pattern.UNIX_LINES);
        } catch (java.util.regex.PatternSyntaxException e) {
          continue; // java.util.regex accepts only some look-behinds without maximum length
        }
        reference = s -> direct.matcher(s).find();
        unbounded++;
      } else {
        reference = path::findBounded;
      }
      DotNetMatcher vm = DotNetMatcher.compile(p, error);
      assertThat(vm).as("seed " + seed + ": /" + p + "/ compiles on the matcher: " + error[0]).isNotNull();
      patterns++;
      for (int j = 0; j < 15; j++) {
        String s = input(rnd);
        String expected = outcome(() -> reference.test(s));
        String actual = outcome(() -> vm.find(s, 200_000));
        if (expected.equals("budget") || actual.equals("budget")) {
          continue;
        }
        compared++;
        if (expected.equals("true")) {
          matched++;
        }
        if (!expected.equals(actual) && failures.size() < 20) {
          failures.add("/" + p + "/ on \"" + s.replace("\n", "\\n") + "\": java.util.regex " + expected
              + ", matcher " + actual);
        }
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(patterns).isGreaterThan(2500);
    assertThat(unbounded).as("patterns with an unbounded look-behind").isGreaterThan(200);
    assertThat(compared).isGreaterThan(30_000);
    assertThat(matched).isGreaterThan(compared / 10);
  }

  /**
   * Every pattern the {@code java.util.regex} path answers (the SDK routes to its own matcher the loops and
   * look-behinds java.util.regex reads another way): both must answer the same, with every quantifier on
   * every item, counted loops with a minimum of two or more and lazy loops over groups included.
   */
  @Test
  void matcherAnswersAsTheJavaPathOnEveryPatternThatPathAnswers() {
    long seed = 20261204L;
    Random rnd = new Random(seed);
    int compared = 0;
    int routed = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 8000; i++) {
      String p = new Gen(rnd, true).pattern();
      String[] error = new String[1];
      BoundedRegex path = BoundedRegex.compile(p, 200_000, error);
      if (path == null) {
        continue;
      }
      if (path.usesDotNetMatcher()) {
        routed++;
        continue;
      }
      DotNetMatcher vm = DotNetMatcher.compile(p, error);
      assertThat(vm).as("seed " + seed + ": /" + p + "/ compiles on the matcher: " + error[0]).isNotNull();
      for (int j = 0; j < 12; j++) {
        String s = input(rnd);
        String expected = outcome(() -> path.findBounded(s));
        String actual = outcome(() -> vm.find(s, 200_000));
        if (expected.equals("budget") || actual.equals("budget")) {
          continue;
        }
        compared++;
        if (!expected.equals(actual) && failures.size() < 20) {
          failures.add("/" + p + "/ on \"" + s.replace("\n", "\\n") + "\": java.util.regex " + expected
              + ", matcher " + actual);
        }
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(compared).isGreaterThan(40_000);
    assertThat(routed).as("patterns on the SDK's own matcher").isGreaterThan(500);
  }
}
