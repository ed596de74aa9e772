package dev.featbit.sdk;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.featbit.sdk.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of all active flags for one user, from one store snapshot, without events (spec 6.14,
 * EVAL-34). A flag whose evaluation failed is present with reason {@link ReasonKind#ERROR}, its
 * {@link EvalDetail#errorKind() error kind}, value {@code ""} and an empty variation id; the others are
 * unaffected.
 *
 * @since 0.1.0
 */
public final class AllFlagStates {
  private final boolean valid;
  private final String message;
  private final String[] keys;              // sorted
  private final EvalDetail<String>[] values; // parallel to keys
  private final String[] variationTypes;    // parallel to keys
  private volatile Map<String, EvalDetail<String>> map; // built on first use

  AllFlagStates(boolean valid, String message, String[] keys, EvalDetail<String>[] values, String[] variationTypes) {
    this.valid = valid;
    this.message = message;
    this.keys = keys;
    this.values = values;
    this.variationTypes = variationTypes;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static AllFlagStates invalid(String message) {
    return new AllFlagStates(false, message, new String[0], new EvalDetail[0], new String[0]);
  }

  /**
   * False when the input was unusable (no user, blank key); the result is then empty.
   *
   * @return {@code false} when the input was unusable, {@code true} otherwise
   */
  public boolean isValid() {
    return valid;
  }

  /**
   * Why the result is invalid, or {@code ""}.
   *
   * @return the reason the result is invalid, or {@code ""} when it is valid
   */
  public String message() {
    return message;
  }

  /**
   * Flag key to detail (raw string value), in flag-key order; unmodifiable.
   *
   * @return an unmodifiable map from flag key to detail, in flag-key order
   */
  public Map<String, EvalDetail<String>> details() {
    Map<String, EvalDetail<String>> m = map;
    if (m == null) {
      LinkedHashMap<String, EvalDetail<String>> lm = new LinkedHashMap<>((int) (keys.length / 0.75f) + 1);
      for (int i = 0; i < keys.length; i++) {
        lm.put(keys[i], values[i]);
      }
      m = Collections.unmodifiableMap(lm);
      map = m;
    }
    return m;
  }

  /**
   * The keys of the flags in the result.
   *
   * @return the flag keys in {@link String#compareTo} order (as {@link #details()}), unmodifiable; empty for an
   *     invalid result
   */
  public List<String> flagKeys() {
    return Collections.unmodifiableList(Arrays.asList(keys));
  }

  /**
   * The detail of one flag, or {@code null} when the flag is not in the result.
   *
   * @param flagKey the key of the flag
   * @return the flag's detail, or {@code null} when the flag is not in the result
   */
  public EvalDetail<String> get(String flagKey) {
    if (flagKey == null) {
      return null;
    }
    int i = Arrays.binarySearch(keys, flagKey);
    return i >= 0 ? values[i] : null;
  }

  /**
   * The served string value of a flag, or {@code fallback} when absent or failed.
   *
   * @param flagKey the key of the flag
   * @param fallback returned when the flag is absent from the result or failed to evaluate
   * @return the flag's served value as FeatBit stores it, or {@code fallback}
   */
  public String stringValue(String flagKey, String fallback) {
    EvalDetail<String> d = get(flagKey);
    return d != null && d.isServed() ? d.value() : fallback;
  }

  /**
   * The number of flags in the result.
   *
   * @return the number of flag details, {@code 0} for an invalid result
   */
  public int size() {
    return keys.length;
  }

  /**
   * JSON for bootstrapping a FeatBit front-end SDK: an array of
   * {@code {"id", "variation", "variationType", "variationId", "reason", "reasonText"}} objects, one per
   * served flag ({@code id} is the flag key and {@code variation} the raw value, as the JavaScript client
   * SDK's {@code bootstrap} option expects; {@code variationId} is {@code null} for a variation without id,
   * as the evaluation server sends it to client SDKs). Failed flags are left out.
   *
   * @return the JSON array text
   */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
      g.writeStartArray();
      for (int i = 0; i < keys.length; i++) {
        EvalDetail<String> d = values[i];
        if (!d.isServed()) {
          continue;
        }
        g.writeStartObject();
        g.writeStringField("id", d.flagKey());
        g.writeStringField("variation", d.value());
        g.writeStringField("variationType", variationTypes[i]);
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
    return "AllFlagStates{valid=" + valid + ", flags=" + keys.length + "}";
  }
}
