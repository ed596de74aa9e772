package dev.featbit.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json#readPlain}, {@link Json#isValid} and {@link Json#quote} (Jackson streaming only) give what
 * Jackson's data binding gives over the same parser settings: {@code readValue(text, Object.class)}, a
 * non-empty {@code readTree}, {@code writeValueAsString}; same Java types, same member order.
 */
class JsonTest {
  private static final ObjectMapper DATABIND =
      new ObjectMapper(Json.FACTORY.copy()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Type-exact, order-exact text of a plain value ({@code Map.equals} ignores order, {@code 1 == 1L} not). */
  static String describe(Object v) {
    StringBuilder b = new StringBuilder();
    describe(v, b);
    return b.toString();
  }

  private static void describe(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
      return;
    }
    b.append(v.getClass().getSimpleName());
    if (v instanceof Map) {
      b.append('{');
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        b.append(Json.quote((String) e.getKey())).append('=');
        describe(e.getValue(), b);
        b.append(',');
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      for (Object e : (List<?>) v) {
        describe(e, b);
        b.append(',');
      }
      b.append(']');
    } else if (v instanceof String) {
      b.append(':').append(Json.quote((String) v));
    } else {
      b.append(':').append(v);
    }
  }

  /** Both readers on {@code text}: same result or both refuse. Returns whether it was accepted. */
  static boolean agree(String text) {
    String expected;
    try {
      expected = describe(DATABIND.readValue(text, Object.class));
    } catch (IOException | RuntimeException e) {
      expected = "refused";
    }
    String got;
    try {
      got = describe(Json.readPlain(text));
    } catch (IOException e) {
      got = "refused";
    }
    assertThat(got).as("readPlain(%s)", text.length() > 200 ? text.substring(0, 200) + "..." : text)
        .isEqualTo(expected);
    boolean treeAccepts;
    try {
      JsonNode n = DATABIND.readTree(text);
      treeAccepts = n != null && !n.isMissingNode();
    } catch (IOException | RuntimeException e) {
      treeAccepts = false;
    }
    assertThat(Json.isValid(text)).as("isValid(%s)", text).isEqualTo(treeAccepts).isEqualTo(!"refused".equals(got));
    return treeAccepts;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "0", "-0", "-0.0", "1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
      "0.1", "1e2", "1E2", "1e+2", "1.0", "2.50", "-1.25e-7", "12345678901234567890.5", "1e400", "-1e400",
      "1.5e-400", "1e99999999999999999999", "4.9e-324", "true", "false", "null", "\"\"", "\"x\"",
      "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20AC\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"",
      "\"caf\u00e9 \ud83d\ude00\"", "{}", "[]", " { } ", "\t[\r\n]\n", "[1,[2,{}],\"a\",null,true,1.5]",
      "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":1,\"b\":2,\"c\":3,\"b\":4,\"d\":5}",
      "{\"x\":{\"a\":1,\"a\":{\"q\":[1]}}}", "{\"z\":1,\"y\":2,\"x\":3,\"w\":4,\"v\":5,\"u\":6}", "{\"\":\"\"}",
      "{\"layout\":\"grid\",\"n\":[1,2]}",
  })
  void readsWhatDataBindingRead(String text) {
    assertThat(agree(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "1.", ".5", "+1", "-", "NaN", "Infinity",
      "tru", "truex", "[1 2]", "\"abc", "\"\\x\"", "\"\\u12g4\"", "\"a\u0001b\"", "{} {}", "[] x", "1 2",
      "123abc", "[1]]", "/* c */ {}", "{} // c", "[1,2", "\ufeff{}", "{}\ufeff",
  })
  void refusesWhatDataBindingRefused(String text) {
    assertThat(agree(text)).isFalse();
  }

  @Test
  void numbersTakeTheSmallestIntegerTypeOrDouble() throws Exception {
    assertThat(Json.readPlain("2147483647")).isInstanceOf(Integer.class);
    assertThat(Json.readPlain("2147483648")).isEqualTo(2147483648L);
    assertThat(Json.readPlain("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(Json.readPlain("1.0")).isEqualTo(1.0);
    assertThat(Json.readPlain("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Json.readPlain("1" + "0".repeat(999))).isInstanceOf(BigInteger.class);
    assertThatThrownBy(() -> Json.readPlain("1" + "0".repeat(1000))).isInstanceOf(IOException.class);
    agree("1" + "0".repeat(999));
    agree("1" + "0".repeat(1000));
  }

  @Test
  void objectsAreInsertionOrderedAndEveryCallBuildsNewObjects() throws Exception {
    String text = "{\"b\":[1,{\"c\":[]}],\"a\":{\"d\":\"e\"}}";
    Object first = Json.readPlain(text);
    assertThat(first).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) first;
    assertThat(m.keySet()).containsExactly("b", "a");
    assertThat(m.get("b")).isInstanceOf(ArrayList.class);
    Object second = Json.readPlain(text);
    assertThat(describe(second)).isEqualTo(describe(first));
    assertThat(second).isNotSameAs(first);
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) second;
    assertThat(c.get("b")).isNotSameAs(m.get("b"));
    assertThat(((List<?>) c.get("b")).get(1)).isNotSameAs(((List<?>) m.get("b")).get(1));
    assertThat(c.get("a")).isNotSameAs(m.get("a"));
  }

  @Test
  void nestingIsBoundedLikeBefore() {
    for (int depth : new int[] {1, 199, 200, 201, 5000}) {
      assertThat(agree("[".repeat(depth) + "]".repeat(depth))).isEqualTo(depth <= 200);
      StringBuilder objects = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        objects.append("{\"a\":");
      }
      assertThat(agree(objects.append("1").append("}".repeat(depth)).toString())).isEqualTo(depth <= 200);
    }
    assertThat(Json.isValid("[".repeat(1_000_000))).isFalse();
  }

  /** Random values, whole and randomly damaged: the two readers agree on every one. */
  @Test
  void randomAndDamagedValuesAreReadLikeBefore() {
    Random r = new Random(424242);
    String alphabet = "{}[]:,\"\\ \n0123456789.-+eEtrufalsn/u\u00e9\u0001\ud83d";
    int accepted = 0;
    int cases = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      randomValue(r, 0, b);
      assertThat(agree(b.toString())).as(b.toString()).isTrue();
      for (int e = 1 + r.nextInt(3); e > 0; e--) {
        int at = r.nextInt(b.length() + 1);
        char c = alphabet.charAt(r.nextInt(alphabet.length()));
        if (r.nextBoolean() && at < b.length()) {
          b.setCharAt(at, c);
        } else {
          b.insert(at, c);
        }
      }
      cases++;
      if (agree(b.toString())) {
        accepted++;
      }
    }
    assertThat(accepted).isBetween(cases / 50, cases - cases / 50);
  }

  private static void randomValue(Random r, int depth, StringBuilder b) {
    switch (depth > 4 ? 4 + r.nextInt(6) : r.nextInt(10)) {
      case 0:
      case 1: {
        b.append('{');
        for (int n = r.nextInt(5), i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append('"').append((char) ('a' + r.nextInt(4))).append("\":");
          randomValue(r, depth + 1, b);
        }
        b.append('}');
        break;
      }
      case 2:
      case 3: {
        b.append('[');
        for (int n = r.nextInt(5), i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "");
          randomValue(r, depth + 1, b);
        }
        b.append(']');
        break;
      }
      case 4:
        b.append(r.nextInt(3) == 0 ? Long.toString(r.nextLong()) : Integer.toString(r.nextInt(2000) - 1000));
        break;
      case 5:
        b.append(r.nextInt(1000) - 500).append('.').append(r.nextInt(100000));
        if (r.nextBoolean()) {
          b.append('e').append(r.nextInt(800) - 400);
        }
        break;
      case 6:
        b.append(new BigInteger(40 + r.nextInt(100), r));
        break;
      case 7:
        b.append("\"s\\u00e9\\n").append(r.nextInt(100)).append('"');
        break;
      case 8:
        b.append(r.nextBoolean() ? "true" : "false");
        break;
      default:
        b.append("null");
    }
  }

  @Test
  void quoteWritesWhatDataBindingWrote() throws Exception {
    for (String s : new String[] {"", "plain", "q\"b\\s/ \n\t\r\b\f \u0000\u0001\u001f\u007f", "\u00e9 \u4e2d",
        "\ud83d\ude00 \ud800 \u2028 </script>"}) {
      assertThat(Json.quote(s)).isEqualTo(DATABIND.writeValueAsString(s));
    }
    assertThat(Json.quote(null)).isEqualTo(DATABIND.writeValueAsString(null)).isEqualTo("null");
  }
}
