package dev.featbit.sdk.internal.data;

/**
 * A strict JSON (RFC 8259) reader for data-sync payloads, building a compact tree for the compiler.
 *
 * <p>Why not the JSON library's tree: a full data set of 10,000 flags is about 15 MB of text, and building
 * a general-purpose tree (an ordered hash map per object, a node object per value) was half of the time to
 * parse and commit it. This reader builds only what the compiler reads:
 * <ul>
 *   <li>an object is a {@link JsonObject} (two exact-size arrays, members in document order);</li>
 *   <li>an array is an {@code Object[]};</li>
 *   <li>a string is a {@link String}, a number a {@link Double}, {@code true}/{@code false} a {@link Boolean},
 *       and {@code null} the {@link #NULL} sentinel (Java {@code null} means "absent").</li>
 * </ul>
 *
 * <p>Grammar: exactly RFC 8259 with nothing lenient (no comments, no single quotes, no {@code NaN}, no leading
 * zeros or {@code +}, no trailing commas, no unescaped control characters, no content after the value),
 * which is what the JSON library accepted here before; {@code JsonTreeTest} checks both accept and reject the
 * same texts and build equal trees. Where that library goes beyond the RFC this reader does not: a
 * {@code \\u} escape takes ASCII hex digits only (Jackson 2.18 also takes any character whose low byte is
 * one), and there are no length limits on numbers, names or strings other than the text's own length (Jackson
 * rejects numbers over 1,000 characters); .NET's reader on the server behaves like this reader in both.
 * Nesting deeper than {@link #MAX_DEPTH} is rejected, so hostile input cannot exhaust the stack; every other
 * cost is linear in the text. {@code \\u} escapes are taken as UTF-16
 * code units (a lone surrogate is kept, as the library kept it).
 *
 * <p>Not thread-safe per parse; {@link #parse} creates its own state.
 */
public final class JsonTree {
  private JsonTree() {}

  /** JSON {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 200;

  /** The text is not exactly one JSON value. The message gives an offset, never content. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses {@code text} as exactly one JSON value (white space around it allowed).
   *
   * @return the value, or null when the text is empty or only white space
   * @throws SyntaxError when the text is anything else than one JSON value
   */
  public static Object parse(String text) throws SyntaxError {
    return parse(text, null);
  }

  /**
   * Receives, while a text is parsed, the elements of the arrays it chooses: those that are member values of
   * the root object (depth 1) or of the root object's {@code data} object (depth 2).
   */
  interface ElementHook {
    /**
     * Called when the value of member {@code name} of such an object is an array about to be read;
     * {@code names} and {@code values} from {@code from} to {@code to} are that object's members read so far.
     *
     * @return what receives the array's elements, or null to read the array as usual
     */
    ElementSink open(int depth, String name, String[] names, Object[] values, int from, int to);
  }

  /**
   * The members of an object that are read later, by name, with the shape of each member's objects (or of the
   * objects in its array): an object read with a shape keeps only those members; the values of the others are
   * checked as JSON, as strictly as any value, and dropped (a string value is scanned without being built).
   */
  public static final class Shape {
    private final String[] names;
    private final Shape[] children;
    private final boolean[] shared;
    private final boolean[] packed;
    private final boolean asciiIgnoreCase;

    private Shape(String[] names, Shape[] children, boolean[] shared, boolean[] packed, boolean asciiIgnoreCase) {
      this.names = names;
      this.children = children;
      this.shared = shared;
      this.packed = packed;
      this.asciiIgnoreCase = asciiIgnoreCase;
    }

    /** A shape keeping {@code names} (each read as a whole). */
    public static Shape keeping(String... names) {
      return keeping(names, false);
    }

    /**
     * A shape keeping every member whose name equals one of {@code names} ignoring the case of ASCII letters
     * (as .NET's ordinal ignore-case comparison does), repeats included.
     */
    public static Shape keepingIgnoringAsciiCase(String... names) {
      return keeping(names, true);
    }

