package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The general-category table against facts of the Unicode 16.0 character database (the version of .NET 10's
 * {@code CharUnicodeInfo}), on every JVM: characters assigned or re-categorised in Unicode 14.0 to 16.0, which
 * the JVM's own tables (Unicode 10 on JDK 11, 13 on JDK 17) do not have, and the number of code units of each
 * category in U+0000-U+FFFF; then the regex paths (the automaton, {@code java.util.regex}, the SDK's own
 * matcher) reading categories, {@code \w}, {@code \d} and {@code \b} from it. On JDK 24 and 25, whose tables
 * are Unicode 16.0, the JVM's category of every code unit must be the table's.
 */
class DotNetCategoriesTest {
  private static String ch(int c) {
    return String.valueOf((char) c);
  }

  @Test
  void charactersOfUnicode14To16HaveTheirCategory() {
    Map<Integer, String> facts = new LinkedHashMap<>();
    // Unicode 14.0
    facts.put(0x061D, "Po"); // ARABIC END OF TEXT MARK
    facts.put(0x0870, "Lo"); // ARABIC LETTER ALEF WITH ATTACHED FATHA
    facts.put(0x0888, "Sk"); // ARABIC RAISED ROUND DOT
    facts.put(0x0890, "Cf"); // ARABIC POUND MARK ABOVE
    facts.put(0x1734, "Mc"); // HANUNOO SIGN PAMUDPOD: Mn until Unicode 13.0
    facts.put(0x20C0, "Sc"); // SOM SIGN
    facts.put(0x2C2F, "Lu"); // GLAGOLITIC CAPITAL LETTER CAUDATE CHRIVI
    facts.put(0x2C5F, "Ll"); // GLAGOLITIC SMALL LETTER CAUDATE CHRIVI
    facts.put(0x2E5D, "Pd"); // OBLIQUE HYPHEN
    facts.put(0x9FFF, "Lo"); // CJK unified ideograph
    facts.put(0xA7C0, "Lu"); // LATIN CAPITAL LETTER OLD POLISH O
    facts.put(0xFDCF, "So"); // ARABIC LIGATURE SALAAMUHU ...
    // Unicode 15.0
    facts.put(0x0CF3, "Mc"); // KANNADA SIGN COMBINING ANUSVARA ABOVE RIGHT
    // Unicode 15.1
    facts.put(0x2FFC, "So"); // IDEOGRAPHIC DESCRIPTION CHARACTER SURROUND FROM RIGHT
    facts.put(0x31EF, "So"); // CJK STROKE HXG
    // Unicode 16.0
    facts.put(0x0897, "Mn"); // ARABIC PEPET
    facts.put(0x1C89, "Lu"); // CYRILLIC CAPITAL LETTER TJE
    facts.put(0x1C8A, "Ll"); // CYRILLIC SMALL LETTER TJE
    facts.put(0x2427, "So"); // SYMBOL FOR DELETE SQUARE CHECKER BOARD FORM
    facts.put(0xA7CB, "Lu"); // LATIN CAPITAL LETTER RAMS HORN
    facts.put(0xA7CD, "Ll"); // LATIN SMALL LETTER S WITH DIAGONAL STROKE
    facts.put(0xA7DC, "Lu"); // LATIN CAPITAL LETTER LAMBDA WITH STROKE
    // stable ones, and code units the regex engine sees
    facts.put(0x0041, "Lu");
    facts.put(0x0378, "Cn"); // unassigned
    facts.put(0xD800, "Cs");
    facts.put(0xDFFF, "Cs");
    facts.put(0xE000, "Co");
    facts.put(0xFFFF, "Cn"); // a noncharacter
    facts.put(0x00A0, "Zs");
    facts.put(0x2028, "Zl");
    for (Map.Entry<Integer, String> f : facts.entrySet()) {
      assertThat(DotNetCategories.name(DotNetCategories.type((char) (int) f.getKey())))
          .as("U+%04X", f.getKey()).isEqualTo(f.getValue());
    }
  }

