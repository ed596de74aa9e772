package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Literal patterns are matched without the engine, with exactly the engine's (and .NET's) answers. */
class BoundedRegexTest {
  static final String[] PATTERNS = {"@example\\.com$", "^admin", "^exact$", "bot", "a\\+b", "\\$5", "x\\\\$",
      "^\\(x\\)$", "\\.", "-", "^$", "a.c", "\\d+", "(?i)BOT", "a|b", "^a\\b"};
  static final String[] INPUTS = {"", "bob@example.com", "bob@example.com\n", "bob@example.com\n\n",
      "bob@example.co", "admin-1", "xadmin", "exact", "exact\n", "exactly", "Googlebot", "a+b", "ab", "$5",
      "x\\", "x\\\n", "(x)", ".", "a-b", "\n", "abc", "BOT", "a b"};

  @Test
  void literalFastPathAgreesWithTheEngine() {
    for (String p : PATTERNS) {
      BoundedRegex r = BoundedRegex.compile(p, 1_000_000, new String[1]);
      Pattern engine = Pattern.compile(p, Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
      for (String in : INPUTS) {
        assertThat(r.find(in)).as("/" + p + "/ on [" + in + "]").isEqualTo(engine.matcher(in).find());
      }
    }
  }

  @Test
  void onlyPlainLiteralsTakeTheFastPath() {
    assertThat(BoundedRegex.unescapeLiteral("@example\\.com")).isEqualTo("@example.com");
    assertThat(BoundedRegex.unescapeLiteral("a.c")).isNull();
    assertThat(BoundedRegex.unescapeLiteral("\\d")).isNull();
    assertThat(BoundedRegex.unescapeLiteral("a b")).isNull();
    assertThat(BoundedRegex.unescapeLiteral("é")).isNull();
    assertThat(BoundedRegex.unescapeLiteral("x\\")).isNull();
  }

  /**
   * EVAL-14: an ordinary pattern with a repeated group against a long value (java.util.regex recurses once per
   * repetition: this overflows any default thread stack) is matched on a thread with a deeper stack and gives
   * the server's answer, within the same budget of character reads.
   */
  @Test
  void eval14_longValuesWithRepeatedGroupsMatchLikeTheServer() {
    BoundedRegex r = BoundedRegex.compile("^(?:[a-z]|-)+$", 1_000_000, new String[1]);
    String value = "ab-".repeat(20_000); // 60,000 characters
    assertThat(r.find(value)).isTrue();
    assertThat(r.find(value + "!")).isFalse();
    // the retry keeps the budget of character reads
    BoundedRegex small = BoundedRegex.compile("^(?:[a-z]|-)+$", 50_000, new String[1]);
    assertThatThrownBy(() -> small.find(value)).isInstanceOf(BoundedRegex.BudgetExceeded.class);
  }
}