    private static Shape keeping(String[] names, boolean asciiIgnoreCase) {
      String[] interned = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        interned[i] = names[i].intern(); // the reader interns names, so a kept name is found by identity
      }
      return new Shape(interned, new Shape[names.length], new boolean[names.length], new boolean[names.length],
          asciiIgnoreCase);
    }

    /** This shape, with the objects of member {@code name} (kept) read with {@code child}. */
    public Shape with(String name, Shape child) {
      Shape[] c = children.clone();
      c[indexOf(name)] = child;
      return new Shape(names, c, shared, packed, asciiIgnoreCase);
    }

    /**
     * This shape, with the string values of the members {@code names} (kept) shared within the read: a value
     * the text repeats (an operator, an attribute name, a variation id a rule refers to) is one instance.
     */
    public Shape sharing(String... names) {
      boolean[] sh = shared.clone();
      for (String n : names) {
        sh[indexOf(n)] = true;
      }
      return new Shape(this.names, children, sh, packed, asciiIgnoreCase);
    }

    /**
     * This shape, with an array value of the members {@code names} (kept) read as a {@link KeyList}: a list of
     * keys (the user keys of a target entry or of a segment's lists) whose plain strings are not built one by
     * one.
     */
    public Shape packing(String... names) {
      boolean[] pk = packed.clone();
      for (String n : names) {
        pk[indexOf(n)] = true;
      }
      return new Shape(this.names, children, shared, pk, asciiIgnoreCase);
    }

    private int indexOf(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      throw new IllegalArgumentException(name + " is not kept");
    }

