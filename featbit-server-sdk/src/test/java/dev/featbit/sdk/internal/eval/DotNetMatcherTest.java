package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * EVAL-14 (regex dialect): the .NET constructs the translation onto {@code java.util.regex} cannot express run
 * on {@link DotNetMatcher} with .NET's semantics. Expected answers come from .NET's documentation
 * ("Grouping constructs", "Alternation constructs", "Backreference constructs", "Quantifiers" on
 * learn.microsoft.com) and the behaviour of .NET's interpreter described there.
 */
class DotNetMatcherTest {

  /** Through the SDK's entry point: compiled as the evaluation compiles it. */
  static boolean find(String pattern, String input) {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    return r.find(input);
  }

  /** Directly on the matcher, whatever the translation could do with the pattern. */
  static boolean vm(String pattern, String input) {
    String[] error = new String[1];
    DotNetMatcher m = DotNetMatcher.compile(pattern, error);
    assertThat(m).as("/" + pattern + "/ compiles: " + error[0]).isNotNull();
    return m.find(input, BoundedRegex.DEFAULT_BUDGET);
  }

  static boolean onMatcher(String pattern) {
    BoundedRegex r = BoundedRegex.compile(pattern, BoundedRegex.DEFAULT_BUDGET, new String[1]);
    return r != null && r.usesDotNetMatcher();
  }

  @Test
  void whatTheTranslationCannotExpressAndBackReferencesRunOnTheMatcher() {
    assertThat(onMatcher("^(?<o>a)(?<-o>b)$")).isTrue();
    assertThat(onMatcher("(?(1)a|b)(x)")).isTrue();
    assertThat(onMatcher("(?<x>a)|(?<x>b)")).isTrue();
    assertThat(onMatcher("\\1(a)")).isTrue();
    assertThat(onMatcher("(?<=a+)b")).isTrue();
    assertThat(onMatcher("^[a-z]+\\d*$")).isFalse();
    assertThat(onMatcher("(a)\\1")).as("back-references: .NET's capture and case rules").isTrue();
    assertThat(onMatcher("(?<=a{1,3})b")).isFalse();
    BoundedRegex r = BoundedRegex.compile("(?(1)a|b)(x)", BoundedRegex.DEFAULT_BUDGET, new String[1]);
    assertThat(r.pattern()).isEqualTo("(?(1)a|b)(x)");
  }

  @Test
  void balancingGroups() {
    // "Balancing group definitions": nested angle brackets, (?'Close-Open'>) pops Open
    String angle = "^[^<>]*(((?'Open'<)[^<>]*)+((?'Close-Open'>)[^<>]*)+)*(?(Open)(?!))$";
    assertThat(find(angle, "<abc><mno<xyz>>")).isTrue();
    assertThat(find(angle, "<abc><mno<xyz>")).isFalse();
    assertThat(find(angle, "<abc>>")).isFalse();
    String parens = "^(?:[^()]|(?<o>\\()|(?<-o>\\)))*(?(o)(?!))$";
    assertThat(find(parens, "(a(b)c)")).isTrue();
    assertThat(find(parens, "(a(b c)")).isFalse();
    assertThat(find(parens, "a)b(")).isFalse();
    assertThat(find(parens, "())")).isFalse();
    assertThat(find(parens, "")).isTrue();
    // a pop undone on backtracking: the second alternative gets the capture back
    assertThat(find("^(?<o>a)(?:(?<-o>b)c|bd)\\k<o>$", "abda")).isTrue();
    assertThat(find("^(?<o>a)(?:(?<-o>b)c|bd)\\k<o>$", "abca")).isFalse();
    // the captured text of (?<c-o>..) is what lies between the popped capture and the group
    assertThat(find("^(?<o>a)x(?<c-o>b)\\k<c>$", "axbx")).isTrue();
    assertThat(find("^(?<o>a)x(?<c-o>b)\\k<c>$", "axbb")).isFalse();
    // popping the only capture: the group has no capture left
    assertThat(find("^(?<o>a)(?<-o>b)(?(o)y|n)$", "abn")).isTrue();
    assertThat(find("^(?<o>a)(?<-o>b)(?(o)y|n)$", "aby")).isFalse();
    // two captures, one pop: the first is the group's again
    assertThat(find("^(?:(?<o>[ab]))+(?<-o>x)\\k<o>$", "abxa")).isTrue();
    assertThat(find("^(?:(?<o>[ab]))+(?<-o>x)\\k<o>$", "abxb")).isFalse();
  }

