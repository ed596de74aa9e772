package dev.featbit.sdk;

import dev.featbit.sdk.internal.eval.DotNetText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An end user (or any evaluation subject), immutable.
 *
 * <pre>{@code
 * FBUser user = FBUser.builder("user-42").name("Ada").custom("plan", "team").custom("seats", 12).build();
 * }</pre>
 *
 * <p>Attribute semantics follow the FeatBit server exactly (spec 6.1): the built-in attributes are
 * {@code keyId} (the key) and {@code name}; a custom attribute that is missing reads as the empty string
 * {@code ""}; a user built without {@link Builder#name(String)} has <em>no</em> name, which makes every
 * condition on {@code name} false (an explicit {@code name("")} is an ordinary empty name). Custom values are
 * stored as the strings the server compares: booleans as {@code true}/{@code false}, integers in decimal,
 * other numbers in plain decimal notation without exponent or trailing zeros ({@code 1.50} is {@code "1.5"},
 * {@code 2.0} is {@code "2"}).
 *
 * <p>Custom attributes named {@code keyId} or {@code name} are kept (and sent with events) but can never be
 * read by conditions, as on the server. Setting the same custom attribute twice keeps the last value.
 *
 * @since 0.1.0
 */
public final class FBUser {
  private final String key;
  private final String name;
  private final String[] customNames;
  private final int[] customHashes; // customNames[i].hashCode(): most lookups never call equals
  private final String[] customValues;
  private final Map<String, String> customIndex;
  /**
   * The key as one byte per character when every character is at most U+00FF, else null: derived once, so
   * that the evaluator compares it with the packed keys of target and segment lists without a copy.
   */
  private final byte[] keyLatin1;

  private FBUser(Builder b) {
    this.key = b.key;
    this.keyLatin1 = b.key == null ? null : DotNetText.latin1(b.key);
    this.name = b.name;
    int n = b.custom.size();
    this.customNames = new String[n];
    this.customHashes = new int[n];
    this.customValues = new String[n];
    int i = 0;
    for (Map.Entry<String, String> e : b.custom.entrySet()) {
      customNames[i] = e.getKey();
      customHashes[i] = e.getKey().hashCode();
      customValues[i] = e.getValue();
      i++;
    }
    this.customIndex = n > 8 ? Collections.unmodifiableMap(new LinkedHashMap<>(b.custom)) : null;
  }

  /**
   * Starts a user with its key. A {@code null} or blank key builds a user that every evaluation rejects
   * with reason kind {@code ERROR} and error kind {@link EvalDetail.ErrorKind#USER_NOT_SPECIFIED}; building never
   * throws.
   *
   * @param key the user key; FeatBit identifies the end user by it
   * @return a builder for that user
   */
  public static Builder builder(String key) {
    return new Builder(key);
  }

  /**
   * The user key ({@code keyId} on the wire).
   *
   * @return the key given to {@link #builder(String)}
   */
  public String key() {
    return key;
  }

  /**
   * The name, or {@code null} when the user was built without one.
   *
   * @return the name, or {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * Whether a name was set (even {@code ""}).
   *
   * @return {@code true} if {@link Builder#name(String)} was given a non-null name
   */
  public boolean hasName() {
    return name != null;
  }

  /**
   * The value of a custom attribute, or {@code null} if it was not set.
   *
   * @param attribute the attribute's name
   * @return its value as text, or {@code null}
   */
  public String custom(String attribute) {
    if (attribute == null) {
      return null;
    }
    if (customIndex != null) {
      return customIndex.get(attribute);
    }
    int hash = attribute.hashCode(); // cached by String: evaluations pass the same (interned) names
    int[] hashes = customHashes;
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == hash) {
        String name = customNames[i];
        if (name == attribute || name.equals(attribute)) {
          return customValues[i];
        }
      }
    }
    return null;
  }

  /**
   * All custom attributes in the order they were first set (an unmodifiable copy).
   *
   * @return attribute name to value as text
   */
  public Map<String, String> customAttributes() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < customNames.length; i++) {
      m.put(customNames[i], customValues[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FBUser)) {
      return false;
    }
    FBUser u = (FBUser) o;
    return Objects.equals(key, u.key) && Objects.equals(name, u.name)
        && customAttributes().equals(u.customAttributes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, name);
  }

  /** Shows the key only: attribute values can be personal data and stay out of logs. */
  @Override
  public String toString() {
    return "FBUser{key=" + key + ", customAttributes=" + customNames.length + "}";
  }

  /** Builder for {@link FBUser}; not thread-safe. */
  public static final class Builder {
    private final String key;
    private String name;
    private final LinkedHashMap<String, String> custom = new LinkedHashMap<>();

    private Builder(String key) {
      this.key = key;
    }

    /**
     * Sets the name; {@code null} means "no name".
     *
     * @param name the user's name, or {@code null}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets a text attribute. A {@code null} name is ignored; a {@code null} value removes the attribute.
     *
     * @param attribute the attribute's name
     * @param value its value, or {@code null} to remove it
     * @return this builder
     */
    public Builder custom(String attribute, String value) {
      if (attribute != null) {
        if (value == null) {
          custom.remove(attribute);
        } else {
          custom.put(attribute, value);
        }
      }
      return this;
    }

    /**
     * Sets a numeric attribute, stored in plain decimal text (see the class comment).
     *
     * @param attribute the attribute's name
     * @param value its value, or {@code null} to remove it
     * @return this builder
     */
    public Builder custom(String attribute, Number value) {
      return custom(attribute, value == null ? null : numberText(value));
    }

    /**
     * Sets a boolean attribute, stored as {@code true} or {@code false}.
     *
     * @param attribute the attribute's name
     * @param value its value, or {@code null} to remove it
     * @return this builder
     */
    public Builder custom(String attribute, Boolean value) {
      return custom(attribute, value == null ? null : value.toString());
    }

    /**
     * Builds the user; the builder can go on being used and does not change the user built.
     *
     * @return an immutable user
     */
    public FBUser build() {
      return new FBUser(this);
    }
  }

  static String numberText(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger) {
      return n.toString();
    }
    if (n instanceof BigDecimal) {
      return plain((BigDecimal) n);
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (n instanceof Float) {
      return plain(new BigDecimal(Float.toString(n.floatValue())));
    }
    return plain(BigDecimal.valueOf(d));
  }

  private static String plain(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    return d.stripTrailingZeros().toPlainString();
  }
}
