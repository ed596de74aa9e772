package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * EVAL-14 (regex dialect): .NET's grammar and semantics, case by case. Expected answers come from .NET's
 * documented behaviour and its {@code RegexParser}/{@code RegexCharClass} rules.
 */
class DotNetRegexTest {
  static boolean find(String pattern, String input) {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    boolean found = r.find(input);
    assertThat(r.findBounded(input)).as("/" + pattern + "/ counted path agrees").isEqualTo(found);
    return found;
  }

  static boolean refused(String pattern) {
    return BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, new String[1]) == null;
  }

  @Test
  void internalXmlNamesOfTheBlockTable() {
    // RegexCharClass's _xmlC (XML NameChar), _xmlI (name start), _xmlD (digits), _xmlW
    assertThat(find("^\\p{_xmlC}+$", "ab-.9:_\u00B7")).isTrue();
    assertThat(find("^\\p{_xmlC}$", "!")).isFalse();
    assertThat(find("^\\p{_xmlI}$", ":")).isTrue();
    assertThat(find("^\\p{_xmlI}$", "-")).as("not a name start").isFalse();
    assertThat(find("^\\p{_xmlI}$", "\u0132")).as("U+0132 is outside the table's ranges").isFalse();
    assertThat(find("^\\p{_xmlD}+$", "09\u0660")).isTrue();
    assertThat(find("^\\p{_xmlD}$", "a")).isFalse();
    assertThat(find("^\\p{_xmlW}$", "$")).isTrue();
    assertThat(find("^\\p{_xmlW}$", "%")).isFalse();
    assertThat(find("^\\P{_xmlC}$", "!")).isTrue();
    assertThat(find("^[^\\p{_xmlD}]$", "5")).isFalse();
    assertThat(refused("\\p{_xmlX}")).isTrue();
  }

  @Test
  void blockNamesAreDotNetBlocks() {
    assertThat(find("^\\p{IsBasicLatin}+$", "Bob")).isTrue();
    assertThat(find("^\\p{IsBasicLatin}+$", "Böb")).isFalse();
    assertThat(find("^\\p{IsLatin-1Supplement}$", "ö")).isTrue();
    assertThat(find("^\\p{IsGeneralPunctuation}$", "\u2014")).isTrue();
    assertThat(find("^\\p{IsCJKUnifiedIdeographs}+$", "中文")).isTrue();
    // Greek is the block U+0370-03FF, not the script: Greek Extended is out, Coptic in the block is in
    assertThat(find("^\\p{IsGreek}$", "\u1F00")).isFalse();
    assertThat(find("^\\p{IsGreek}$", "\u03E2")).isTrue();
    assertThat(find("^\\p{IsGreekandCoptic}$", "α")).isTrue();
    assertThat(find("^\\p{IsCyrillic}$", "\u0500")).as("Cyrillic Supplement is another block").isFalse();
    assertThat(find("^\\p{IsCyrillic}$", "ж")).isTrue();
    assertThat(find("^\\p{IsHiragana}$", "\u30A0")).as("U+30A0 is in the Katakana block").isFalse();
    assertThat(find("^\\p{IsKatakana}$", "\u30A0")).isTrue();
    assertThat(find("^\\P{IsBasicLatin}$", "é")).isTrue();
    assertThat(find("^[\\p{IsBasicLatin}\\p{IsGreek}]+$", "abγ")).isTrue();
    // surrogate blocks: each half of a pair is a character of its block
    assertThat(find("^\\p{IsHighSurrogates}\\p{IsLowSurrogates}$", "\uD83D\uDE00")).isTrue();
    assertThat(find("^\\p{IsHighPrivateUseSurrogates}", "\uDB80\uDC00")).isTrue();
    assertThat(find("^\\p{IsSpecials}$", "\uFFFD")).isTrue();
    for (String name : DotNetBlocks.names()) {
      int[] r = DotNetBlocks.range(name);
      String first = String.valueOf((char) r[0]);
      String last = String.valueOf((char) r[1]);
      assertThat(find("^\\p{" + name + "}$", first)).as(name).isTrue();
      assertThat(find("^\\p{" + name + "}$", last)).as(name).isTrue();
      if (r[0] > 0) {
        assertThat(find("^\\p{" + name + "}$", String.valueOf((char) (r[0] - 1)))).as(name).isFalse();
      }
    }
  }

  @Test
  void plusTurnsOptionsOnAgain() {
    // .NET's ScanOptions: '-' turns the letters after it off, '+' on again
    assertThat(find("(?+i)a", "A")).isTrue();
    assertThat(find("(?i-i+i)a", "A")).isTrue();
    assertThat(find("(?i-s+m)^b.", "a\nB!")).isTrue();
    assertThat(find("(?-i+s:a.)", "a\n")).isTrue();
    assertThat(refused("(?(?+i)a|b)")).as("no options as a condition").isTrue();
  }

  @Test
  void optionLettersInEitherCase() {
    assertThat(find("(?I)abc", "xABCx")).isTrue();
    assertThat(find("(?i)abc", "xABCx")).isTrue();
    assertThat(find("(?M)^b$", "a\nb\nc")).isTrue();
    assertThat(find("^b$", "a\nb\nc")).isFalse();
    assertThat(find("(?S)a.b", "a\nb")).isTrue();
    assertThat(find("a.b", "a\nb")).isFalse();
    assertThat(find("(?X) a b # comment", "ab")).isTrue();
    assertThat(find("(?Is-M:A.)", "a\n")).isTrue();
    assertThat(find("a(?i)b|c", "C")).as("an inline option reaches later alternatives").isTrue();
    assertThat(find("(?:a(?i)b)c", "aBC")).as("and ends with its group").isFalse();
    assertThat(find("(?)a(?-)", "a")).as("empty option groups").isTrue();
    // explicit capture: unnamed groups do not capture
    assertThat(refused("(?n)(a)\\1")).isTrue();
    assertThat(refused("(?N)(a)\\1")).isTrue();
    assertThat(find("(?N)(a)(?<x>b)\\k<x>\\1", "abbb")).as("\\1 is x").isTrue();
    // multi-line anchors: ^ also after a final newline, $ before every newline
    assertThat(find("(?m)^$", "a\n")).isTrue();
    assertThat(find("(?m)a$", "a\nb")).isTrue();
    assertThat(find("a$", "a\n")).isTrue();
    assertThat(find("a$", "a\n\n")).isFalse();
    assertThat(find("a\\Z", "a\n")).isTrue();
    assertThat(find("a\\z", "a\n")).isFalse();
  }

  @Test
  void backspaceInAClass() {
    assertThat(find("^[\\b]$", "\b")).isTrue();
    assertThat(find("^[a\\b]+$", "a\ba")).isTrue();
    assertThat(find("^[\\b]$", "b")).isFalse();
    assertThat(find("a\\b", "a b")).as("outside a class: a word boundary").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a{2}{3}", "a**", "a*+", "a++", "a?+", "a{2}+", "a+?+", "a*?*", "(?x)a{2} {3}",
      "\\H", "\\V", "\\X", "\\_", "\\h", "\\R", "\\Q", "\\E", "\\i", "\\y", "\\8", "[\\8]", "\\é", "\\pL",
      "\\p", "\\p{", "\\p{InGreek}", "\\p{IsL}", "\\p{IsLatin}", "\\p{javaLowerCase}", "\\p{Alpha}", "\\p{L",
      "\\p{isGreek}", "\\p{ll}", "(?u)a", "(?d)a", "(?U)a", "(?iu)a", "(?P<x>a)", "(?<x>a)(?P=x)", "a\\1", "(a)\\2",
      "\\1(a)(b)\\3", "\\k<x>(a)", "\\k", "\\ka", "\\k<1>", "\\<x>", "a\\", "(a", "a)", "[a", "[]", "[^]",
      "[z-a]", "[a-\\d]", "[a-z-[aeiou]x]", "*a", "+a", "?a", "{2}a", "a|*", "(*)", "(?<>a)", "(?<0>a)",
      "(?<1a>x)", "\\x4", "\\x{41}", "\\u12", "\\u00zz", "\\c", "\\c1", "(?", "(?<", "(?#", "(?z)"})
  void refusesWhatDotNetRefuses(String pattern) {
    String[] error = new String[1];
    assertThat(BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error)).as(pattern).isNull();
    assertThat(error[0]).startsWith("invalid regex");
  }

  @Test
  void acceptsWhatDotNetAccepts() {
    assertThat(find("a{2}{", "aa{")).as("a brace that is not a quantifier").isTrue();
    assertThat(find("^\\-\\]\\}\\{\\ \\#$", "-]}{ #")).isTrue();
    assertThat(find("^\\<x$", "<x")).as("\\< that is not a reference is the character").isTrue();
    assertThat(find("^(?<x>a)\\<x>$", "aa")).as("\\<name> is a reference").isTrue();
    assertThat(find("^(a)\\k<1>$", "aa")).isTrue();
    assertThat(find("^\\12$", "\n")).as("no group 12: octal").isTrue();
    assertThat(find("^(a)\\18$", "a\u00018")).as("no group 18: octal \\1 then 8").isTrue();
    assertThat(find("^[\\1]$", "\u0001")).isTrue();
    assertThat(find("^\\x41\\u0042\\cC\\e\\a$", "AB\u0003\u001B\u0007")).isTrue();
    assertThat(find("^a{0}b$", "b")).isTrue();
    assertThat(find("^(?>a+)b$", "aab")).isTrue();
    assertThat(find("^[[:alpha:]]$", "[")).as("[:name:] is skipped: the class is '['").isTrue();
    assertThat(find("^[[:alpha:]]$", "a")).isFalse();
    assertThat(find("^[\\--/]+$", "-/")).as("an escaped - does not start a range").isTrue();
    assertThat(find("^[\\--/]$", ".")).isFalse();
    assertThat(find("^(?:^)*a$", "a")).isTrue();
    assertThat(find("^[-[a]]$", "-]")).as("a leading - is not a subtraction").isTrue();
    assertThat(find("^[[:a]+$", "[:a")).as("[: without :] is a [").isTrue();
  }

  @Test
  void wordClassIsDotNets() {
    assertThat(find("^\\w+$", "abc_123é中")).isTrue();
    assertThat(find("^\\w$", "\u216B")).as("letter numbers (Nl) are not word characters").isFalse();
    assertThat(find("^\\w$", "\u0903")).as("spacing marks (Mc) are not").isFalse();
    assertThat(find("^\\w$", "\u20DD")).as("enclosing marks (Me) are not").isFalse();
    assertThat(find("^\\w$", "\u0301")).as("non-spacing marks (Mn) are").isTrue();
    assertThat(find("^\\w$", "\u203F")).as("connector punctuation (Pc) is").isTrue();
    assertThat(find("^\\W$", "\u216B")).isTrue();
    assertThat(find("a\\b", "a\u216B")).as("\\b uses the same set").isTrue();
    assertThat(find("a\\b", "a\u200D")).as("and U+200D/U+200C count as word characters for \\b").isFalse();
    assertThat(find("a\\B", "a\u200C")).isTrue();
    assertThat(find("^\\w$", "\u200D")).as("but not for \\w").isFalse();
    assertThat(find("\\bword\\b", "a word.")).isTrue();
    assertThat(find("\\bword\\b", "swordfish")).isFalse();
    // Java's own boundary is used only where it agrees: letter numbers, spacing marks are word characters to it
    assertThat(find("(?i)\\bx\\b", "\u216Bx")).isTrue();
    assertThat(find("\\bx\\b", "\u0903x\u0903")).isTrue();
    assertThat(find("\\Bx", "\u0903x")).isFalse();
    assertThat(find("x\\b", "x\u203F")).as("connector punctuation is a word character").isFalse();
  }

  @Test
  void spaceDigitAndVerticalTab() {
    assertThat(find("^\\v$", "\u000B")).isTrue();
    assertThat(find("^\\v$", "\n")).as("\\v is only U+000B").isFalse();
    assertThat(find("^\\s+$", " \t\n\u000B\f\r\u0085\u00A0\u2000\u200A\u2028\u2029\u3000")).isTrue();
    assertThat(find("^\\s$", "\u001C")).isFalse();
    assertThat(find("^\\s$", "\u200B")).isFalse();
    assertThat(find("^\\d+$", "123١٢٣")).isTrue();
    assertThat(find("^\\d$", "²")).isFalse();
  }

  @Test
  void classSubtraction() {
    assertThat(find("^[a-z-[aeiou]]+$", "bcd")).isTrue();
    assertThat(find("^[a-z-[aeiou]]+$", "bad")).isFalse();
    assertThat(find("^[a-z-[d-f-[e]]]+$", "e")).as("nested: e is put back").isTrue();
    assertThat(find("^[a-z-[d-f-[e]]]+$", "d")).isFalse();
    assertThat(find("^[^a-z-[0-9]]$", "5")).as("negated base, then the subtraction").isFalse();
    assertThat(find("^[^a-z-[0-9]]$", "!")).isTrue();
    assertThat(find("^[\\w-[\\d]]+$", "abc")).isTrue();
    assertThat(find("^[\\w-[\\d]]+$", "ab1")).isFalse();
    assertThat(find("^[a-[a]]$", "a")).as("a range ending in [ is a subtraction").isFalse();
    assertThat(find("^[ab-[a]]$", "b")).isTrue();
  }

  @Test
  void utf16CodeUnits() {
    String emoji = "\uD83D\uDE00";
    assertThat(find("^.$", emoji)).as("an astral character is two characters").isFalse();
    assertThat(find("^..$", emoji)).isTrue();
    assertThat(find("^.{2}$", emoji)).isTrue();
    assertThat(find("^[^a]{2}$", emoji)).isTrue();
    assertThat(find("^\\p{Cs}{2}$", emoji)).isTrue();
    assertThat(find("^\\P{Cs}$", emoji)).isFalse();
    assertThat(find("^\\p{Co}$", "\uE000")).isTrue();
    assertThat(find("^\\p{Co}$", "\uDB80\uDC00")).as("a plane-15 character is two surrogates, not Co").isFalse();
    assertThat(find("^\\p{C}{2}$", emoji)).isTrue();
    assertThat(find("^\\uD83D\\uDE00$", emoji)).isTrue();
    assertThat(find("^" + emoji + "$", emoji)).isTrue();
    assertThat(find("^" + emoji + "+$", emoji + emoji)).as("+ repeats the low surrogate only").isFalse();
    assertThat(find("^" + emoji + "+$", emoji + "\uDE00")).isTrue();
    assertThat(find("^[" + emoji + "]$", "\uDE00")).as("a class holds two units").isTrue();
    assertThat(find("^[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]$", emoji)).isTrue();
    assertThat(find("^.$", "\uD800")).as("a lone surrogate is one character").isTrue();
    assertThat(find("^.$", "\uDC00")).isTrue();
    assertThat(find("^\\w+$", "\uD801\uDC00")).as("an astral letter is two surrogates, not \\w").isFalse();
    assertThat(find("^\\W\\W$", "\uD801\uDC00")).isTrue();
    assertThat(find("^\\d$", "\uD835\uDFCE")).as("astral digits are not \\d").isFalse();
    assertThat(find("^\\D{2}$", "\uD835\uDFCE")).isTrue();
    assertThat(find("a\\b", "a\uD801\uDC00")).isTrue();
    assertThat(find("(?i)^" + emoji + "$", emoji)).isTrue();
    assertThat(find("^x\\w", "x\uDB80\uDC00")).isFalse();
  }

  @Test
  void caseInsensitive() {
    assertThat(find("(?i)^[a-c]+$", "AbC")).isTrue();
    assertThat(find("(?i)^straße$", "STRASSE")).isFalse();
    assertThat(find("(?i)(a)\\1", "aA")).isTrue();
    assertThat(find("(?i)^[^a]$", "A")).isFalse();
  }

  @Test
  void ignoringCaseUsesDotNetsEquivalences() {
    // RegexCaseEquivalences (invariant culture): a character is equal to those with the same lowercase
    assertThat(find("(?i)^k$", "\u212A")).as("KELVIN SIGN lowercases to k").isTrue();
    assertThat(find("(?i)^\u212A$", "K")).isTrue();
    assertThat(find("(?i)^\u212B$", "\u00E5")).as("ANGSTROM SIGN").isTrue();
    assertThat(find("(?i)^i$", "I")).isTrue();
    assertThat(find("(?i)^i$", "\u0130")).as("U+0130 is left out of the table").isFalse();
    assertThat(find("(?i)^i$", "\u0131")).isFalse();
    assertThat(find("(?i)^I$", "\u0131")).as("only Turkish cultures pair I with dotless i").isFalse();
    assertThat(find("(?i)^\u0130$", "i")).isFalse();
    assertThat(find("(?i)^\u0130$", "\u0130")).isTrue();
    assertThat(find("(?i)^[a-z]$", "\u212A")).as("k's class is added to the range").isTrue();
    assertThat(find("(?i)^[a-z]$", "\u017F")).as("LONG S only upper-cases to S").isFalse();
    assertThat(find("(?i)^[a-z]$", "\u0130")).isFalse();
    assertThat(find("(?i)^s$", "\u017F")).isFalse();
    assertThat(find("(?i)^\u017F$", "s")).isFalse();
    assertThat(find("(?i)^σ$", "Σ")).isTrue();
    assertThat(find("(?i)^σ$", "ς")).as("FINAL SIGMA lowercases to itself").isFalse();
    assertThat(find("(?i)^ς$", "Σ")).isFalse();
    assertThat(find("(?i)^Σ$", "σ")).isTrue();
    assertThat(find("(?i)^ß$", "\u1E9E")).as("CAPITAL SHARP S lowercases to ß").isTrue();
    assertThat(find("(?i)^\u1E9E$", "ß")).isTrue();
    assertThat(find("(?i)^ß$", "ss")).isFalse();
    assertThat(find("(?i)^\u00B5$", "\u03BC")).as("MICRO SIGN").isFalse();
    assertThat(find("(?i)^\u03BC$", "\u039C")).isTrue();
    assertThat(find("(?i)^\u01C5$", "\u01C6")).as("title-case digraph").isTrue();
    assertThat(find("(?i)^\u13A0$", "\uAB70")).as("Cherokee").isTrue();
    assertThat(find("(?i)^\u10D0$", "\u1C90")).as("Georgian Mtavruli").isTrue();
    assertThat(find("(?i)^\uA7CB$", "\u0264")).as("a Unicode 16.0 pair .NET's table lacks").isFalse();
    // negation applies after the equivalents are added; subtraction is closed as well
    assertThat(find("(?i)^[^k]$", "\u212A")).isFalse();
    assertThat(find("(?i)^[^k]$", "K")).isFalse();
    assertThat(find("(?i)^[^s]$", "\u017F")).isTrue();
    assertThat(find("(?i)^[a-z-[aeiou]]$", "A")).isFalse();
    assertThat(find("(?i)^[a-z-[aeiou]]$", "B")).isTrue();
    // categories are not closed, except that Ll, Lu and Lt each mean all three
    assertThat(find("(?i)^\\p{Lu}$", "a")).isTrue();
    assertThat(find("(?i)^\\p{Ll}$", "A")).isTrue();
    assertThat(find("(?i)^[\\p{Lt}]$", "a")).isTrue();
    assertThat(find("(?i)^\\P{Lu}$", "a")).isFalse();
    assertThat(find("(?i)^\\p{Lu}$", "\u00AA")).as("Lo is not cased").isFalse();
    assertThat(find("^\\p{Lu}$", "a")).isFalse();
    assertThat(find("(?i)^\\p{L}$", "\u00AA")).isTrue();
    assertThat(find("(?i)^\\w$", "\u212A")).isTrue();
    assertThat(find("(?i)^\\d$", "\u212A")).isFalse();
    // blocks are ranges to .NET: closed, also when negated
    assertThat(find("(?i)^\\p{IsBasicLatin}$", "\u212A")).isTrue();
    assertThat(find("(?i)^\\p{IsBasicLatin}$", "\u017F")).isFalse();
    assertThat(find("(?i)^\\P{IsBasicLatin}$", "k")).as("U+212A's class is added to the complement").isTrue();
    assertThat(find("(?i)^\\P{IsBasicLatin}$", "a")).isFalse();
    assertThat(find("(?i)^[^\\p{IsBasicLatin}]$", "\u212A")).isFalse();
    assertThat(find("(?i)^[\\p{IsGreek}]$", "\u2126")).as("OHM SIGN").isTrue();
    // scoped and turned off
    assertThat(find("^a(?i:k)$", "a\u212A")).isTrue();
    assertThat(find("^(?i)a(?-i)k$", "A\u212A")).isFalse();
    assertThat(find("^(?i)a(?-i)k$", "Ak")).isTrue();
    assertThat(find("(?i)^\\x6B$", "\u212A")).as("an escaped character").isTrue();
    assertThat(find("(?i)^[\\x6B]$", "\u212A")).isTrue();
    // back-references compare case-insensitively
    assertThat(find("(?i)^(k)\\1$", "k\u212A")).isTrue();
    assertThat(find("(?i)^(?<x>ss)\\k<x>$", "SSss")).isTrue();
    assertThat(find("^(k)(?i:\\1)$", "kK")).isTrue();
    assertThat(find("(?i)^(k)(?-i:\\1)$", "kK")).isFalse();
  }

  @Test
  void backReferencesFollowDotNetsCaptureAndCaseRules() {
    // a capture made inside a look-ahead is undone when the match backtracks past it (.NET's interpreter
    // uncaptures to the backtracking point): \1 then refers to a group that has not captured, and fails;
    // java.util.regex keeps the capture and matches
    assertThat(find("^(?:(?=(a))ab|a)\\1$", "aa")).isFalse();
    assertThat(find("^(?:(?=(a))ab|a)\\1?$", "aa")).isFalse();
    assertThat(find("^(?:(?=(a))ab|a)a$", "aa")).isTrue();
    // under (?i) a back-reference compares with .NET's case table: s and U+017F are not equivalent there
    assertThat(find("(?i)^(s)\\1$", "s\u017F")).isFalse();
    assertThat(find("(?i)^(s)\\1$", "sS")).isTrue();
    assertThat(find("(?i)^(\\w)\\1$", "\u03C3\u03C2")).as("sigma and final sigma").isFalse();
  }

  @Test
  void theAnalysisProvesLinearPatternsAndFindsRequiredLiterals() {
    DotNetRegex.Result email = DotNetRegex.translate("^[a-z0-9._%+-]+@corp\\.example$");
    assertThat(email.linear).isTrue();
    assertThat(email.anchored).isTrue();
    assertThat(email.literal).isEqualTo("@corp.example");
    DotNetRegex.Result uuid = DotNetRegex.translate("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    assertThat(uuid.linear).isTrue();
    assertThat(DotNetRegex.translate("(?i)^(us|ca|mx)$").linear).isTrue();
    assertThat(DotNetRegex.translate("[a-z]+[0-9]+").linear).as("disjoint neighbours").isTrue();
    assertThat(DotNetRegex.translate("\\bv\\d+\\.\\d+").linear).isTrue();
    // not proven: nested or overlapping quantifiers, back-references, look-arounds
    for (String p : new String[] {"(a+)+$", "(a|aa)*b", "\\d+\\d+x", "[a-z]*[a-c]", "^(\\w+\\s?)*$", "(.*a){25}",
        "(a)\\1", "a(?=b)", "(?:ab)+", ".*.*=.*", "(?i)a*A", "(?i)k+\u212A", "(?i)\u212A*K", "(?i)[a-z]*\u212A",
        "(?i)\\p{IsBasicLatin}*\u212A"}) {
      assertThat(DotNetRegex.translate(p).linear).as(p).isFalse();
    }
    assertThat(DotNetRegex.translate("ab|cd").literal).isNull();
    assertThat(DotNetRegex.translate("(?i)abc").literal).isNull();
    // ignoring case, .NET's equivalents decide: LONG S is not a variant of s; characters without case stay literal
    assertThat(DotNetRegex.translate("(?i)s*\u017F").linear).isTrue();
    assertThat(DotNetRegex.translate("(?i)[a-z]*\u0130").linear).isTrue();
    assertThat(DotNetRegex.translate("(?i)^[a-z]+@corp\\.example$").literal).isEqualTo("@");
    assertThat(DotNetRegex.translate("(?i)x-1.2").literal).isEqualTo("-1");
    assertThat(DotNetRegex.translate("x(?:ab)cd").literal).isEqualTo("xabcd");
    assertThat(DotNetRegex.translate("ab+cd").literal).isEqualTo("cd");
    assertThat(DotNetRegex.translate("a\\b-cd").literal).as("zero-width items do not break a run").isEqualTo("a-cd");
    // the plain path only for lengths whose bound is within the budget
    BoundedRegex r = BoundedRegex.compile("[a-z]+@x", 1_000_000, new String[1]);
    assertThat(r.fastFor(50)).isTrue();
    assertThat(r.fastFor(100_000)).isFalse();
    BoundedRegex anchored = BoundedRegex.compile("^[a-z]+@x", 1_000_000, new String[1]);
    assertThat(anchored.fastFor(20_000)).isTrue();
    assertThat(BoundedRegex.compile("(a+)+$", 1_000_000, new String[1]).fastFor(1)).isFalse();
  }
}