  @Test
  void conditionalsByGroup() {
    // "Alternation constructs": (?(name)yes|no) and (?(number)yes|no)
    String tel = "\\b(?<n2>\\d{2}-)?(?(n2)\\d{7}|\\d{3}-\\d{2}-\\d{4})\\b";
    assertThat(find(tel, "01-9999999")).isTrue();
    assertThat(find(tel, "777-88-9999")).isTrue();
    assertThat(find(tel, "020-333333")).isFalse();
    String numbered = "\\b(\\d{2}-)?(?(1)\\d{7}|\\d{3}-\\d{2}-\\d{4})\\b";
    assertThat(find(numbered, "01-9999999")).isTrue();
    assertThat(find(numbered, "020-333333")).isFalse();
    String tag = "^(?<open><)?\\w+(?(open)>)$";
    assertThat(find(tag, "<abc>")).isTrue();
    assertThat(find(tag, "abc")).isTrue();
    assertThat(find(tag, "<abc")).isFalse();
    assertThat(find(tag, "abc>")).isFalse();
    assertThat(find("^(?(1)a|b)(x)$", "bx")).as("group 1 has not captured yet").isTrue();
    assertThat(find("^(?(1)a|b)(x)$", "ax")).isFalse();
    assertThat(find("^(a)?(?(1)b)c$", "c")).as("no 'no' branch: matches nothing").isTrue();
    assertThat(find("^(a)?(?(1)b)c$", "abc")).isTrue();
    assertThat(find("^(a)?(?(1)b)c$", "ac")).isFalse();
  }

  @Test
  void conditionalsByExpression() {
    // "Alternation constructs": (?(expression)yes|no), expression a zero-width assertion
    String doc = "\\b(?(\\d{2}-)\\d{2}-\\d{7}|\\d{3}-\\d{2}-\\d{4})\\b";
    assertThat(find(doc, "01-9999999")).isTrue();
    assertThat(find(doc, "777-88-9999")).isTrue();
    assertThat(find(doc, "020-333333")).isFalse();
    assertThat(find("^(?(a)ab|cd)$", "ab")).as("a name that is no group is an expression").isTrue();
    assertThat(find("^(?(a)ab|cd)$", "cd")).isTrue();
    assertThat(find("^(?(a)ab|cd)$", "ad")).isFalse();
    assertThat(find("^(?(?=\\d)\\d{3}|[a-z]{2})$", "123")).isTrue();
    assertThat(find("^(?(?=\\d)\\d{3}|[a-z]{2})$", "ab")).isTrue();
    assertThat(find("^(?(?=\\d)\\d{3}|[a-z]{2})$", "1b")).isFalse();
    assertThat(find("^(?(?!\\d)[a-z]|\\d\\d)$", "12")).isTrue();
    assertThat(find("^(?(?!\\d)[a-z]|\\d\\d)$", "a")).isTrue();
    assertThat(find("^(?(?<=x)a|b)", "b")).isTrue();
    assertThat(find("x(?(?<=x)a|b)", "xa")).isTrue();
    assertThat(find("x(?(?<=x)a|b)", "xb")).isFalse();
    // the condition is tested where the conditional starts and reads nothing: the branch reads from there
    assertThat(find("^(?(a+b)\\w+|\\d+)$", "aab")).isTrue();
    assertThat(find("^(?(a+b)\\w+|\\d+)$", "12")).isTrue();
    assertThat(find("^(?(a+b)\\w+|\\d+)$", "aa")).isFalse();
  }

  @Test
  void conditionalsRefusedAsDotNetRefusesThem() {
    assertThat(DotNetPatternTest.refused("(?(1)a|b|c)(x)")).as("too many |").isTrue();
    assertThat(DotNetPatternTest.refused("(?(2)a|b)(x)")).as("undefined group number").isTrue();
    assertThat(DotNetPatternTest.refused("(?(1a)b)")).isTrue();
    assertThat(DotNetPatternTest.refused("(?(?#c)a|b)")).as("comment as a condition").isTrue();
    assertThat(DotNetPatternTest.refused("(?(?<n>a)a|b)")).as("named capture as a condition").isTrue();
    assertThat(DotNetPatternTest.refused("(?(?i)a|b)")).as("options as a condition").isTrue();
    assertThat(DotNetPatternTest.refused("(?(a)b")).isTrue();
    assertThat(DotNetPatternTest.refused("(?<a-b>x)")).as("balancing an undefined group").isTrue();
    assertThat(DotNetPatternTest.refused("(?<a-3>x)(y)")).isTrue();
    assertThat(DotNetPatternTest.refused("(?<a->x)")).isTrue();
    assertThat(DotNetPatternTest.refused("(?<-b>x)")).isTrue();
    assertThat(find("(?<b>y)(?<a-b>x)", "yx")).isTrue();
  }

