package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * EVAL-14 (regex dialect), ignoring case: the equivalence classes of {@link DotNetCase} against the entries of
 * .NET's {@code RegexCaseEquivalences} table (dotnet/runtime, Unicode 15.0 data, invariant culture), their
 * shape, and the differences from Java's own {@code (?iu)} folding, which the translation no longer uses for
 * literals and classes.
 */
class DotNetCaseTest {
  private static String chars(char[] cs) {
    StringBuilder b = new StringBuilder();
    for (char c : cs) {
      b.append(c);
    }
    return b.toString();
  }

  private static String eq(char c) {
    return chars(DotNetCase.equivalents(c));
  }

  @Test
  void classesAreTheEntriesOfDotNetsTable() {
    assertThat(eq('k')).isEqualTo("Kk\u212A");
    assertThat(eq('\u212A')).as("KELVIN SIGN").isEqualTo("Kk\u212A");
    assertThat(eq('K')).isEqualTo("Kk\u212A");
    assertThat(eq('\u00E5')).isEqualTo("\u00C5\u00E5\u212B");
    assertThat(eq('\u212B')).as("ANGSTROM SIGN").isEqualTo("\u00C5\u00E5\u212B");
    // invariant culture: i and I only; U+0130 and U+0131 each alone
    assertThat(eq('i')).isEqualTo("Ii");
    assertThat(eq('I')).isEqualTo("Ii");
    assertThat(eq('\u0130')).isEqualTo("\u0130");
    assertThat(eq('\u0131')).isEqualTo("\u0131");
    // upper-case mappings alone relate nothing
    assertThat(eq('s')).isEqualTo("Ss");
    assertThat(eq('\u017F')).as("LONG S").isEqualTo("\u017F");
    assertThat(eq('\u03C3')).isEqualTo("\u03A3\u03C3");
    assertThat(eq('\u03A3')).isEqualTo("\u03A3\u03C3");
    assertThat(eq('\u03C2')).as("FINAL SIGMA").isEqualTo("\u03C2");
    assertThat(eq('\u00B5')).as("MICRO SIGN").isEqualTo("\u00B5");
    assertThat(eq('\u03BC')).isEqualTo("\u039C\u03BC");
    assertThat(eq('\u03B8')).isEqualTo("\u0398\u03B8\u03F4");
    assertThat(eq('\u03D1')).as("THETA SYMBOL").isEqualTo("\u03D1");
    assertThat(eq('\u03C9')).isEqualTo("\u03A9\u03C9\u2126");
    assertThat(eq('\u03B9')).isEqualTo("\u0399\u03B9");
    assertThat(eq('\u0345')).isEqualTo("\u0345");
    assertThat(eq('\u1FBE')).isEqualTo("\u1FBE");
    assertThat(eq('\u03D0')).isEqualTo("\u03D0");
    assertThat(eq('\u03F5')).isEqualTo("\u03F5");
    assertThat(eq('\u03D7')).isEqualTo("\u03CF\u03D7");
    assertThat(eq('\u03F2')).isEqualTo("\u03F2\u03F9");
    assertThat(eq('\u1E9B')).isEqualTo("\u1E9B");
    assertThat(eq('\u1E61')).isEqualTo("\u1E60\u1E61");
    // sharp s: a pair, and never "ss"
    assertThat(eq('\u00DF')).isEqualTo("\u00DF\u1E9E");
    assertThat(eq('\u1E9E')).isEqualTo("\u00DF\u1E9E");
    assertThat(eq('\u00FF')).isEqualTo("\u00FF\u0178");
    assertThat(eq('\u01C5')).as("a title-case digraph").isEqualTo("\u01C4\u01C5\u01C6");
    assertThat(eq('\u01F2')).isEqualTo("\u01F1\u01F2\u01F3");
    assertThat(eq('\u0180')).isEqualTo("\u0180\u0243");
    // Cherokee: upper case U+13A0.., lower case U+AB70.. and U+13F8..
    assertThat(eq('\u13A0')).isEqualTo("\u13A0\uAB70");
    assertThat(eq('\uABBF')).isEqualTo("\u13EF\uABBF");
    assertThat(eq('\u13F5')).isEqualTo("\u13F5\u13FD");
    // Georgian: Asomtavruli with Nuskhuri, Mkhedruli with Mtavruli (Unicode 11.0)
    assertThat(eq('\u10A0')).isEqualTo("\u10A0\u2D00");
    assertThat(eq('\u10D0')).isEqualTo("\u10D0\u1C90");
    assertThat(eq('\u1CBA')).isEqualTo("\u10FA\u1CBA");
    assertThat(eq('\u10FF')).isEqualTo("\u10FF\u1CBF");
    assertThat(eq('\u10FB')).isEqualTo("\u10FB");
    // Cyrillic: the old letter forms U+1C80.. have no lowercase mapping
    assertThat(eq('\u0432')).isEqualTo("\u0412\u0432");
    assertThat(eq('\u1C80')).isEqualTo("\u1C80");
    // later additions in .NET's table (Unicode 12.0 to 14.0) and the ones it lacks (Unicode 16.0)
    assertThat(eq('\u2C5F')).isEqualTo("\u2C2F\u2C5F");
    assertThat(eq('\uA7C0')).isEqualTo("\uA7C0\uA7C1");
    assertThat(eq('\uA794')).isEqualTo("\uA794\uA7C4");
    assertThat(eq('\u0282')).isEqualTo("\u0282\uA7C5");
    assertThat(eq('\uA7F6')).isEqualTo("\uA7F5\uA7F6");
    assertThat(eq('\uA7D9')).isEqualTo("\uA7D8\uA7D9");
    for (char c : "\u1C89\u1C8A\uA7CB\u0264\uA7CC\uA7CD\uA7DA\uA7DB\uA7DC\u019B".toCharArray()) {
      assertThat(eq(c)).as("U+%04X", (int) c).isEqualTo(String.valueOf(c));
    }
    // letters numbers and symbols with case
    assertThat(eq('\u2170')).isEqualTo("\u2160\u2170");
    assertThat(eq('\u24D0')).isEqualTo("\u24B6\u24D0");
    assertThat(eq('\uFF41')).isEqualTo("\uFF21\uFF41");
    // characters without case
    for (char c : "0_@ \u00AA\u0149\u4E2D\uD800\uDFFF\uE000\uFFFF".toCharArray()) {
      assertThat(eq(c)).as("U+%04X", (int) c).isEqualTo(String.valueOf(c));
    }
  }

