package dev.featbit.sdk.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's one JSON factory (Jackson streaming: {@link JsonParser} and {@link JsonGenerator} only), configured
 * for untrusted network input, and the conversion of a JSON value into plain Java objects.
 */
public final class Json {
  private Json() {}

  /** Creates every parser and generator of the SDK; thread-safe. */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      // a full data set can be many megabytes; keep nesting bounded against hostile input
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(200)
          .maxStringLength(64 * 1024 * 1024)
          .build())
      .build();

  /**
   * Reads {@code text}, exactly one JSON value with optional white space around it, into plain Java objects: an
   * object is a {@link LinkedHashMap} (members in document order; of repeated names the last value counts, at
   * the first one's position), an array an {@link ArrayList}, a string a {@link String}, an integer an
   * {@link Integer}, {@link Long} or {@link java.math.BigInteger} (the smallest that holds it), any other number
   * a {@link Double} (out of range: infinite or zero), {@code true}/{@code false} a {@link Boolean} and
   * {@code null} Java {@code null}. Every call builds new objects.
   *
   * @param text JSON text
   * @return the value
   * @throws IOException when {@code text} is empty, not JSON, or has content after the value
   */
  public static Object readPlain(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new JsonParseException(p, "no JSON value");
      }
      Object v = plain(p, t);
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "content after the JSON value");
      }
      return v;
    }
  }

  // Recursion is bounded: the parser refuses nesting deeper than the factory's limit.
  private static Object plain(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new JsonParseException(p, "unexpected end of input");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          m.put(name, plain(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(plain(p, e));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue(); // Integer, Long or BigInteger by size
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }

  /**
   * True when {@code text} is exactly one JSON value (white space around it allowed).
   *
   * @param text text to check, may be null
   * @return whether {@link #readPlain} accepts it
   */
  public static boolean isValid(String text) {
    if (text == null) {
      return false;
    }
    try {
      readPlain(text);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code text} as a JSON string literal (diagnostics).
   *
   * @param text any text, may be null
   * @return the literal (the text {@code null} for a null {@code text})
   */
  public static String quote(String text) {
    StringWriter w = new StringWriter(text == null ? 4 : text.length() + 2);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      if (text == null) {
        g.writeNull();
      } else {
        g.writeString(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }
}