  @Test
  void lookBehindsWithoutMaximumAreMatchedRightToLeft() {
    // "Zero-width positive lookbehind assertions": any subexpression; .NET matches it right to left
    assertThat(find("(?<=\\d+)x", "12x")).isTrue();
    assertThat(find("(?<=\\d+)x", "x")).isFalse();
    assertThat(find("(?<=^\\d+)x", "a1x")).isFalse();
    assertThat(find("(?<=^\\d+)x", "11x")).isTrue();
    assertThat(find("(?<!a+b)c", "aabc")).isFalse();
    assertThat(find("(?<!a+b)c", "xbc")).isTrue();
    assertThat(find("(?<!a+b)c", "c")).isTrue();
    // right to left: the rightmost group takes its digits first, greedily
    assertThat(find("^\\d+(?<=(\\d+)(\\d+))x\\2$", "1234x234")).isTrue();
    assertThat(find("^\\d+(?<=(\\d+)(\\d+))x\\2$", "1234x4")).isFalse();
    assertThat(find("^\\d+(?<=(\\d+)(\\d+))x\\1$", "1234x1")).isTrue();
    // a back-reference inside a look-behind reads leftwards too
    assertThat(find("(a+)b(?<=\\1b)c", "aabc")).isTrue();
    assertThat(find("(?<=(a)\\1*)b", "aaab")).isTrue();
  }

  @Test
  void forwardReferences() {
    // "Backreference constructs": a reference to a group that has not captured fails to match
    assertThat(find("\\1(a)", "aa")).isFalse();
    assertThat(find("\\1(a)", "a")).isFalse();
    assertThat(find("^(?:\\1b|(a))+$", "aab")).isTrue();
    assertThat(find("^(?:\\1b|(a))+$", "aabab")).isTrue();
    assertThat(find("^(?:\\1b|(a))+$", "ab")).isFalse();
    assertThat(find("^(\\2b|(a))+$", "aab")).isTrue();
    assertThat(find("^(\\2b|(a))+$", "b")).isFalse();
  }

  @Test
  void groupsDefinedTwice() {
    // "Backreference constructs": (?<1>a)(?<1>\1b)* redefines group 1 on every iteration
    assertThat(find("^(?<1>a)(?<1>\\1b)*$", "aababb")).isTrue();
    assertThat(find("^(?<1>a)(?<1>\\1b)*$", "aabab")).isFalse();
    assertThat(find("(?<x>a)|(?<x>b)\\k<x>", "bb")).isTrue();
    assertThat(find("(?<x>a)|(?<x>b)\\k<x>", "a")).isTrue();
    assertThat(find("(?<x>a)|(?<x>b)\\k<x>", "b")).isFalse();
    assertThat(find("^(?:(?<x>a)|(?<x>b))\\k<x>$", "aa")).isTrue();
    assertThat(find("^(?:(?<x>a)|(?<x>b))\\k<x>$", "bb")).isTrue();
    assertThat(find("^(?:(?<x>a)|(?<x>b))\\k<x>$", "ab")).isFalse();
    assertThat(find("^(a)(?<1>b)\\1$", "abb")).as("an explicit number shared with an unnamed group").isTrue();
  }