  @Test
  void theTableHasDotNetsSize() {
    // .NET's table lists each class of two or more once: 2336 values, 8 classes of three, the rest pairs
    assertThat(DotNetCase.casedCount()).isEqualTo(2336);
    int three = 0;
    int two = 0;
    for (int c = 0; c <= 0xFFFF; c++) {
      int n = DotNetCase.equivalents((char) c).length;
      assertThat(n).isBetween(1, 3);
      if (n == 3) {
        three++;
      } else if (n == 2) {
        two++;
      }
    }
    assertThat(three).isEqualTo(8 * 3);
    assertThat(two + three).isEqualTo(2336);
  }

  @Test
  void everyClassIsSymmetricAndTransitive() {
    for (int c = 0; c <= 0xFFFF; c++) {
      char[] cls = DotNetCase.equivalents((char) c);
      assertThat(chars(cls)).as("U+%04X is in its class", c).contains(String.valueOf((char) c));
      for (int i = 1; i < cls.length; i++) {
        assertThat(cls[i]).as("ascending").isGreaterThan(cls[i - 1]);
      }
      for (char d : cls) {
        // symmetric and transitive: every member has the very same class
        assertThat(DotNetCase.equivalents(d)).as("U+%04X ~ U+%04X", c, (int) d).isEqualTo(cls);
        assertThat(DotNetCase.equivalent((char) c, d)).isTrue();
        assertThat(DotNetCase.equivalent(d, (char) c)).isTrue();
      }
      assertThat(DotNetCase.cased((char) c)).isEqualTo(cls.length > 1);
    }
  }

