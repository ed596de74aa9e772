package dev.featbit.sdk.internal.eval;

/**
 * Text rules of the FeatBit server (a .NET process running with the invariant culture), reproduced exactly.
 *
 * <ul>
 *   <li>{@link #isWhiteSpace(char)}: .NET {@code char.IsWhiteSpace} (used for blank property names and
 *       dispatch keys);</li>
 *   <li>{@link #parseNumber(String)}: .NET {@code double.TryParse(s, Float | AllowThousands, Invariant)}
 *       (numeric operators; spec 6.5);</li>
 *   <li>{@link #parseLong(String)}: {@code long.TryParse} with {@code Integer} styles (typed conversion,
 *       spec 6.11).</li>
 * </ul>
 */
public final class DotNetText {
  private DotNetText() {}

  /** .NET {@code char.IsWhiteSpace}: Unicode Zs/Zl/Zp plus U+0009..U+000D and U+0085. */
  /**
   * Whether {@code s} holds a UTF-16 surrogate that is not half of a pair (only a JSON {@code \\u} escape can
   * put one in flag data). .NET's JSON reader refuses to read such a string, so the server's evaluation fails
   * where it reads it.
   */
  public static boolean hasLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0xD800 && c <= 0xDFFF) {
        if (c <= 0xDBFF && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
    }
    return false;
  }

  public static boolean isWhiteSpace(char c) {
    if (c <= 0x7f) {
      return (c >= 9 && c <= 13) || c == ' ';
    }
    if (c == 0x85) {
      return true;
    }
    int t = DotNetCategories.type(c); // separators (Zs, Zl, Zp), as .NET's table has them
    return t == Character.SPACE_SEPARATOR || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
  }

  /** .NET {@code string.IsNullOrWhiteSpace}. */
  public static boolean isNullOrWhiteSpace(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isWhiteSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** White-space allowed around numbers by .NET number parsing: U+0009..U+000D and U+0020 only. */
  static boolean isNumberSpace(char c) {
    return c == ' ' || (c >= 9 && c <= 13);
  }

  /**
   * Parses {@code s} with the server's number grammar. Returns {@link Double#NaN} when the text does not
   * parse (which, like a parsed NaN, makes every numeric comparison false). Overflow gives an infinity.
   */
  public static double parseNumber(String s) {
    if (s == null) {
      return Double.NaN;
    }
    // fast path: up to 9 ASCII digits (ages, counts, ids) are exactly that integer under the full grammar
    int n = s.length();
    if (n > 0 && n <= 9) {
      int digits = 0;
      int i = 0;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        digits = digits * 10 + (c - '0');
      }
      if (i == n) {
        return digits;
      }
    }
    double v = parseOrdinaryNumber(s);
    if (v == v) {
      return v;
    }
    // .NET tries the symbols only after the ordinary grammar failed, on a copy trimmed of all white-space
    String t = trimWhiteSpace(s);
    if (asciiEqualsIgnoreCase(t, "Infinity") || asciiEqualsIgnoreCase(t, "+Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (asciiEqualsIgnoreCase(t, "-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    return Double.NaN; // "NaN", "+NaN", "-NaN" and everything else: never matches
  }

  /** Trims .NET white-space ({@code string.Trim()}). */
  static String trimWhiteSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhiteSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhiteSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** The text as one byte per character, or null when a character is above U+00FF. */
  public static byte[] latin1(String s) {
    int n = s.length();
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        return null;
      }
      b[i] = (byte) c;
    }
    return b;
  }

  /** Case-insensitive comparison of ASCII letters only, as .NET's ordinal ignore-case does for these words. */
  public static boolean asciiEqualsIgnoreCase(String s, String lowerAscii) {
    if (s.length() != lowerAscii.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      char e = lowerAscii.charAt(i);
      if (e >= 'A' && e <= 'Z') {
        e = (char) (e + 32);
      }
      if (c != e) {
        return false;
      }
    }
    return true;
  }

  /** Digits, separators, fraction and exponent; NaN when the text does not follow that grammar. */
  private static double parseOrdinaryNumber(String s) {
    int start = 0;
    int end = s.length();
    while (end > start && s.charAt(end - 1) == 0) {
      end--; // trailing NULs are accepted after the number and its trailing white-space
    }
    while (start < end && isNumberSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isNumberSpace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return Double.NaN;
    }
    int i = start;
    boolean negative = false;
    char c = s.charAt(i);
    if (c == '+' || c == '-') {
      negative = c == '-';
      i++;
    }
    // Validate the grammar; accumulate the digits for the exact fast path.
    long mantissa = 0;
    int significant = 0; // digits accumulated into mantissa after leading zeros
    int intDigits = 0;
    int fracDigits = 0;
    boolean separators = false;
    int numberStart = i;
    while (i < end) {
      c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        intDigits++;
        if (mantissa != 0 || c != '0') {
          significant++;
          mantissa = mantissa * 10 + (c - '0');
        }
        i++;
      } else if (c == ',' && intDigits > 0) {
        separators = true;
        i++;
      } else {
        break;
      }
    }
    if (i < end && s.charAt(i) == '.') {
      i++;
      while (i < end && (c = s.charAt(i)) >= '0' && c <= '9') {
        fracDigits++;
        if (mantissa != 0 || c != '0') {
          significant++;
          mantissa = mantissa * 10 + (c - '0');
        }
        i++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return Double.NaN;
    }
    boolean exponent = false;
    if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      exponent = true;
      i++;
      if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < end && (c = s.charAt(i)) >= '0' && c <= '9') {
        expDigits++;
        i++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
    }
    if (i != end) {
      return Double.NaN;
    }
    double v;
    if (!exponent && significant <= 15 && fracDigits <= 22) {
      // exact integer divided by an exact power of ten: one correctly rounded IEEE operation (Clinger)
      v = fracDigits == 0 ? (double) mantissa : mantissa / POW10[fracDigits];
    } else {
      String text = s.substring(numberStart, end);
      if (separators) {
        text = text.replace(",", "");
      }
      try {
        v = Double.parseDouble(text); // grammar already validated: no hex, no suffix, no NaN/Infinity words
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return negative ? -v : v;
  }

  private static final double[] POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
      1e19, 1e20, 1e21, 1e22};

  /**
   * Parses a whole number the way .NET {@code long.TryParse} does (surrounding white-space, optional sign,
   * ASCII digits). Returns {@code null} for anything else, including fractions and overflow.
   */
  public static Long parseLong(String s) {
    if (s == null) {
      return null;
    }
    int start = 0;
    int end = s.length();
    while (start < end && isNumberSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isNumberSpace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return null;
    }
    int i = start;
    char c = s.charAt(i);
    if (c == '+' || c == '-') {
      i++;
    }
    if (i == end) {
      return null;
    }
    for (int j = i; j < end; j++) {
      c = s.charAt(j);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s.charAt(start) == '+' ? s.substring(start + 1, end) : s.substring(start, end));
    } catch (NumberFormatException overflow) {
      return null;
    }
  }

  /** .NET {@code bool.TryParse}: {@code true}/{@code false} in any letter case, surrounding white-space allowed. */
  public static Boolean parseBoolean(String s) {
    if (s == null) {
      return null;
    }
    int start = 0;
    int end = s.length();
    while (start < end && (isWhiteSpace(s.charAt(start)) || s.charAt(start) == 0)) {
      start++;
    }
    while (end > start && (isWhiteSpace(s.charAt(end - 1)) || s.charAt(end - 1) == 0)) {
      end--;
    }
    String t = s.substring(start, end);
    if (asciiEqualsIgnoreCase(t, "true")) {
      return Boolean.TRUE;
    }
    if (asciiEqualsIgnoreCase(t, "false")) {
      return Boolean.FALSE;
    }
    return null;
  }
}
