package dev.featbit.sdk.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-sync reader against the JSON library it replaced on the data path (Jackson, configured as
 * {@link Json}): both must accept and reject the same texts, and build the same values. PROTO-4 (a payload
 * that is not JSON is dropped whole) depends on the reader rejecting exactly what is not JSON.
 */
class JsonTreeTest {
  /** Jackson's tree model over the SDK's parser settings. */
  private static final ObjectMapper JACKSON =
      new ObjectMapper(Json.FACTORY.copy()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Canonical text of a Jackson tree: members by first position with the last duplicate's value. */
  private static String canonical(JsonNode n) {
    StringBuilder b = new StringBuilder();
    canonical(n, b);
    return b.toString();
  }

  private static void canonical(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      b.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.append(first ? "" : ",").append(JsonTree.toJson(e.getKey())).append(':');
        canonical(e.getValue(), b);
        first = false;
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (int i = 0; i < n.size(); i++) {
        b.append(i == 0 ? "" : ",");
        canonical(n.get(i), b);
      }
      b.append(']');
    } else if (n.isTextual()) {
      b.append(JsonTree.toJson(n.textValue()));
    } else if (n.isNumber()) {
      b.append(Double.valueOf(n.doubleValue()));
    } else {
      b.append(n.toString()); // true, false, null
    }
  }