  @Test
  void classesAreTheCharactersWithTheSameLowercase() {
    // the rule of .NET's generator, checked without the union-find: a ~ b when lower(a) == lower(b)
    Map<Integer, List<Character>> byLower = new HashMap<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      int l = DotNetCase.lower(c);
      assertThat(DotNetCase.lower(l)).as("U+%04X: a lowercase maps to itself", c).isEqualTo(l);
      byLower.computeIfAbsent(l, k -> new ArrayList<>()).add((char) c);
    }
    for (int c = 0; c <= 0xFFFF; c++) {
      List<Character> group = byLower.get(DotNetCase.lower(c));
      StringBuilder b = new StringBuilder();
      group.forEach(b::append);
      assertThat(eq((char) c)).as("U+%04X", c).isEqualTo(b.toString());
    }
  }

  @Test
  void closureAddsWholeClasses() {
    BitSet s = new BitSet();
    s.set('a', 'z' + 1);
    BitSet closed = DotNetCase.closure(s);
    assertThat(closed.cardinality()).isEqualTo(26 + 26 + 1); // A-Z and the KELVIN SIGN
    assertThat(closed.get('\u212A')).isTrue();
    assertThat(closed.get('\u017F')).isFalse();
    assertThat(closed.get('\u0130')).isFalse();
    assertThat(s.cardinality()).as("not modified").isEqualTo(26);
    BitSet all = new BitSet();
    all.set(0, 0x10000);
    assertThat(DotNetCase.closure(all)).isEqualTo(all);
    assertThat(DotNetRegex.caseClosure(s)).isEqualTo(closed);
  }

  // ---------------------------------------------------------------- against Java's (?iu)

  /**
   * Characters whose equivalents differ from what Java's {@code (?iu)} takes for them, whatever the JVM's
   * Unicode version: Java also relates characters that share only an upper case. Each group: the letter pair,
   * then the characters .NET leaves alone.
   */
  static final String JAVA_FOLDS_MORE = ""
      + "Ii\u0130\u0131" // i: DOTTED CAPITAL I, DOTLESS SMALL I
      + "Ss\u017F" // s: LONG S
      + "\u039C\u03BC\u00B5" // mu: MICRO SIGN
      + "\u03A3\u03C3\u03C2" // sigma: FINAL SIGMA
      + "\u0398\u03B8\u03F4\u03D1" // theta: THETA SYMBOL
      + "\u0399\u03B9\u0345\u1FBE" // iota: YPOGEGRAMMENI, PROSGEGRAMMENI
      + "\u0392\u03B2\u03D0" // beta: BETA SYMBOL
      + "\u0395\u03B5\u03F5" // epsilon: LUNATE EPSILON SYMBOL
      + "\u039A\u03BA\u03F0" // kappa: KAPPA SYMBOL
      + "\u03A0\u03C0\u03D6" // pi: PI SYMBOL
      + "\u03A1\u03C1\u03F1" // rho: RHO SYMBOL
      + "\u03A6\u03C6\u03D5" // phi: PHI SYMBOL
      + "\u1E60\u1E61\u1E9B" // s with dot above: LONG S WITH DOT ABOVE
      + "\u0412\u0432\u1C80" // Cyrillic ve, de, o, es, te, hard sign, yat: the old letter forms U+1C80-1C87
      + "\u0414\u0434\u1C81"
      + "\u041E\u043E\u1C82"
      + "\u0421\u0441\u1C83"
      + "\u0422\u0442\u1C84\u1C85"
      + "\u042A\u044A\u1C86"
      + "\u0462\u0463\u1C87"
      + "\uA64A\uA64B\u1C88"; // Cyrillic monograph uk: its old form

  /**
   * A literal whose Java folding is narrower: Java's {@code (?iu)} leaves a character whose upper case is
   * itself case-sensitive, so {@code (?iu)ß} did not match ẞ (its back-references do).
   */
  static final String JAVA_LITERAL_FOLDS_LESS = "\u00DF";

  /** Characters whose Java folding this JVM's Unicode data makes differ from .NET's Unicode 15.0 table. */
  private static TreeSet<Character> versionDifferences() {
    TreeSet<Character> out = new TreeSet<>();
    for (int[] r : DotNetCase.ADDED_AFTER_UNICODE_10) {
      for (int c = r[0]; c <= r[1]; c++) {
        if (Character.toLowerCase(c) != r[2] + (c - r[0])) { // this JVM predates the mapping
          out.add((char) c);
          out.add((char) (r[2] + (c - r[0])));
        }
      }
    }
    for (char c : DotNetCase.MAPPED_IN_UNICODE_16) {
      if (Character.toLowerCase(c) != c) { // this JVM has it; .NET's table does not
        out.add(c);
        out.add((char) Character.toLowerCase(c));
      }
    }
    return out;
  }

  /** The characters Java's folding or .NET's may relate to {@code c}: a superset of both classes. */
  private static TreeSet<Character> candidates(int c, Map<Integer, List<Character>> byUpper,
      Map<Integer, List<Character>> byFold) {
    TreeSet<Character> out = new TreeSet<>();
    for (char d : DotNetCase.equivalents((char) c)) {
      out.add(d);
    }
    out.addAll(byUpper.getOrDefault(Character.toUpperCase(c), List.of()));
    out.addAll(byFold.getOrDefault(Character.toLowerCase(Character.toUpperCase(c)), List.of()));
    for (int d : new int[] {Character.toLowerCase(c), Character.toUpperCase(c), Character.toTitleCase(c)}) {
      if (d <= 0xFFFF) {
        out.add((char) d);
      }
    }
    return out;
  }

  private static String hex(int c) {
    return String.format("\\x{%x}", c);
  }

  @Test
  void literalsAgreeWithJavasFoldingExceptTheListedCharacters() {
    Map<Integer, List<Character>> byUpper = new HashMap<>();
    Map<Integer, List<Character>> byFold = new HashMap<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      byUpper.computeIfAbsent(Character.toUpperCase(c), k -> new ArrayList<>()).add((char) c);
      byFold.computeIfAbsent(Character.toLowerCase(Character.toUpperCase(c)), k -> new ArrayList<>()).add((char) c);
    }
    TreeSet<Character> expected = new TreeSet<>();
    for (char c : (JAVA_FOLDS_MORE + JAVA_LITERAL_FOLDS_LESS).toCharArray()) {
      expected.add(c);
    }
    expected.addAll(versionDifferences());
    TreeSet<Character> differing = new TreeSet<>();
    int checked = 0;
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      TreeSet<Character> cands = candidates(c, byUpper, byFold);
      if (cands.size() == 1) {
        continue; // no case in either: both match the character only
      }
      Pattern java = Pattern.compile("(?iu)" + hex(c));
      BoundedRegex ours = BoundedRegex.compile("(?i)^\\u" + String.format("%04X", c) + "$",
          BoundedRegex.DEFAULT_BUDGET, new String[1]);
      StringBuilder javaClass = new StringBuilder();
      StringBuilder oursClass = new StringBuilder();
      for (char d : cands) {
        if (java.matcher(String.valueOf(d)).matches()) {
          javaClass.append(d);
        }
        if (ours.find(String.valueOf(d))) {
          oursClass.append(d);
        }
      }
      assertThat(oursClass.toString()).as("U+%04X is matched by its .NET class", c).isEqualTo(eq((char) c));
      if (!javaClass.toString().equals(oursClass.toString())) {
        differing.add((char) c);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(2000);
    assertThat(differing).as("the listed differences from Java's (?iu)").isEqualTo(expected);
  }

  @Test
  void backReferencesCompareWithDotNetsTable() {
    // a back-reference runs on the SDK's own matcher, which compares with .NET's table: every candidate pair
    // (characters sharing an upper case or a case folding in Java's data) is decided as .NET decides it
    Map<Integer, List<Character>> byUpper = new HashMap<>();
    Map<Integer, List<Character>> byFold = new HashMap<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      byUpper.computeIfAbsent(Character.toUpperCase(c), k -> new ArrayList<>()).add((char) c);
      byFold.computeIfAbsent(Character.toLowerCase(Character.toUpperCase(c)), k -> new ArrayList<>()).add((char) c);
    }
    BoundedRegex ref = BoundedRegex.compile("(?i)^(.)\\1$", BoundedRegex.DEFAULT_BUDGET, new String[1]);
    int agreeing = 0;
    for (int c = 0; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c) || c == '\n') {
        continue; // '.' takes neither
      }
      for (char d : candidates(c, byUpper, byFold)) {
        assertThat(ref.find("" + (char) c + d)).as("U+%04X U+%04X", c, (int) d)
            .isEqualTo(DotNetCase.equivalent((char) c, d));
        agreeing++;
      }
    }
    assertThat(agreeing).isGreaterThan(60_000);
    assertThat(ref.find("aA")).isTrue();
    assertThat(ref.find("k\u212A")).isTrue();
    assertThat(ref.find("\u00DF\u1E9E")).isTrue();
    assertThat(ref.find("ab")).isFalse();
    assertThat(ref.find("s\u017F")).as("s and long s share only an upper case").isFalse();
  }
}
