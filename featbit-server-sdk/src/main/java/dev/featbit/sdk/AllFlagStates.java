package dev.featbit.sdk;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.featbit.sdk.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of all active flags for one user, from one store snapshot, without events (spec 6.14,
 * EVAL-34). A flag whose evaluation failed is present with reason {@link ReasonKind#ERROR}, value {@code ""}
 * and an empty variation id; the others are unaffected.
 *
 * @since 0.1.0
 */
public final class AllFlagStates {
  private final boolean valid;
  private final String message;
  private final Map<String, EvalDetail<String>> details;
  private final Map<String, String> variationTypes;

  AllFlagStates(boolean valid, String message, Map<String, EvalDetail<String>> details,
      Map<String, String> variationTypes) {
    this.valid = valid;
    this.message = message;
    this.details = Collections.unmodifiableMap(details);
    this.variationTypes = variationTypes;
  }

  static AllFlagStates invalid(String message) {
    return new AllFlagStates(false, message, new LinkedHashMap<>(), Collections.emptyMap());
  }

  /** False when the input was unusable (no user, blank key); the result is then empty. */
  public boolean isValid() {
    return valid;
  }

  /** Why the result is invalid, or {@code ""}. */
  public String message() {
    return message;
  }

  /** Flag key to detail (raw string value), in flag-key order. */
  public Map<String, EvalDetail<String>> details() {
    return details;
  }

  /** The detail of one flag, or {@code null} when the flag is not in the result. */
  public EvalDetail<String> get(String flagKey) {
    return details.get(flagKey);
  }

  /** The served string value of a flag, or {@code fallback} when absent or failed. */
  public String stringValue(String flagKey, String fallback) {
    EvalDetail<String> d = details.get(flagKey);
    return d != null && d.isServed() ? d.value() : fallback;
  }

  public int size() {
    return details.size();
  }

  /**
   * JSON for bootstrapping a FeatBit front-end SDK: an array of
   * {@code {"id", "variation", "variationType", "variationId", "reason", "reasonText"}} objects, one per
   * served flag ({@code id} is the flag key and {@code variation} the raw value, as the JavaScript client
   * SDK's {@code bootstrap} option expects). Failed flags are left out.
   */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
      g.writeStartArray();
      for (EvalDetail<String> d : details.values()) {
        if (!d.isServed()) {
          continue;
        }
        g.writeStartObject();
        g.writeStringField("id", d.flagKey());
        g.writeStringField("variation", d.value());
        g.writeStringField("variationType", variationTypes.getOrDefault(d.flagKey(), "string"));
        g.writeStringField("variationId", d.variationId());
        g.writeStringField("reason", d.reason().name());
        g.writeStringField("reasonText", d.reasonText());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringWriter does not fail
    }
    return w.toString();
  }

  @Override
  public String toString() {
    return "AllFlagStates{valid=" + valid + ", flags=" + details.size() + "}";
  }
}
