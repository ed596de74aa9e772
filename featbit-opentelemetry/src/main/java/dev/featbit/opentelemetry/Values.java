package dev.featbit.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** An evaluated value as an attribute: its own type for scalars, JSON text for objects and arrays. */
final class Values {
  private Values() {}

  static void put(AttributesBuilder a, String name, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Boolean) {
      a.put(AttributeKey.booleanKey(name), (Boolean) value);
    } else if (value instanceof Integer || value instanceof Long) {
      a.put(AttributeKey.longKey(name), ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      a.put(AttributeKey.doubleKey(name), ((Number) value).doubleValue());
    } else if (value instanceof String) {
      a.put(AttributeKey.stringKey(name), (String) value);
    } else {
      StringBuilder out = new StringBuilder();
      json(out, value);
      a.put(AttributeKey.stringKey(name), out.toString());
    }
  }

  /** Writes the plain Java form of a JSON value (maps, lists, strings, numbers, booleans, null) as JSON. */
  static void json(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String) {
      string(out, (String) v);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      out.append(v);
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      out.append(Double.isFinite(d) ? v.toString() : "null");
    } else if (v instanceof Map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        json(out, e.getValue());
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (v instanceof List) {
      out.append('[');
      Iterator<?> it = ((List<?>) v).iterator();
      while (it.hasNext()) {
        json(out, it.next());
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else {
      string(out, v.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
