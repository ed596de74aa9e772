package dev.featbit.sdk.internal.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites .NET regex syntax that {@code java.util.regex} rejects or reads differently into Java syntax with
 * the .NET meaning, for the constructs where the two dialects disagree on the spelling only:
 *
 * <ul>
 *   <li>a <code>{</code> that does not start a quantifier (<code>{n}</code>, <code>{n,}</code>,
 *       <code>{n,m}</code>) is a literal in .NET (<code>{abc}</code>, <code>x{,3}</code>): escaped;</li>
 *   <li>group names may contain {@code _} or start with a digit-free {@code \w} run (<code>(?&lt;area_code&gt;</code>,
 *       <code>(?'name'</code>): renamed to Java names, with {@code \k<name>} and {@code \k'name'} following;</li>
 *   <li>inline comments <code>(?#...)</code>: removed before a quantifier, else an empty group that keeps
 *       the tokens around it apart;</li>
 *   <li>{@code \0} takes at most two more octal digits ({@code \0123} is a newline then {@code 3}), and
 *       {@code \c} with a lower-case letter is the upper-case letter's control character: written as
 *       {@code \xHH};</li>
 *   <li>inside a character class, {@code [} and {@code &} are literals in .NET (Java reads nested classes
 *       and {@code &&} intersections): escaped.</li>
 * </ul>
 *
 * Anything else is passed through unchanged. Patterns whose reading would need more than this (the
 * {@code (?x)} option, where white-space and {@code #} change meaning; class subtraction {@code -[...]};
 * Java-only {@code \Q...\E}) are returned unchanged, so Java reads them as before. Named groups together with
 * unnamed groups and numbered back-references are refused ({@code null}): .NET numbers the named groups
 * after the unnamed ones, so {@code \1} would mean another group.
 */
final class DotNetPattern {
  private DotNetPattern() {}

  /** An inline option group that turns on free-spacing mode: {@code (?x)}, {@code (?ix:}, ... */
  private static final java.util.regex.Pattern FREE_SPACING =
      java.util.regex.Pattern.compile("\\(\\?[imnsx-]*x[imnsx-]*[:)]");

  /**
   * The Java spelling of a .NET pattern (the pattern itself when nothing needs rewriting), or {@code null}
   * when Java cannot give it the .NET meaning.
   */
  static String toJava(String p) {
    if (FREE_SPACING.matcher(p).find() || p.contains("\\Q")) {
      return p; // free-spacing mode (white-space and # change meaning), or Java-only quoting: not rewritten
    }
    StringBuilder out = new StringBuilder(p.length() + 8);
    Map<String, String> names = new HashMap<>();
    boolean numberedBackReference = false;
    int unnamedGroups = 0;
    int n = p.length();
    int i = 0;
    while (i < n) {
      char c = p.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          out.append(c);
          i++;
          continue;
        }
        char e = p.charAt(i + 1);
        int after = rewriteEscape(p, i, n, out);
        if (after > 0) {
          i = after;
          continue;
        }
        if (e >= '1' && e <= '9') {
          numberedBackReference = true;
        }
        if (e == 'k' && i + 2 < n && (p.charAt(i + 2) == '<' || p.charAt(i + 2) == '\'')) {
          char close = p.charAt(i + 2) == '<' ? '>' : '\'';
          int end = p.indexOf(close, i + 3);
          if (end > 0) {
            String name = p.substring(i + 3, end);
            out.append("\\k<").append(javaName(name, names, p)).append('>');
            i = end + 1;
            continue;
          }
        }
        if ((e == 'p' || e == 'P') && i + 2 < n && p.charAt(i + 2) == '{') {
          int end = p.indexOf('}', i + 3);
          if (end > 0) {
            out.append(p, i, end + 1); // a Unicode category: its braces are not a quantifier
            i = end + 1;
            continue;
          }
        }
        out.append(c).append(e);
        i += 2;
        continue;
      }
      if (c == '[') {
        int end = classEnd(p, i);
        if (end < 0) {
          return p; // unterminated or subtraction: leave it to the engine
        }
        out.append('[');
        int j = i + 1;
        if (j < end && p.charAt(j) == '^') {
          out.append('^');
          j++;
        }
        if (j < end && p.charAt(j) == ']') {
          out.append("\\]"); // a leading ] is a literal in both; spelled out for Java
          j++;
        }
        while (j < end) {
          char d = p.charAt(j);
          if (d == '\\' && j + 1 < end) {
            int after = rewriteEscape(p, j, end, out);
            if (after > 0) {
              j = after;
              continue;
            }
            out.append(d).append(p.charAt(j + 1));
            j += 2;
            continue;
          }
          if (d == '[' || d == '&') {
            out.append('\\');
          }
          out.append(d);
          j++;
        }
        out.append(']');
        i = end + 1;
        continue;
      }
      if (c == '(' && i + 2 < n && p.charAt(i + 1) == '?') {
        char k = p.charAt(i + 2);
        if (k == '#') {
          int end = p.indexOf(')', i + 3);
          if (end < 0) {
            return p;
          }
          // .NET skips a comment before a quantifier; elsewhere it still separates the tokens around it
          boolean quantifierNext = end + 1 < n
              && ("*+?".indexOf(p.charAt(end + 1)) >= 0 || quantifierAt(p, end + 1));
          if (!quantifierNext) {
            out.append("(?:)");
          }
          i = end + 1;
          continue;
        }
        boolean angle = k == '<' && i + 3 < n && p.charAt(i + 3) != '=' && p.charAt(i + 3) != '!';
        if (angle || k == '\'') {
          char close = angle ? '>' : '\'';
          int end = p.indexOf(close, i + 3);
          if (end < 0) {
            return p;
          }
          String name = p.substring(i + 3, end);
          if (!isDotNetName(name)) {
            return p; // balancing groups (?<a-b>...), numbered names: not rewritten
          }
          out.append("(?<").append(javaName(name, names, p)).append('>');
          i = end + 1;
          continue;
        }
      }
      if (c == '(' && (i + 1 >= n || p.charAt(i + 1) != '?')) {
        unnamedGroups++;
      }
      if (c == '{' && !quantifierAt(p, i)) {
        out.append("\\{");
        i++;
        continue;
      }
      out.append(c);
      i++;
    }
    if (numberedBackReference && !names.isEmpty() && unnamedGroups > 0) {
      return null; // .NET numbers named groups after the unnamed ones: \1 would mean another group here
    }
    return out.toString();
  }

  /**
   * The escapes whose Java reading differs from .NET's, at {@code i} (a backslash): {@code \0} takes at most
   * two more octal digits ({@code \0123} is a newline and {@code 3}), and {@code \c} with a lower-case
   * letter is the same control character as with the upper-case one. Writes the Java spelling and returns
   * the index after the escape; -1 when the escape is not one of these.
   */
  private static int rewriteEscape(String p, int i, int limit, StringBuilder out) {
    char e = p.charAt(i + 1);
    if (e == '0') {
      int v = 0;
      int j = i + 1;
      while (j < limit && j < i + 4 && p.charAt(j) >= '0' && p.charAt(j) <= '7') {
        v = v * 8 + (p.charAt(j) - '0');
        j++;
      }
      appendHexEscape(v, out);
      return j;
    }
    if (e == 'c' && i + 2 < limit) {
      char x = p.charAt(i + 2);
      if (x >= 'a' && x <= 'z') {
        appendHexEscape(x - 'a' + 1, out);
      } else {
        out.append(p, i, i + 3); // the character after \c is part of the escape
      }
      return i + 3;
    }
    return -1;
  }

  /** Writes {@code \\xHH} for a character below 256. */
  private static void appendHexEscape(int v, StringBuilder out) {
    out.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
  }

  /** Whether {@code {} at {@code i} starts {@code {n}}, {@code {n,}} or {@code {n,m}}. */
  private static boolean quantifierAt(String p, int i) {
    int j = i + 1;
    int digits = 0;
    while (j < p.length() && p.charAt(j) >= '0' && p.charAt(j) <= '9') {
      j++;
      digits++;
    }
    if (digits == 0 || j >= p.length()) {
      return false;
    }
    if (p.charAt(j) == '}') {
      return true;
    }
    if (p.charAt(j) != ',') {
      return false;
    }
    j++;
    while (j < p.length() && p.charAt(j) >= '0' && p.charAt(j) <= '9') {
      j++;
    }
    return j < p.length() && p.charAt(j) == '}';
  }

  /**
   * The index of the {@code ]} closing the class opened at {@code start}, or -1 when it is unterminated or
   * uses .NET's subtraction {@code -[...]} (not rewritten).
   */
  private static int classEnd(String p, int start) {
    int j = start + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++; // a leading ] is a literal
    }
    while (j < p.length()) {
      char d = p.charAt(j);
      if (d == '\\') {
        j += j + 1 < p.length() && p.charAt(j + 1) == 'c' ? 3 : 2; // \cX is one character
        continue;
      }
      if (d == '-' && j + 1 < p.length() && p.charAt(j + 1) == '[') {
        return -1;
      }
      if (d == ']') {
        return j;
      }
      j++;
    }
    return -1;
  }

  private static boolean isDotNetName(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** A Java group name for a .NET one: itself when Java accepts it, else a fresh {@code fbN} name. */
  private static String javaName(String name, Map<String, String> names, String pattern) {
    String known = names.get(name);
    if (known != null) {
      return known;
    }
    boolean javaValid = !name.isEmpty() && isAsciiLetter(name.charAt(0));
    for (int i = 1; javaValid && i < name.length(); i++) {
      char c = name.charAt(i);
      javaValid = isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
    String j = name;
    for (int k = names.size(); !javaValid || names.containsValue(j); k++) {
      j = "fbGroup" + k; // a name that appears nowhere in the pattern
      javaValid = !pattern.contains(j);
    }
    names.put(name, j);
    return j;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
