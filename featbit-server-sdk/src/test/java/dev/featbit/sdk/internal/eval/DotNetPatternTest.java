package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * EVAL-14 (regex dialect): .NET spellings that java.util.regex rejects or reads differently match as the server's
 * {@code Regex.IsMatch} would. Expected answers are .NET's documented semantics.
 */
class DotNetPatternTest {
  static boolean find(String pattern, String input) {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    return r.find(input);
  }

  @Test
  void groupNamesWithUnderscoresAndQuotedNames() {
    assertThat(find("^(?<area_code>\\d{3})", "415-555")).isTrue();
    assertThat(find("^(?<area_code>\\d{3})-\\k<area_code>$", "415-415")).isTrue();
    assertThat(find("^(?<area_code>\\d{3})-\\k<area_code>$", "415-416")).isFalse();
    assertThat(find("^(?'n'a)\\k'n'$", "aa")).isTrue();
    assertThat(find("^(?'n'a)\\k'n'$", "ab")).isFalse();
    assertThat(find("(?<fbGroup0>x)(?<my_name>y)\\k<my_name>", "xyy")).isTrue();
  }

  @Test
  void aBraceThatIsNotAQuantifierIsALiteral() {
    assertThat(find("{abc}", "x{abc}y")).isTrue();
    assertThat(find("{abc}", "abc")).isFalse();
    assertThat(find("^x{,3}$", "x{,3}")).isTrue();
    assertThat(find("^x{,3}$", "xxx")).isFalse();
    assertThat(find("^\\d{3}-{", "123-{")).isTrue();
    assertThat(find("^a{2}$", "aa")).isTrue();
    assertThat(find("^a{2}$", "a{2}")).isFalse();
    assertThat(find("^a{1,}b{0,1}$", "aaab")).isTrue();
    assertThat(find("^\\p{L}{2}$", "ab")).as("a category's braces are not a literal").isTrue();
  }

  @Test
  void commentsNulAndClassLiterals() {
    assertThat(find("^(?#a comment)abc$", "abc")).isTrue();
    assertThat(find("\\0", "\u0000")).isTrue();
    assertThat(find("\\0", "0")).isFalse();
    assertThat(find("^\\0123$", "\n3")).as(".NET: at most three octal digits").isTrue();
    assertThat(find("^[\\0123]+$", "\n3")).isTrue();
    assertThat(find("^\\01(?#)2$", "\u00012")).as("a comment still separates tokens").isTrue();
    assertThat(find("^a(?#c)+$", "aaa")).as("a comment before a quantifier is skipped").isTrue();
    assertThat(find("^[[a]$", "[")).isTrue();
    assertThat(find("^[[a]$", "a")).isTrue();
    assertThat(find("^[[a]$", "b")).isFalse();
    assertThat(find("^[a&&b]$", "&")).isTrue();
    assertThat(find("^[a&&b]$", "a")).isTrue();
    assertThat(find("^[]a]$", "]")).isTrue();
    assertThat(find("(?<=a)b", "ab")).as("look-behind").isTrue();
    assertThat(find("(?<!a)b", "ab")).isFalse();
  }

  static boolean refused(String pattern) {
    return BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, new String[1]) == null;
  }

  @Test
  void groupsAreNumberedAsDotNetNumbersThem() {
    // .NET numbers named groups after the unnamed ones: \1 is (b) here
    assertThat(find("^(?<n>a)(b)\\1$", "abb")).isTrue();
    assertThat(find("^(?<n>a)(b)\\1$", "aba")).isFalse();
    assertThat(find("^(?<n>a)(b)\\2$", "aba")).isTrue();
    assertThat(find("^(?<year>\\d)\\1$", "11")).as("no unnamed group: the numbers agree").isTrue();
    assertThat(find("^(?<2>a)(b)\\2\\1$", "abab")).as("an explicit number").isTrue();
    assertThat(find("(?x) a { b", "a{b")).as("free spacing").isTrue();
    assertThat(find("(?ix: a { B )", "A{b")).isTrue();
    assertThat(refused("(?<a-b>x)")).as("balancing groups: not supported").isTrue();
    assertThat(refused("a*(?#c)+")).as("a comment does not separate a nested quantifier").isTrue();
    assertThat(refused("\\Q{a}\\E")).as("Java-only quoting: unknown escape to .NET").isTrue();
  }

  @Test
  void controlCharacterEscapesTakeTheNextCharacter() {
    assertThat(find("^\\c[{]$", "\u001b{]")).isTrue();
    assertThat(find("^[\\c]a]$", "\u001d")).isTrue();
    assertThat(find("^[\\c]a]$", "a")).isTrue();
    assertThat(find("^\\cA{2}$", "\u0001\u0001")).isTrue();
    assertThat(find("^\\ca$", "\u0001")).as(".NET: \\ca is \\cA").isTrue();
    assertThat(find("^\\c[\\[[0-9;]*m$", "\u001b[31m")).isTrue();
  }
}