  @Test
  void countsPerCategoryAreUnicode16s() {
    // UnicodeData.txt 16.0.0 (ranges such as CJK ideographs written out), code points U+0000-U+FFFF,
    // unlisted ones Cn
    Map<String, Integer> expected = new LinkedHashMap<>();
    String[] facts = {"Cc 65", "Zs 17", "Po 415", "Sc 57", "Ps 79", "Pe 77", "Sm 936", "Pd 25", "Nd 370", "Lu 1132",
        "Sk 120", "Pc 10", "Ll 1448", "So 2741", "Lo 46126", "Pi 12", "Cf 43", "No 300", "Pf 10", "Lt 31",
        "Lm 236", "Mn 1066", "Cn 1432", "Me 13", "Mc 260", "Nl 65", "Zl 1", "Zp 1", "Cs 2048", "Co 6400"};
    for (String f : facts) {
      String[] kv = f.split(" ");
      expected.put(kv[0], Integer.parseInt(kv[1]));
    }
    Map<String, Integer> counted = new LinkedHashMap<>();
    for (String name : expected.keySet()) {
      counted.put(name, 0);
    }
    for (int c = 0; c <= 0xFFFF; c++) {
      counted.merge(DotNetCategories.name(DotNetCategories.type((char) c)), 1, Integer::sum);
    }
    assertThat(counted).isEqualTo(expected);
    assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(0x10000);
    assertThat(DotNetCategories.UNICODE_VERSION).isEqualTo("16.0");
  }

  /** JDK 24 and 25 carry Unicode 16.0: there the JVM's categories are the table's on every code unit. */
  @Test
  void onAJvmOfUnicode16TheJvmsCategoriesAreTheTables() {
    int feature = Runtime.version().feature();
    org.junit.jupiter.api.Assumptions.assumeTrue(feature == 24 || feature == 25, "a JVM of Unicode 16.0");
    for (int c = 0; c <= 0xFFFF; c++) {
      assertThat(DotNetCategories.type((char) c)).as("U+%04X", c).isEqualTo(Character.getType(c));
    }
  }

  @Test
  void setsAgreeWithTheTable() {
    for (int t : new int[] {Character.UPPERCASE_LETTER, Character.NON_SPACING_MARK, Character.OTHER_SYMBOL}) {
      java.util.BitSet s = DotNetCategories.set(t);
      for (int c = 0; c <= 0xFFFF; c++) {
        assertThat(s.get(c)).as("U+%04X", c).isEqualTo(DotNetCategories.type((char) c) == t);
      }
    }
  }

