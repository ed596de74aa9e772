package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Loops whose body can match nothing, and look-behinds whose body commits to its first way, decided from
 * .NET's interpreter ({@code RegexInterpreter}: {@code Branchcount}, {@code Lazybranchcount},
 * {@code Branchmark}, {@code Lazybranchmark}; look-behinds read right to left). A counted loop keeps its
 * iteration count relative to the minimum and goes on after an iteration that matched nothing while the
 * minimum is not reached; once it is reached, an empty iteration ends the loop (greedy) or is not followed by
 * another (lazy). Each answer is checked on every path the pattern has: the SDK's own matcher, the automaton
 * when there is one, and {@code find}.
 */
class EmptyIterationTest {
  private static boolean find(String pattern, String input) {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    assertThat(r.usesDotNetMatcher()).as("/" + pattern + "/ runs on the SDK's own matcher").isTrue();
    boolean own = r.findBounded(input);
    if (r.dfa() != null) {
      assertThat(r.findDfa(input)).as("/" + pattern + "/ on [" + input + "]: the automaton agrees").isEqualTo(own);
    }
    assertThat(r.find(input)).as("/" + pattern + "/ on [" + input + "]").isEqualTo(own);
    return own;
  }

  @Test
  void anEmptyIterationBelowTheMinimumIsFollowedByMore() {
    // \A matches nothing at 0: iteration 1 empty (count below the minimum: the loop goes on), iteration 2 "1"
    assertThat(find("(?:\\A|1){2}_", "1_")).isTrue();
    assertThat(find("(?:\\A|1){2,}_", "1_")).isTrue();
    assertThat(find("(?:\\A|1){3}_", "1_")).isTrue(); // \A, \A, 1
    assertThat(find("(?:\\A|1){2}_", "_")).isTrue(); // \A twice, then "_"
    assertThat(find("(?:\\A|1){2}_", "11_")).isTrue();
    assertThat(find("(?:\\A|1){2}_", "x1_")).isFalse(); // \A holds only at 0
    assertThat(find("(?:\\A|1){2}_", "1")).isFalse();
    // \b between "x" and "-": iteration 1 empty there, iteration 2 "-", then the end
    assertThat(find("x(?:\\b|-){2}$", "x-")).isTrue();
    assertThat(find("x(?:\\b|-){2}$", "x--")).isTrue(); // "-" twice
    assertThat(find("x(?:\\b|-){2}$", "x---")).isFalse(); // three "-" need three iterations
    assertThat(find("x(?:\\b|-){2}$", "x")).isTrue(); // \b at the end, twice
    assertThat(find("^(?:\\b|a|b){3}$", "ab")).isTrue(); // \b, a, b
    assertThat(find("^(?:\\b|a){3}$", "aa")).isTrue(); // \b, a, a
    assertThat(find("^(?:\\B|a){3}$", "aa")).isTrue(); // a, \B between the two, a
    assertThat(find("^(?:\\B|a){3}$", "a")).isFalse(); // \B holds neither at 0 before "a" nor at the end
  }

  @Test
  void lazyLoopsAlike() {
    assertThat(find("(?:\\A|1){2,}?_", "1_")).isTrue();
    assertThat(find("(?:\\A|1){2}?_", "1_")).isTrue();
    assertThat(find("x(?:\\b|-){2,3}?$", "x--")).isTrue(); // \b, -, -
    assertThat(find("x(?:\\b|-){2,3}?$", "x---")).isTrue(); // -, -, -
    assertThat(find("x(?:\\b|-){2,3}?$", "x----")).isFalse(); // four "-" need four iterations
  }

  @Test
  void anEmptyIterationOnceTheMinimumIsReachedEndsTheLoop() {
    // greedy: (a|) at "b" matches nothing: the loop ends there and "b" follows
    assertThat(find("^(?:a|){2,}b$", "aab")).isTrue();
    assertThat(find("^(?:a|){2,}b$", "b")).isTrue();
    assertThat(find("^(?:a|\\b){2,}$", "aa")).isTrue();
    assertThat(find("^(?:a|\\b){2,}c", "aab")).isFalse();
  }

  @Test
  void lookBehindsThatCommitAreReadRightToLeft() {
    // right to left: "c", then the atomic group's first way that ends before "c": "a" fails on "b", "ab" matches
    assertThat(find("(?<=(?>a|ab)c)d", "abcd")).isTrue();
    assertThat(find("(?<!(?>a|ab)c)d", "abcd")).isFalse();
    assertThat(find("(?<=(?>a|ab)c)d", "acd")).isTrue();
    assertThat(find("(?<=(?>a|ab)c)d", "bcd")).isFalse();
    // a look-ahead inside a look-behind: it reads left to right from where the right-to-left reading is
    assertThat(find("(?<=(?=b)\\w)c", "bc")).isTrue();
    assertThat(find("(?<=(?=b)\\w)c", "ac")).isFalse();
  }

  @Test
  void loopsThatNeverMatchNothingKeepTheirPath() {
    String[] error = new String[1];
    for (String p : new String[] {"(?:ab|c){2,}", "(a|b){2}", "(?:a?b){3}", "(?:\\b\\w){2}", "(?<=ab|c)d",
        "(?:a|){1,3}", "(?:\\A|1)*_", "(?:\\A|1)+_"}) {
      BoundedRegex r = BoundedRegex.compile(p, BoundedRegex.DEFAULT_BUDGET, error);
      assertThat(r.usesDotNetMatcher()).as(p).isFalse();
    }
  }
}