  /** The same canonical text for our tree. */
  private static String canonical(Object v) {
    if (v instanceof JsonObject) {
      JsonObject o = (JsonObject) v;
      Map<String, Object> members = new LinkedHashMap<>();
      for (int i = 0; i < o.size(); i++) {
        members.put(o.name(i), o.value(i)); // keeps the first position, takes the last value
      }
      StringBuilder b = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<String, Object> e : members.entrySet()) {
        b.append(first ? "" : ",").append(JsonTree.toJson(e.getKey())).append(':').append(canonical(e.getValue()));
        first = false;
      }
      return b.append('}').toString();
    }
    if (v instanceof Object[]) {
      StringBuilder b = new StringBuilder("[");
      Object[] a = (Object[]) v;
      for (int i = 0; i < a.length; i++) {
        b.append(i == 0 ? "" : ",").append(canonical(a[i]));
      }
      return b.append(']').toString();
    }
    return JsonTree.toJson(v);
  }

  /** Parses with both; asserts they agree. Returns true when the text was accepted. */
  private static boolean agree(String text) {
    String jackson;
    try {
      JsonNode n = JACKSON.readTree(text);
      jackson = n == null || n.isMissingNode() ? "<empty>" : canonical(n);
    } catch (IOException | RuntimeException e) {
      jackson = null;
    }
    String ours;
    try {
      Object v = JsonTree.parse(text);
      ours = v == null ? "<empty>" : canonical(v);
    } catch (JsonTree.SyntaxError e) {
      ours = null;
    }
    assertThat(ours).as("reader result for %s", printable(text)).isEqualTo(jackson);
    return ours != null;
  }

  private static String printable(String s) {
    String t = s.length() > 300 ? s.substring(0, 300) + "..." : s;
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}", "[]", " { } ", "\t[\r\n]\n", "0", "-0", "-0.0", "1", "-1", "0.5", "1e3", "1E+3", "1e-3", "-1.25e-7",
      "123456789012345", "1234567890123456", "12345678901234567890123", "9007199254740993", "0.1", "0.34",
      "0.30000000000000004", "1e400", "-1e400", "4.9e-324", "1e-400", "true", "false", "null", "\"\"", "\"a\"",
      "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20AC\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"",
      "\"caf\u00e9 \u20ac \ud83d\ude00\"", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
      "{\"a\":1,\"a\":2}", "{\"a\\u0062\":1}", "[[[[[]]]]]", "[1,[2,[3,{\"x\":[4]}]]]", "{\"\":\"\"}",
      "\"\u007f\"", "[0.0,1.0,0.25,0.75,0.333333333333333,0.3333333333333333]",
  })
  void acceptsWhatJacksonAccepts(String text) {
    assertThat(agree(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "}", "[", "]", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}",
      "['a']", "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "--1", "0x10", "NaN", "Infinity",
      "-Infinity", "tru", "nul", "fals", "truex", "nulll", "[1 2]", "{\"a\":1 \"b\":2}", "\"abc", "\"\\x\"",
      "\"\\u12\"", "\"\\u12g4\"", "\"a\u0001b\"", "\"a\nb\"", "\"a\tb\"", "{} {}", "[] x", "1 2", "/* c */ {}",
      "{} // c", "[\"a\"\"b\"]", "{\"a\" 1}", "\u00a0{}", "[\u000b]", "\"\\", "[1,2",
  })
  void rejectsWhatJacksonRejects(String text) {
    assertThat(agree(text)).isFalse();
  }

  @Test
  void emptyOrBlankTextIsNoValue() throws Exception {
    assertThat(JsonTree.parse("")).isNull();
    assertThat(JsonTree.parse(" \n\t\r ")).isNull();
    agree("");
    agree("   ");
  }

  @Test
  void byteOrderMarkIsTreatedLikeJackson() {
    agree("\ufeff{}");
    agree("{}\ufeff");
  }

  @Test
  void nestingIsBoundedAndRejectedLikeJackson() throws Exception {
    for (int depth : new int[] {1, 199, 200, 201, 202, 5000}) {
      String arrays = "[".repeat(depth) + "]".repeat(depth);
      agree(arrays);
      StringBuilder objects = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        objects.append("{\"a\":");
      }
      objects.append("1").append("}".repeat(depth));
      agree(objects.toString());
    }
    assertThat(JsonTree.parse("[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH))).isNotNull();
    // a hostile depth is an error, not a StackOverflowError
    assertThatThrownBy(() -> JsonTree.parse("[".repeat(1_000_000))).isInstanceOf(JsonTree.SyntaxError.class)
        .hasMessageContaining("nesting deeper than 200");
  }

  @Test
  void valuesAreTheDocumentedJavaTypes() throws Exception {
    JsonObject o = (JsonObject) JsonTree.parse(
        "{\"s\":\"x\",\"n\":0.34,\"i\":12,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,\"b\"],\"o\":{},\"s\":\"y\"}");
    assertThat(o.get("s")).isEqualTo("y"); // a repeated name: the last one, as JsonElement.GetProperty
    assertThat(o.size()).isEqualTo(9);
    assertThat(o.name(0)).isEqualTo("s");
    assertThat(o.value(0)).isEqualTo("x");
    assertThat(o.get("n")).isEqualTo(0.34);
    assertThat(o.get("i")).isEqualTo(12.0);
    assertThat(o.get("t")).isEqualTo(Boolean.TRUE);
    assertThat(o.get("f")).isEqualTo(Boolean.FALSE);
    assertThat(o.get("z")).isSameAs(JsonTree.NULL);
    assertThat(JsonTree.isNull(o.get("z"))).isTrue();
    assertThat((Object[]) o.get("a")).containsExactly(1.0, "b");
    assertThat(((JsonObject) o.get("o")).size()).isZero();
    assertThat(o.get("missing")).isNull();
    assertThat(o.has("z")).isTrue();
    assertThat(o.has("missing")).isFalse();
  }

  @Test
  void errorsGiveAnOffsetAndNoContent() {
    assertThatThrownBy(() -> JsonTree.parse("{\"secret-value\": tru}"))
        .isInstanceOf(JsonTree.SyntaxError.class)
        .hasMessageStartingWith("invalid JSON at offset 17")
        .hasMessageNotContaining("secret");
  }

  @Test
  void numbersMatchDoubleParseDouble() throws Exception {
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String text;
      switch (i % 4) {
        case 0:
          text = Long.toString(r.nextLong() % 1_000_000_000_000_000L);
          break;
        case 1:
          StringBuilder digits = new StringBuilder();
          for (int d = 1 + r.nextInt(16); d > 0; d--) {
            digits.append((char) ('0' + r.nextInt(10)));
          }
          text = (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + "." + digits;
          break;
        case 2:
          text = Double.toString(r.nextDouble()).replace("E", "e");
          break;
        default:
          text = r.nextInt(100) + "." + r.nextInt(100) + "e" + (r.nextInt(40) - 20);
      }
      Object v = JsonTree.parse(text);
      assertThat((Double) v).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  /** Documents shaped like the real thing: the spec's vector files. */
  private static List<String> corpus() throws IOException {
    List<String> docs = new ArrayList<>();
    for (String name : new String[] {"spec/vectors/dispatch.json", "spec/vectors/evaluation.json",
        "spec/vectors/token.json", "spec/examples/data-sync-full.json", "spec/examples/data-sync-patch.json",
        "spec/examples/insight-batch.json"}) {
      try (java.io.InputStream in = JsonTreeTest.class.getClassLoader().getResourceAsStream(name)) {
        assertThat(in).as(name).isNotNull();
        docs.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    docs.add("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":[{\"key\":\"k\","
        + "\"updatedAt\":\"2025-03-01T08:00:00.123Z\",\"isEnabled\":true,\"variations\":[{\"id\":\"a\",\"value\":"
        + "\"{\\\"x\\\":[1,2.5e3,null]}\"}],\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,"
        + "\"variations\":[{\"id\":\"a\",\"rollout\":[0,1],\"exptRollout\":1}]},\"caf\u00e9\":\"\\u00e9\\ud83d\\ude00\"}],"
        + "\"segments\":[]}}");
    return docs;
  }

  @Test
  void realDocumentsGiveTheSameTree() throws Exception {
    List<String> docs = corpus();
    assertThat(docs).isNotEmpty();
    for (String d : docs) {
      assertThat(agree(d)).isTrue();
    }
  }

  /**
   * Random damage to real documents (deleted, inserted, replaced or duplicated characters, JSON punctuation
   * favoured): whatever the text, the two readers agree on accepting it and on the tree.
   */
  @Test
  void damagedDocumentsAreJudgedLikeJackson() throws Exception {
    List<String> docs = corpus();
    String alphabet = "{}[]:,\"\\ \n0123456789.-+eEtrufalsn/u\u00e9\u0001\ud83d";
    Random r = new Random(20261124);
    int accepted = 0;
    int cases = 0;
    for (String doc : docs) {
      String base = doc.length() > 20_000 ? doc.substring(0, 20_000) : doc;
      for (int i = 0; i < 1500; i++) {
        StringBuilder b = new StringBuilder(base);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
          int at = r.nextInt(b.length() + 1);
          switch (r.nextInt(4)) {
            case 0:
              if (at < b.length()) {
                b.deleteCharAt(at);
              }
              break;
            case 1:
              b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
              break;
            case 2:
              if (at < b.length()) {
                b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
              }
              break;
            default:
              int end = Math.min(b.length(), at + r.nextInt(12));
              b.insert(at, b.substring(at, end));
          }
        }
        cases++;
        if (agree(b.toString())) {
          accepted++;
        }
      }
    }
    // both outcomes were exercised
    assertThat(accepted).isGreaterThan(cases / 50);
    assertThat(accepted).isLessThan(cases - cases / 50);
  }

  /** The two places where the reader follows RFC 8259 (and .NET) rather than Jackson's extra leniency. */
  @Test
  void unicodeEscapesTakeAsciiHexOnlyAndNumbersHaveNoLengthLimit() throws Exception {
    assertThat(JsonTree.parse("\"\\u0041\\u00e9\\u00E9\"")).isEqualTo("A\u00e9\u00e9");
    for (String notHex : new String[] {"\uff10\uff10\uff14\uff11", "\u0660\u0660\u0664\u0661",
        "\u0141\u0141\u0141\u0141", "00g1"}) {
      assertThatThrownBy(() -> JsonTree.parse("\"\\u" + notHex + "\"")).isInstanceOf(JsonTree.SyntaxError.class)
          .hasMessageContaining("invalid \\u escape");
    }
    String longNumber = "1" + "0".repeat(1000);
    assertThat(JsonTree.parse(longNumber)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(JsonTree.parse("0." + "3".repeat(1001))).isEqualTo(Double.parseDouble("0." + "3".repeat(1001)));
  }

  /**
   * A large text (where repeated short values and member-name sequences are shared within the parse) reads the
   * same values as Jackson: strings with equal hash codes ("Aa", "BB"), escapes, prefixes, long strings, and
   * objects whose members come in different orders.
   */
  @Test
  void largeTextsWithRepeatedValuesAndNamesReadAsJacksonDoes() throws Exception {
    Random r = new Random(7);
    String[] pool = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "", "a", "ab", "abc", "caf\u00e9", "caf\u00e8", "x\\\"y",
        "t\\tab",
        "7d3a9b2e-6c41-4f08-9a7e-2b5c1d0e3f4a", "7d3a9b2e-6c41-4f08-9a7e-2b5c1d0e3f4b", "\u65e5\u672c",
        "0123456789012345678901234567890123456789012345678", "012345678901234567890123456789012345678901234567"};
    String[] names = {"id", "key", "value", "op", "Aa", "BB"};
    for (int round = 0; round < 20; round++) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; b.length() < 20_000; i++) {
        b.append(i == 0 ? "" : ",");
        if (r.nextInt(3) == 0) {
          b.append('"').append(pool[r.nextInt(pool.length)]).append('"');
          continue;
        }
        b.append('{');
        int members = r.nextInt(4);
        for (int m = 0; m < members; m++) {
          b.append(m == 0 ? "" : ",").append('"').append(names[r.nextInt(names.length)]).append("\":\"")
              .append(pool[r.nextInt(pool.length)]).append('"');
        }
        b.append('}');
      }
      String text = b.append(']').toString();
      assertThat(canonical(JsonTree.parse(text))).isEqualTo(canonical(JACKSON.readTree(text)));
    }
  }

  /** Repeated names, escaped or not, long or short, by a literal or another instance: the last one wins. */
  @Test
  void memberLookupFindsTheLastOccurrenceWhateverTheInstance() throws Exception {
    String longName = "n".repeat(JsonObject.INTERNED + 1);
    JsonObject a = (JsonObject) JsonTree.parse("{\"id\":1,\"\\u0069d\":2,\"" + longName + "\":3,\"" + longName
        + "\":4}");
    JsonObject b = (JsonObject) JsonTree.parse("{\"\\u0069d\":1,\"id\":2,\"x\":null}");
    for (JsonObject o : new JsonObject[] {a, b}) {
      assertThat(o.get("id")).isEqualTo(2.0);
      assertThat(o.get(new String("id"))).isEqualTo(2.0);
      assertThat(o.get("ID")).isNull();
    }
    assertThat(a.get(longName)).isEqualTo(4.0);
    assertThat(a.get(new String(longName))).isEqualTo(4.0);
    assertThat(b.get("x")).isSameAs(JsonTree.NULL);
  }
}