  /**
   * The {@code java.util.regex} spelling of every category, and of {@code \w \W \d \D}, matches exactly the
   * table's code units on this JVM (the JVM's own classes corrected where its Unicode version differs).
   */
  @Test
  void javaSpellingsMatchTheTableOnEveryCodeUnit() {
    String[] names = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf",
        "Cs", "Co", "Cn", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "L", "M", "N", "Z", "C",
        "P", "S"};
    java.util.List<String> classes = new java.util.ArrayList<>();
    for (String n : names) {
      classes.add("\\p{" + n + "}");
      classes.add("\\P{" + n + "}");
    }
    classes.add("\\w");
    classes.add("\\W");
    classes.add("\\d");
    classes.add("\\D");
    for (String c : classes) {
      DotNetRegex.Result t = DotNetRegex.translate("^" + c + "$");
      assertThat(t.error).as(c).isNull();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(t.java, java.util.regex.Pattern.UNIX_LINES)
          .matcher("");
      for (int u = 0; u <= 0xFFFF; u++) {
        if (u == '\n') {
          continue; // $ matches before a final \n
        }
        boolean expected = model(c, (char) u);
        boolean actual = m.reset(DotNetRegex.mapSurrogates(String.valueOf((char) u))).find();
        if (actual != expected) {
          assertThat(actual).as("%s on U+%04X", c, u).isEqualTo(expected);
        }
      }
    }
  }

  /** .NET's membership of {@code u} in a class of {@link #javaSpellingsMatchTheTableOnEveryCodeUnit}. */
  private static boolean model(String c, char u) {
    boolean negate = c.startsWith("\\P") || c.equals("\\W") || c.equals("\\D");
    String name = c.startsWith("\\p") || c.startsWith("\\P") ? c.substring(3, c.length() - 1)
        : c.equalsIgnoreCase("\\w") ? "word" : "Nd";
    String cat = DotNetCategories.name(DotNetCategories.type(u));
    boolean in = name.equals("word") ? word(u) && u != 0x200C && u != 0x200D
        : name.length() == 1 ? cat.startsWith(name) : cat.equals(name);
    return in != negate;
  }

  /** The answer of each path for {@code body} (a pattern matching one code unit) on {@code input}. */
  private static void allPaths(String body, String input, boolean expected) {
    String[] error = new String[1];
    // the automaton
    BoundedRegex dfa = BoundedRegex.compile("^" + body + "$", BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(dfa).as(error[0]).isNotNull();
    assertThat(dfa.dfa()).as("/^%s$/ has an automaton", body).isNotNull();
    assertThat(dfa.findDfa(input)).as("automaton: /%s/ on U+%04X", body, (int) input.charAt(0))
        .isEqualTo(expected);
    // java.util.regex: a look-ahead keeps the pattern off the automaton
    BoundedRegex engine = BoundedRegex.compile("^(?=[\\s\\S])" + body + "$", BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(engine).as(error[0]).isNotNull();
    assertThat(engine.dfa()).isNull();
    assertThat(engine.usesDotNetMatcher()).isFalse();
    assertThat(engine.find(input)).as("engine: /%s/ on U+%04X", body, (int) input.charAt(0)).isEqualTo(expected);
    assertThat(engine.findBounded(input)).as("counted engine: /%s/", body).isEqualTo(expected);
    // the SDK's own matcher: a back-reference takes it there
    BoundedRegex own = BoundedRegex.compile("^(" + body + ")\\1?$", BoundedRegex.DEFAULT_BUDGET, error);
    assertThat(own).as(error[0]).isNotNull();
    assertThat(own.usesDotNetMatcher()).isTrue();
    assertThat(own.find(input)).as("own matcher: /%s/ on U+%04X", body, (int) input.charAt(0))
        .isEqualTo(expected);
  }

  @Test
  void everyPathReadsDotNetsCategories() {
    allPaths("\\p{Lu}", ch(0x1C89), true); // Unicode 16.0
    allPaths("\\p{Ll}", ch(0x1C8A), true);
    allPaths("\\p{Cn}", ch(0x1C89), false);
    allPaths("\\P{Cn}", ch(0x1C89), true);
    allPaths("\\p{L}", ch(0xA7CB), true);
    allPaths("\\p{Lu}", ch(0x2C2F), true); // Unicode 14.0
    allPaths("\\p{So}", ch(0x2FFC), true); // Unicode 15.1
    allPaths("\\p{Mc}", ch(0x1734), true); // Mn until Unicode 13.0
    allPaths("\\p{Mn}", ch(0x1734), false);
    allPaths("\\p{Cn}", ch(0x0378), true); // unassigned in every version
    allPaths("[\\p{Sc}]", ch(0x20C0), true);
    allPaths("[^\\p{Sc}]", ch(0x20C0), false);
    allPaths("[\\p{Lo}-[\\u0870]]", ch(0x0870), false);
    allPaths("[\\p{Lo}-[\\u0870]]", ch(0x0871), true);
    // \w: L, Mn, Nd, Pc
    allPaths("\\w", ch(0x1C89), true);
    allPaths("\\w", ch(0x0897), true); // Mn in Unicode 16.0
    allPaths("\\w", ch(0x1734), false); // Mc since Unicode 14.0: not a word character
    allPaths("\\W", ch(0x1734), true);
    allPaths("\\w", ch(0x2427), false);
    allPaths("\\d", ch(0x0660), true);
    allPaths("\\D", ch(0x1C89), true);
    // under (?i), \p{Lu} stands for Lu, Ll and Lt
    allPaths("(?i)\\p{Lu}", ch(0xA7CD), true);
    allPaths("(?i)\\p{Lu}", ch(0x2427), false);
  }

  @Test
  void wordBoundariesUseDotNetsWordCharacters() {
    String tje = ch(0x1C89);
    String pamudpod = ch(0x1734);
    for (String p : new String[] {"\\b", "a\\b", "\\ba", "\\B"}) {
      String[] error = new String[1];
      BoundedRegex dfa = BoundedRegex.compile(p, BoundedRegex.DEFAULT_BUDGET, error);
      BoundedRegex engine = BoundedRegex.compile("(?=[\\s\\S]|$)" + p, BoundedRegex.DEFAULT_BUDGET, error);
      BoundedRegex own = BoundedRegex.compile("()" + p + "\\1", BoundedRegex.DEFAULT_BUDGET, error);
      assertThat(dfa.dfa()).isNotNull();
      assertThat(own.usesDotNetMatcher()).isTrue();
      for (String in : new String[] {"a" + tje, tje + "a", "a" + pamudpod, pamudpod + "a", pamudpod, tje,
          "a" + pamudpod + "a", "a"}) {
        boolean model = boundaryModel(p, in);
        assertThat(dfa.find(in)).as("automaton /%s/ on %s", p, in).isEqualTo(model);
        assertThat(engine.find(in)).as("engine /%s/ on %s", p, in).isEqualTo(model);
        assertThat(engine.findBounded(in)).as("counted engine /%s/ on %s", p, in).isEqualTo(model);
        assertThat(own.find(in)).as("own matcher /%s/ on %s", p, in).isEqualTo(model);
      }
    }
  }

  /** .NET: a boundary between positions where exactly one side is a word character (L, Mn, Nd, Pc, ZWNJ, ZWJ). */
  private static boolean boundaryModel(String p, String in) {
    for (int i = 0; i <= in.length(); i++) {
      boolean before = i > 0 && word(in.charAt(i - 1));
      boolean after = i < in.length() && word(in.charAt(i));
      boolean boundary = before != after;
      switch (p) {
        case "\\b":
          if (boundary) {
            return true;
          }
          break;
        case "\\B":
          if (!boundary) {
            return true;
          }
          break;
        case "a\\b":
          if (boundary && i > 0 && in.charAt(i - 1) == 'a') {
            return true;
          }
          break;
        default: // \ba
          if (boundary && i < in.length() && in.charAt(i) == 'a') {
            return true;
          }
          break;
      }
    }
    return false;
  }

  private static boolean word(char c) {
    int t = DotNetCategories.type(c);
    return t == Character.UPPERCASE_LETTER || t == Character.LOWERCASE_LETTER || t == Character.TITLECASE_LETTER
        || t == Character.MODIFIER_LETTER || t == Character.OTHER_LETTER || t == Character.NON_SPACING_MARK
        || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION || c == 0x200C
        || c == 0x200D;
  }

  @Test
  void whiteSpaceIsDotNets() {
    for (int c = 0; c <= 0xFFFF; c++) {
      boolean expected = (c >= 9 && c <= 13) || c == ' ' || c == 0x85 || c == 0xA0 || c == 0x1680
          || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
          || c == 0x3000; // White_Space of PropList.txt 16.0, code points of the BMP
      assertThat(DotNetText.isWhiteSpace((char) c)).as("U+%04X", c).isEqualTo(expected);
    }
  }
}
