package dev.featbit.openfeature;

import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between the plain Java objects of {@code FBClient.jsonValueVariationDetail} ({@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}) and OpenFeature {@link Value}s.
 */
final class Values {
  private Values() {}

  /**
   * A plain Java object as an OpenFeature value: maps become {@link Structure}s (keys as text), lists and other
   * collections lists, whole numbers in {@code int} range integers, other numbers doubles, {@code null} the
   * null value. Anything else becomes its text.
   */
  static Value toValue(Object o) {
    if (o == null) {
      return new Value();
    }
    if (o instanceof Value) {
      return (Value) o;
    }
    if (o instanceof String) {
      return new Value((String) o);
    }
    if (o instanceof Boolean) {
      return new Value((Boolean) o);
    }
    if (o instanceof Number) {
      return number((Number) o);
    }
    if (o instanceof Map) {
      Map<String, Value> m = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        m.put(String.valueOf(e.getKey()), toValue(e.getValue()));
      }
      return new Value(new ImmutableStructure(m));
    }
    if (o instanceof Collection) {
      List<Value> l = new ArrayList<>(((Collection<?>) o).size());
      for (Object x : (Collection<?>) o) {
        l.add(toValue(x));
      }
      return new Value(l);
    }
    if (o instanceof Structure) {
      return new Value((Structure) o);
    }
    if (o instanceof Instant) {
      return new Value((Instant) o);
    }
    return new Value(o.toString());
  }

  /**
   * Integers that fit in an {@code int} stay integers; every other number becomes a double, because
   * OpenFeature's own conversions ({@code Structure.asObjectMap()}) only know {@code Integer} and {@code Double}.
   * {@code asLong()} still reads whole numbers up to 2^53 exactly.
   */
  private static Value number(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return new Value(n.intValue());
    }
    if (n instanceof Long && n.longValue() == n.intValue()) {
      return new Value(n.intValue());
    }
    if (n instanceof BigInteger && ((BigInteger) n).bitLength() < 32) {
      return new Value(n.intValue());
    }
    return new Value(n.doubleValue());
  }

  /**
   * An OpenFeature value as a plain Java object for the SDK: structures become insertion-ordered
   * {@code Map<String, Object>}, lists {@code List<Object>}, an instant its ISO-8601 text, numbers, strings and
   * booleans themselves, the null value (or a {@code null} reference) {@code null}.
   */
  static Object toPlain(Value v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isString()) {
      return v.asString();
    }
    if (v.isNumber()) {
      return v.asObject();
    }
    if (v.isInstant()) {
      return v.asInstant().toString();
    }
    if (v.isStructure()) {
      Structure s = v.asStructure();
      Map<String, Object> m = new LinkedHashMap<>();
      for (String k : s.keySet()) {
        m.put(k, toPlain(s.getValue(k)));
      }
      return m;
    }
    if (v.isList()) {
      List<Value> in = v.asList();
      List<Object> out = new ArrayList<>(in.size());
      for (Value x : in) {
        out.add(toPlain(x));
      }
      return out;
    }
    Object o = v.asObject();
    return o == null ? null : o.toString();
  }
}
