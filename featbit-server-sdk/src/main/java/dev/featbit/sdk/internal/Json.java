package dev.featbit.sdk.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The SDK's one JSON mapper (Jackson, tree model), configured for untrusted network input. */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = create();

  private static ObjectMapper create() {
    JsonFactory factory = JsonFactory.builder()
        // a full data set can be many megabytes; keep nesting bounded against hostile input
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(200)
            .maxStringLength(64 * 1024 * 1024)
            .build())
        .build();
    ObjectMapper m = new ObjectMapper(factory);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return m;
  }

  /** Parses JSON text into a tree; throws {@link IOException} for invalid JSON or trailing content. */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /** True when {@code text} is exactly one JSON value. */
  public static boolean isValid(String text) {
    if (text == null) {
      return false;
    }
    try {
      JsonNode n = MAPPER.readTree(text);
      return n != null && !n.isMissingNode();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code text} as a JSON string literal (diagnostics). */
  public static String quote(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
