package dev.featbit.sdk.internal.data;

/**
 * A JSON object of a {@link JsonTree}: its members in document order. Immutable once built.
 *
 * <p>{@link #get} answers like .NET's {@code JsonElement.GetProperty}, which the FeatBit server uses to read
 * flag documents: names are matched exactly and, when a name occurs more than once, the last occurrence wins.
 */
public final class JsonObject {
  static final String[] NO_NAMES = new String[0];
  static final Object[] NO_VALUES = new Object[0];

  private final String[] names;
  private final Object[] values;

  JsonObject(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  /** Member names up to this length are interned by the reader. */
  static final int INTERNED = 64;

  /**
   * The value of member {@code name} (the last one if repeated), or null when there is none. Names up to
   * {@link #INTERNED} characters are interned when read, so a literal (interned) name is found by identity;
   * otherwise, or when not found so, by value. Exact either way: every member name equal to an interned
   * {@code name} is that same instance.
   */
  public Object get(String name) {
    String[] n = names;
    for (int i = n.length - 1; i >= 0; i--) {
      if (n[i] == name) {
        return values[i];
      }
    }
    for (int i = n.length - 1; i >= 0; i--) {
      if (n[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  public boolean has(String name) {
    return get(name) != null;
  }

  /** Number of members, repeated names included. */
  public int size() {
    return names.length;
  }

  /** Name of the {@code i}-th member in document order. */
  public String name(int i) {
    return names[i];
  }

  /** Value of the {@code i}-th member in document order. */
  public Object value(int i) {
    return values[i];
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      b.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":").append(JsonTree.toJson(values[i]));
    }
    return b.append('}').toString();
  }
}