  @Test
  void quantifiersAndTheEmptyIteration() {
    assertThat(vm("^(?:a|b)*c$", "ababc")).isTrue();
    assertThat(vm("^(?:ab){2,3}$", "ababab")).isTrue();
    assertThat(vm("^(?:ab){2,3}$", "ab")).isFalse();
    assertThat(vm("^(?:ab){2,3}$", "abababab")).isFalse();
    assertThat(vm("^(a+?)(a*)$", "aaa")).isTrue();
    assertThat(vm("^(a+?)\\1$", "aaaa")).as("lazy: one a, then two; backtracks to aa").isTrue();
    assertThat(vm("^(a{1,3}?)b\\1$", "aaba")).isFalse();
    assertThat(vm("^(a{1,3}?)b\\1$", "aabaa")).isTrue();
    assertThat(vm("^(?:(a)|b)*?\\1c$", "abac")).isTrue();
    // an iteration that matches nothing ends the loop: no endless loop on (a?)*
    assertThat(vm("^(a?)*$", "aaa")).isTrue();
    assertThat(vm("^(a?)*b$", "aac")).isFalse();
    assertThat(vm("^(?:)*$", "")).isTrue();
    assertThat(vm("^(?:a*)*?b", "aab")).isTrue();
    assertThat(vm("^(?:){3}x", "x")).isTrue();
    assertThat(vm("^a{0}$", "")).isTrue();
    assertThat(vm("^(a){0}\\1", "a")).as("a group never run has not captured").isFalse();
  }

  @Test
  void atomicGroupsAndLookAheads() {
    assertThat(vm("^(?>a+)a$", "aaa")).isFalse();
    assertThat(vm("^(?>a+)b$", "aab")).isTrue();
    assertThat(vm("^(?>a|ab)c$", "abc")).isFalse();
    assertThat(vm("^(?=(a+))a*b\\1$", "aaba")).isFalse();
    assertThat(vm("^(?=(a+))a*b\\1$", "aabaa")).isTrue();
    assertThat(vm("^(?!(a))\\w", "b")).isTrue();
    assertThat(vm("^(?!a)\\w", "a")).isFalse();
    assertThat(vm("(?!(a)b)a\\1", "aa")).as("captures of a negative look-ahead are dropped").isFalse();
    // captures made inside an atomic group are undone when a later choice before it is taken
    assertThat(vm("^(?:(?>(a))x|ay)(?(1)z|)$", "ay")).isTrue();
    assertThat(vm("^(?:(?>(a))x|ay)(?(1)z|)$", "ayz")).isFalse();
  }

  @Test
  void anchorsOptionsAndClasses() {
    assertThat(vm("(?m)^b$", "a\nb\nc")).isTrue();
    assertThat(vm("^b$", "a\nb")).isFalse();
    assertThat(vm("a$", "a\n")).isTrue();
    assertThat(vm("a\\z", "a\n")).isFalse();
    assertThat(vm("a\\Z", "a\n")).isTrue();
    assertThat(vm("\\Ga", "ba")).isFalse();
    assertThat(vm("\\Ga", "ab")).isTrue();
    assertThat(vm("\\bcat\\b", "a cat!")).isTrue();
    assertThat(vm("\\Bcat", "a cat")).isFalse();
    assertThat(vm("(?s)a.b", "a\nb")).isTrue();
    assertThat(vm("a.b", "a\nb")).isFalse();
    assertThat(vm("(?i)straße", "STRAßE")).isTrue();
    assertThat(vm("(?i)[^a]", "A")).as("case variants are added before negation").isFalse();
    assertThat(vm("(?i:[a-c]+)X", "ABcX")).isTrue();
    assertThat(vm("(?i:[a-c]+)X", "ABcx")).isFalse();
    assertThat(vm("(?i)\\p{Lu}", "a")).as(".NET: under i, Lu, Ll and Lt are every cased letter").isTrue();
    assertThat(vm("(?i)[\\p{Ll}]", "A")).isTrue();
    assertThat(vm("(?i)\\P{Lt}", "a")).isFalse();
    assertThat(vm("\\p{Lu}", "a")).isFalse();
    assertThat(vm("(?i)\\p{Nd}", "a")).isFalse();
    assertThat(vm("(?i)\\p{IsBasicLatin}", "\u212A")).as("case variants of a block's ranges").isTrue();
    assertThat(vm("\\p{IsBasicLatin}", "\u212A")).isFalse();
    assertThat(vm("(?i)\\P{IsBasicLatin}", "k")).as("k is the variant of U+212A KELVIN SIGN").isTrue();
    assertThat(vm("(?i)[\\p{IsGreek}]", "\u00B5")).as("MICRO SIGN: in no class of .NET's case table").isFalse();
    assertThat(vm("(?i)[\\p{IsGreek}]", "\u2126")).as("OHM SIGN: a case variant of Greek omega").isTrue();
    assertThat(vm("(?+i)a", "A")).isTrue();
    assertThat(vm("(?i)(a)\\1", "aA")).isTrue();
    assertThat(vm("(a)(?i)\\1", "aA")).isTrue();
    assertThat(vm("(a)\\1", "aA")).isFalse();
    assertThat(vm("(?n)(a)(?<x>b)\\1", "abb")).as("(?n): only named groups capture").isTrue();
    assertThat(vm("(?x) a b # comment", "ab")).isTrue();
    assertThat(vm("^[a-z-[aeiou]]+$", "bcd")).isTrue();
    assertThat(vm("^[a-z-[aeiou]]+$", "bad")).isFalse();
    assertThat(vm("^\\w+$", "\u00e9t\u00e9")).isTrue();
    assertThat(vm("^\\p{IsGreek}$", "\u03e2")).isTrue();
    assertThat(vm("^.$", "\uD83D\uDE00")).as("UTF-16 code units").isFalse();
    assertThat(vm("^..$", "\uD83D\uDE00")).isTrue();
  }