    /** The index of {@code name} (interned by the reader), or -1 when the member is dropped. */
    int index(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i] == name) {
          return i;
        }
      }
      if (asciiIgnoreCase) {
        for (int i = 0; i < names.length; i++) {
          if (asciiEqualsIgnoreCase(names[i], name)) {
            return i;
          }
        }
      }
      return -1;
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
      int n = a.length();
      if (b.length() != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char x = a.charAt(i);
        char y = b.charAt(i);
        if (x >= 'A' && x <= 'Z') {
          x = (char) (x + 32);
        }
        if (y >= 'A' && y <= 'Z') {
          y = (char) (y + 32);
        }
        if (x != y) {
          return false;
        }
      }
      return true;
    }
  }

  /** Receives the elements of one array as each is read. */
  interface ElementSink {
    /** The shape each element object is read with, or null to read elements whole. */
    default Shape shape() {
      return null;
    }

    /**
     * Called with each element and where its text is ({@code start} to {@code end} of the parsed text).
     *
     * @return what the array holds in its place
     */
    Object element(Object value, String text, int start, int end);
  }

  /** {@link #parse(String)}, handing the elements of the arrays {@code hook} chooses to it as they are read. */
  static Object parse(String text, ElementHook hook) throws SyntaxError {
    Parser p = new Parser(text);
    p.hook = hook;
    p.skipWs();
    if (p.pos >= p.len) {
      return null;
    }
    Object v = p.value(0);
    p.skipWs();
    if (p.pos < p.len) {
      throw p.error("content after the JSON value");
    }
    return v;
  }

  /** True when {@code v} is JSON {@code null}. */
  public static boolean isNull(Object v) {
    return v == NULL;
  }

  /** The value as compact JSON text (tests and diagnostics). */
  public static String toJson(Object v) {
    StringBuilder b = new StringBuilder();
    write(v, b);
    return b.toString();
  }

  /**
   * The value as JSON text that reads back to the same tree, also once encoded as UTF-8: as {@link #toJson}
   * (which escapes a lone surrogate as {@code \\u} and its code), except that an infinity (a number beyond a
   * double's range, read as one) is written {@code 1e400} or {@code -1e400}.
   */
  public static String toReadableJson(Object v) {
    StringBuilder b = new StringBuilder();
    write(v, b, true);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b) {
    write(v, b, false);
  }

  private static void write(Object v, StringBuilder b, boolean readable) {
    if (v instanceof String) {
      quote((String) v, b);
    } else if (v instanceof JsonObject) {
      JsonObject o = (JsonObject) v;
      b.append('{');
      for (int i = 0; i < o.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        quote(o.name(i), b);
        b.append(':');
        write(o.value(i), b, readable);
      }
      b.append('}');
    } else if (v instanceof Object[] || v instanceof KeyList) {
      Object[] a = v instanceof KeyList ? ((KeyList) v).toArray() : (Object[]) v;
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        if (i > 0) {
          b.append(',');
        }
        write(a[i], b, readable);
      }
      b.append(']');
    } else if (readable && v instanceof Double && ((Double) v).isInfinite()) {
      b.append((Double) v > 0 ? "1e400" : "-1e400");
    } else {
      b.append(v); // Double, Boolean, NULL
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          b.append(c).append(s.charAt(++i)); // a pair: one character, written as it is
        } else {
          b.append(String.format("\\u%04x", (int) c)); // a lone surrogate: escaped, so UTF-8 can carry it
        }
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  /** The integers 0 to 255 as values (a number's value is never compared by identity). */
  private static final Double[] SMALL = new Double[256];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = (double) i;
    }
  }

  /** Exact powers of ten as doubles (10^0 .. 10^22 are exactly representable). */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private static final class Parser {
    final String s;
    final int len;
    int pos;
    // one stack of pending members/elements shared by every nesting level (dies with the parse, so slots
    // above the top are not cleared)
    String[] names = new String[16];
    Object[] values = new Object[16];
    int top;
    // member names repeat in every document of a data set: one (interned) String per distinct name and parse
    // (created at the first name: the small lists the compiler parses have none)
    String[] nameCache;
    String[] valueCache; // values of shared members (see Shape#sharing), made at the first one
    ElementHook hook;
    String lastName; // the member name whose value is being read (depth 1 and 2 only matter)

    Parser(String s) {
      this.s = s;
      this.len = s.length();
    }

    SyntaxError error(String what) {
      return new SyntaxError("invalid JSON at offset " + pos + ": " + what);
    }

    // the scanning loops work on locals (the position is written back once), which the JIT keeps in registers
    void skipWs() {
      String t = s;
      int p = pos;
      while (p < len) {
        char c = t.charAt(p);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          break;
        }
        p++;
      }
      pos = p;
    }

    /** A value whose objects (or, for an array, whose element objects) are read with {@code shape}. */
    private Object value(int depth, Shape shape) throws SyntaxError {
      if (shape != null && pos < len) {
        char c = s.charAt(pos);
        if (c == '{') {
          return object(depth + 1, shape);
        }
        if (c == '[') {
          return array(depth + 1, null, shape);
        }
      }
      return value(depth);
    }

    /** Checks a value that nobody reads: strings are scanned, not built. */
    private void skip(int depth) throws SyntaxError {
      if (pos < len && s.charAt(pos) == '"') {
        pos++;
        string(false);
      } else {
        value(depth);
      }
    }

    Object value(int depth) throws SyntaxError {
      if (pos >= len) {
        throw error("unexpected end of text");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          pos++;
          return string(true);
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return NULL;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character");
      }
    }

    private void literal(String word) throws SyntaxError {
      if (!s.startsWith(word, pos)) {
        throw error("unrecognised token");
      }
      pos += word.length();
    }

    private void push(String name, Object value) {
      if (top == values.length) {
        names = java.util.Arrays.copyOf(names, top * 2);
        values = java.util.Arrays.copyOf(values, top * 2);
      }
      names[top] = name;
      values[top++] = value;
    }

    /** Enters an object or array at {@code depth}; true when it is empty (and already closed). */
    private boolean open(int depth, char close) throws SyntaxError {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      pos++; // '{' or '['
      skipWs();
      if (pos < len && s.charAt(pos) == close) {
        pos++;
        return true;
      }
      return false;
    }

    /** After a member or element: true at the closing character, false after a comma. */
    private boolean closed(char close) throws SyntaxError {
      skipWs();
      if (pos >= len) {
        throw error(close == '}' ? "unterminated object" : "unterminated array");
      }
      char c = s.charAt(pos++);
      if (c == close) {
        return true;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '" + close + "'");
      }
      skipWs();
      return false;
    }

    private Object object(int depth) throws SyntaxError {
      return object(depth, null);
    }

    private Object object(int depth, Shape shape) throws SyntaxError {
      if (open(depth, '}')) {
        return new JsonObject(JsonObject.NO_NAMES, JsonObject.NO_VALUES);
      }
      int base = top;
      boolean hooked = hook != null && (depth == 1 || (depth == 2 && "data".equals(lastName)));
      do {
        if (pos >= len || s.charAt(pos) != '"') {
          throw error("expected a member name");
        }
        pos++;
        String name = name();
        skipWs();
        if (pos >= len || s.charAt(pos) != ':') {
          throw error("expected ':'");
        }
        pos++;
        skipWs();
        if (shape != null) {
          int k = shape.index(name);
          if (k < 0) {
            skip(depth);
          } else if (shape.shared[k] && pos < len && s.charAt(pos) == '"') {
            pos++;
            push(name, sharedString());
          } else if (shape.packed[k] && pos < len && s.charAt(pos) == '[') {
            push(name, keyList(depth + 1));
          } else {
            push(name, value(depth, shape.children[k]));
          }
          continue;
        }
        ElementSink sink = hooked && pos < len && s.charAt(pos) == '['
            ? hook.open(depth, name, names, values, base, top) : null;
        lastName = name;
        push(name, sink != null ? array(depth + 1, sink, sink.shape()) : value(depth));
      } while (!closed('}'));
      int n = top - base;
      String[] ns = sharedNames(base, n);
      Object[] vs = new Object[n];
      System.arraycopy(values, base, vs, 0, n);
      top = base;
      return new JsonObject(ns, vs);
    }

    private Object array(int depth) throws SyntaxError {
      return array(depth, null, null);
    }

    /** An array whose elements go to {@code sink} (when not null), element objects read with {@code shape}. */
    private Object array(int depth, ElementSink sink, Shape shape) throws SyntaxError {
      if (open(depth, ']')) {
        return JsonObject.NO_VALUES;
      }
      int base = top;
      do {
        lastName = null;
        int start = pos;
        Object v = shape == null ? value(depth) : value(depth, shape);
        push(null, sink == null ? v : sink.element(v, s, start, pos));
      } while (!closed(']'));
      int n = top - base;
      Object[] vs = new Object[n];
      System.arraycopy(values, base, vs, 0, n);
      top = base;
      return vs;
    }

    // a key list's elements while it is read, reused for every list of the parse
    byte[] keyChars;
    int[] keyEnds;
    int[] keyHashes;

    /** An array read as a {@link KeyList}. */
    private Object keyList(int depth) throws SyntaxError {
      if (open(depth, ']')) {
        return JsonObject.NO_VALUES;
      }
      if (keyChars == null) {
        keyChars = new byte[1024];
        keyEnds = new int[64];
        keyHashes = new int[64];
      }
      Object[] others = null;
      int n = 0;
      int used = 0;
      do {
        lastName = null;
        Object other = null;
        int h = 0;
        int p = pos;
        boolean plain = false;
        if (p < len && s.charAt(p) == '"') {
          String t = s;
          p++;
          byte[] out = keyChars;
          int q = used;
          while (p < len) { // copied as it is checked: one pass
            char c = t.charAt(p);
            if (c == '"') {
              plain = true;
              break;
            }
            if (c == '\\' || c < 0x20 || c > 0xFF) {
              break;
            }
            if (q == out.length) {
              out = keyChars = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[q++] = (byte) c;
            h = 31 * h + c;
            p++;
          }
          if (plain) {
            used = q;
            pos = p + 1;
          }
        }
        if (!plain) {
          other = value(depth);
          h = 0;
        }
        if (n == keyEnds.length) {
          keyEnds = java.util.Arrays.copyOf(keyEnds, n * 2);
          keyHashes = java.util.Arrays.copyOf(keyHashes, n * 2);
        }
        keyEnds[n] = used;
        keyHashes[n] = h;
        if (other != null) {
          if (others == null) {
            others = new Object[Math.max(8, n + 1)];
          } else if (n >= others.length) {
            others = java.util.Arrays.copyOf(others, Math.max(n + 1, others.length * 2));
          }
          others[n] = other;
        }
        n++;
      } while (!closed(']'));
      return new KeyList(java.util.Arrays.copyOf(keyChars, used), java.util.Arrays.copyOf(keyEnds, n),
          java.util.Arrays.copyOf(keyHashes, n), others == null ? null : java.util.Arrays.copyOf(others, n));
    }

    // objects of one kind have the same members in the same order: their name arrays are one instance
    // (immutable, like the names themselves), found in a small direct-mapped cache
    String[][] namesCache;

    /** The names {@code names[base .. base + n)} as an array, the same instance as before when it was seen. */
    private String[] sharedNames(int base, int n) {
      String[] pending = names;
      int h = n;
      for (int i = 0; i < n; i++) {
        h = 31 * h + pending[base + i].hashCode();
      }
      if (namesCache == null) {
        namesCache = new String[64][];
      }
      int slot = (h ^ (h >>> 7)) & 63;
      String[] cached = namesCache[slot];
      if (cached != null && cached.length == n) {
        int i = 0;
        while (i < n && cached[i] == pending[base + i]) {
          i++;
        }
        if (i == n) {
          return cached;
        }
      }
      String[] ns = new String[n];
      System.arraycopy(pending, base, ns, 0, n);
      namesCache[slot] = ns;
      return ns;
    }

    /** A member name after its opening quote; escape-free names are shared through the name cache. */
    private String name() throws SyntaxError {
      if (nameCache == null) {
        nameCache = new String[512];
      }
      return cachedString(nameCache, true);
    }

    /**
     * A string value after its opening quote, shared within this read: an escape-free value equal to one read
     * before in the same cache slot is that instance (the cache is small and direct-mapped: a repeated value
     * is usually found, a miss only costs the copy every string costs).
     */
    private String sharedString() throws SyntaxError {
      if (valueCache == null) {
        valueCache = new String[1024];
      }
      return cachedString(valueCache, false);
    }

    /**
     * A string after its opening quote, found in or added to {@code cache} (a power-of-two, direct-mapped table)
     * when it has no escape; {@code intern}: a member name (see {@link #interned}).
     */
    private String cachedString(String[] cache, boolean intern) throws SyntaxError {
      int start = pos;
      int h = 0;
      String t = s;
      int p = start;
      while (p < len) {
        char c = t.charAt(p);
        if (c == '"') {
          int n = p - start;
          pos = p + 1;
          int slot = (h ^ (h >>> 9)) & (cache.length - 1);
          String cached = cache[slot];
          if (cached != null && cached.length() == n && t.regionMatches(start, cached, 0, n)) {
            return cached;
          }
          String v = intern ? interned(t.substring(start, p)) : t.substring(start, p);
          cache[slot] = v;
          return v;
        }
        if (c == '\\' || c < 0x20) {
          break;
        }
        h = 31 * h + c;
        p++;
      }
      pos = start;
      return intern ? interned(string(true)) : string(true);
    }

    /**
     * Member names up to {@link JsonObject#INTERNED} characters are interned, so that {@link JsonObject#get}
     * with a literal name finds them by identity.
     */
    private static String interned(String name) {
      return name.length() <= JsonObject.INTERNED ? name.intern() : name;
    }

    /** A string after its opening quote; with {@code build} false only checked (and null returned). */
    private String string(boolean build) throws SyntaxError {
      int start = pos;
      String t = s;
      int p = start;
      while (p < len) {
        char c = t.charAt(p);
        if (c == '"') {
          pos = p + 1;
          return build ? t.substring(start, p) : null;
        }
        if (c == '\\' || c < 0x20) {
          break;
        }
        p++;
      }
      pos = p;
      StringBuilder b = build ? new StringBuilder(pos - start + 16).append(s, start, pos) : null;
      while (pos < len) {
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          return b == null ? null : b.toString();
        }
        if (c < 0x20) {
          throw error("unescaped control character in a string");
        }
        if (c != '\\') {
          if (b != null) {
            b.append(c);
          }
          pos++;
          continue;
        }
        if (pos + 1 >= len) {
          break;
        }
        char e = s.charAt(pos + 1);
        pos += 2;
        char decoded;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            decoded = e;
            break;
          case 'b':
            decoded = '\b';
            break;
          case 'f':
            decoded = '\f';
            break;
          case 'n':
            decoded = '\n';
            break;
          case 'r':
            decoded = '\r';
            break;
          case 't':
            decoded = '\t';
            break;
          case 'u':
            decoded = hex4();
            break;
          default:
            pos -= 2;
            throw error("invalid escape");
        }
        if (b != null) {
          b.append(decoded);
        }
      }
      throw error("unterminated string");
    }

    private char hex4() throws SyntaxError {
      if (pos + 4 > len) {
        throw error("truncated \\u escape");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        char c = s.charAt(pos + i);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F'
            ? c - 'A' + 10 : -1; // ASCII hex only (Character.digit would also take other scripts' digits)
        if (d < 0) {
          throw error("invalid \\u escape");
        }
        v = v << 4 | d;
      }
      pos += 4;
      return (char) v;
    }

    /** A number per RFC 8259, as the nearest double. */
    private Double number() throws SyntaxError {
      int start = pos;
      boolean negative = false;
      if (s.charAt(pos) == '-') {
        negative = true;
        pos++;
      }
      long mantissa = 0;
      int digits = 0;
      int intStart = pos;
      while (pos < len) {
        char c = s.charAt(pos);
        if (c < '0' || c > '9') {
          break;
        }
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        pos++;
      }
      if (pos == intStart) {
        throw error("invalid number");
      }
      if (s.charAt(intStart) == '0' && pos - intStart > 1) {
        pos = intStart;
        throw error("leading zero in a number");
      }
      int fraction = 0;
      if (pos < len && s.charAt(pos) == '.') {
        pos++;
        int fracStart = pos;
        while (pos < len) {
          char c = s.charAt(pos);
          if (c < '0' || c > '9') {
            break;
          }
          mantissa = mantissa * 10 + (c - '0');
          digits++;
          pos++;
        }
        fraction = pos - fracStart;
        if (fraction == 0) {
          throw error("invalid number");
        }
      }
      boolean exponent = false;
      if (pos < len && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        exponent = true;
        pos++;
        if (pos < len && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        int expStart = pos;
        while (pos < len && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
          pos++;
        }
        if (pos == expStart) {
          throw error("invalid number");
        }
      }
      if (!exponent && digits <= 15) {
        // exact: the mantissa (< 10^15 < 2^53) and 10^fraction are both doubles, so one division rounds
        // correctly, giving what Double.parseDouble gives
        if (fraction == 0) {
          if (!negative && mantissa < SMALL.length) {
            return SMALL[(int) mantissa]; // rollout bounds, percentages, counts: one shared value each
          }
          return (double) (negative ? -mantissa : mantissa); // "-0" is the integer 0
        }
        double d = mantissa / POW10[fraction];
        return negative ? -d : d;
      }
      return Double.parseDouble(s.substring(start, pos));
    }
  }
}
