package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.internal.Json;

/**
 * A flag variation with its typed conversions computed once (spec 6.11): typed calls read a field instead
 * of parsing the value on every evaluation.
 */
public final class Variation {
  /** The id, {@code null} for a variation whose data has none (the server's {@code Variation.Id} then). */
  public final String id;
  public final String value;
  /** Boolean conversion, or {@code null} when the value is not {@code true}/{@code false}. */
  public final Boolean asBoolean;
  /** Whole-number conversion, or {@code null} (fractions, overflow, other text). */
  public final Long asLong;
  /** Finite floating-point conversion, or NaN when the value is not a finite number. */
  public final double asDouble;
  private volatile byte json; // 0 unknown, 1 valid JSON, 2 invalid: computed on first use

  Variation(String id, String value) {
    this.id = id;
    this.value = value;
    this.asBoolean = DotNetText.parseBoolean(value);
    this.asLong = DotNetText.parseLong(value);
    double d = DotNetText.parseNumber(value);
    this.asDouble = Double.isInfinite(d) ? Double.NaN : d;
  }

  /** A value outside any flag (a configured per-flag default), with its conversions. */
  public static Variation standalone(String value) {
    return new Variation("", value);
  }

  /** The id for explanations: the id, or {@code (no id)}. */
  public String idText() {
    return id == null ? "(no id)" : id;
  }

  public boolean isInt() {
    return asLong != null && asLong >= Integer.MIN_VALUE && asLong <= Integer.MAX_VALUE;
  }

  public boolean isJson() {
    byte j = json;
    if (j == 0) {
      j = Json.isValid(value) ? (byte) 1 : (byte) 2;
      json = j;
    }
    return j == 1;
  }
}