  @Test
  void catastrophicPatternsSpendTheBudget() {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile("^(?<x>a+)+(?(x)b|c)$", BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r.usesDotNetMatcher()).isTrue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> r.find("a".repeat(30) + "!")).isInstanceOf(BoundedRegex.BudgetExceeded.class);
    assertThat(System.nanoTime() - start).as("bounded: a million steps").isLessThan(5_000_000_000L);
    assertThat(r.find("aaab")).isTrue();
    BoundedRegex evil = BoundedRegex.compile("(?(1)x)(.*a){25}", BoundedRegex.DEFAULT_BUDGET, error);
    assertThatThrownBy(() -> evil.find("a".repeat(28) + "x")).isInstanceOf(BoundedRegex.BudgetExceeded.class);
    BoundedRegex small = BoundedRegex.compile("(?(1)x)(a)", 3, error);
    assertThatThrownBy(() -> small.find("bbbbbbbb")).isInstanceOf(BoundedRegex.BudgetExceeded.class);
  }

  @Test
  void longInputsDoNotUseTheJavaStack() {
    String[] error = new String[1];
    BoundedRegex r = BoundedRegex.compile("^(?:(a)|b)*(?(1)c|d)$", 50_000_000L, error);
    assertThat(r.usesDotNetMatcher()).isTrue();
    String value = "ab".repeat(50_000) + "c";
    assertThat(r.find(value)).isTrue();
    assertThat(r.find("ab".repeat(50_000) + "d")).isFalse();
    BoundedRegex lazy = BoundedRegex.compile("^(?:(x)|y)*?(?(1)$|z)", 50_000_000L, error);
    assertThat(lazy.find("xy".repeat(50_000))).isTrue();
    BoundedRegex lazyRun = BoundedRegex.compile("^[xy]*?(?(1)a|$)()", 50_000_000L, error);
    assertThat(lazyRun.find("xy".repeat(50_000))).isTrue();
    BoundedRegex behind = BoundedRegex.compile("$(?<=^[xy]+)", 50_000_000L, error);
    assertThat(behind.usesDotNetMatcher()).isTrue();
    assertThat(behind.find("xy".repeat(50_000))).isTrue();
  }

  @Test
  void anAnchoredPatternIsTriedAtTheStartOnly() {
    String[] error = new String[1];
    assertThat(DotNetMatcher.compile("^(?(1)a|b)()", error).anchored()).isTrue();
    assertThat(DotNetMatcher.compile("\\A(?:x|(?<o>y))(?<-o>z)", error).anchored()).isTrue();
    assertThat(DotNetMatcher.compile("^a|(?(1)b)()", error).anchored()).isFalse();
    assertThat(DotNetMatcher.compile("(?m)^(?(1)a|b)()", error).anchored()).isFalse();
    BoundedRegex r = BoundedRegex.compile("^(?(1)a|b)()", BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(r.find("x".repeat(2_000_000))).as("one attempt, not two million").isFalse();
    assertThat(r.find("b" + "x".repeat(2_000_000))).isTrue();
  }

  @Test
  void programSizeIsCapped() {
    String[] error = new String[1];
    String huge = "(?(1)x)(a)" + "(?:b|c)".repeat(40_000);
    assertThat(BoundedRegex.compile(huge, BoundedRegex.DEFAULT_BUDGET, error)).isNull();
    assertThat(error[0]).contains("too large");
    assertThat(BoundedRegex.compile("(?(1)x)(a{1000}){1000}", BoundedRegex.DEFAULT_BUDGET, error)).isNotNull();
  }
}
