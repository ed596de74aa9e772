package dev.featbit.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds flag documents in the evaluation server's wire shape (spec 5.1) without writing JSON by hand.
 *
 * <pre>{@code
 * TestFlag.bool("new-checkout").on(true).serve(true).targets(false, "qa-1", "qa-2")
 *     .rule("beta", true, TestFlag.condition("plan", "Equal", "beta"));
 * TestFlag.strings("theme", "light", "dark").rollout(0.5, 0.5);
 * }</pre>
 *
 * <p>Variation ids are {@code <key>-v0}, {@code <key>-v1}, ... in the order given.
 *
 * <p>Conditions ({@link #condition}) take any operator the server knows: {@code Equal}, {@code NotEqual},
 * {@code LessThan}, {@code BiggerThan}, {@code LessEqualThan}, {@code BiggerEqualThan}, {@code Contains},
 * {@code NotContain}, {@code StartsWith}, {@code EndsWith}, {@code IsOneOf}, {@code NotOneOf} (value: a JSON
 * array of strings), {@code MatchRegex}, {@code NotMatchRegex}, {@code IsTrue}, {@code IsFalse}; segment
 * membership is {@link #inSegment} / {@link #notInSegment} (segments: {@link TestSegment}). The same builder
 * feeds the test kit's server and the in-memory {@code TestData} source of {@code featbit-testdata}.
 */
public final class TestFlag {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String key;
  private final String variationType;
  private final List<String> values = new ArrayList<>();
  private boolean on = true;
  private int offVariation;
  private double[] fallthroughWeights;
  private String fallthroughDispatchKey;
  private boolean exptIncludeAllTargets;
  private final List<ObjectNode> targets = new ArrayList<>();
  private final List<ObjectNode> rules = new ArrayList<>();

  private TestFlag(String key, String variationType, String... values) {
    this.key = key;
    this.variationType = variationType;
    for (String v : values) {
      this.values.add(v);
    }
    this.fallthroughWeights = single(0, values.length);
    this.offVariation = values.length - 1;
  }

  /** A boolean flag (variations {@code true}, {@code false}) serving {@code true}, disabled variation false. */
  public static TestFlag bool(String key) {
    return new TestFlag(key, "boolean", "true", "false");
  }

  /** A string flag with these values, serving the first; disabled variation the last. */
  public static TestFlag strings(String key, String... values) {
    return new TestFlag(key, "string", values);
  }

  /**
   * A number flag with these values (decimal text), serving the first; disabled variation the last.
   *
   * @param key the flag key
   * @param values the variations' values
   * @return the builder
   */
  public static TestFlag number(String key, String... values) {
    return new TestFlag(key, "number", values);
  }

  /**
   * A JSON flag with these values (JSON text), serving the first; disabled variation the last.
   *
   * @param key the flag key
   * @param values the variations' values
   * @return the builder
   */
  public static TestFlag json(String key, String... values) {
    return new TestFlag(key, "json", values);
  }

  /** A flag of another {@code variationType} ({@code number}, {@code json}) with raw string values. */
  public static TestFlag of(String key, String variationType, String... values) {
    return new TestFlag(key, variationType, values);
  }

  /** A condition {@code {property, op, value}}; for segments use property {@code User is in segment}. */
  public static ObjectNode condition(String property, String op, String value) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", property + "-" + op);
    c.put("property", property);
    c.put("op", op);
    c.put("value", value);
    return c;
  }

  /**
   * A condition that holds for users in any of these segments.
   *
   * @param segmentIds the segments' ids
   * @return the condition
   */
  public static ObjectNode inSegment(String... segmentIds) {
    return segmentCondition("User is in segment", segmentIds);
  }

  /**
   * A condition that holds for users in none of these segments.
   *
   * @param segmentIds the segments' ids
   * @return the condition
   */
  public static ObjectNode notInSegment(String... segmentIds) {
    return segmentCondition("User is not in segment", segmentIds);
  }

  private static ObjectNode segmentCondition(String property, String... segmentIds) {
    ArrayNode ids = JSON.createArrayNode();
    for (String id : segmentIds) {
      ids.add(id);
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("id", property + "-" + String.join(",", segmentIds));
    c.put("property", property);
    c.putNull("op");
    c.put("value", ids.toString());
    return c;
  }

  /**
   * The flag key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /** Enables or disables the flag. */
  public TestFlag on(boolean enabled) {
    this.on = enabled;
    return this;
  }

  /** The fallthrough serves the variation with this value. */
  public TestFlag serve(String value) {
    this.fallthroughWeights = single(index(value), values.size());
    return this;
  }

  /** For boolean flags: the fallthrough serves {@code value}. */
  public TestFlag serve(boolean value) {
    return serve(Boolean.toString(value));
  }

  /** The value served while disabled. */
  public TestFlag offValue(String value) {
    this.offVariation = index(value);
    return this;
  }

  /** The fallthrough is a percentage rollout with one weight per variation (summing to 1). */
  public TestFlag rollout(double... weights) {
    if (weights.length != values.size()) {
      throw new IllegalArgumentException("one weight per variation");
    }
    this.fallthroughWeights = weights.clone();
    return this;
  }

  /** The attribute the fallthrough rollout buckets by (default: the user key). */
  public TestFlag rolloutBy(String attribute) {
    this.fallthroughDispatchKey = attribute;
    return this;
  }

  /** Sends every evaluation of this flag to experiments. */
  public TestFlag exptIncludeAllTargets(boolean all) {
    this.exptIncludeAllTargets = all;
    return this;
  }

  /** Individually targets these user keys with the variation of {@code value}. */
  public TestFlag targets(String value, String... userKeys) {
    ObjectNode t = JSON.createObjectNode();
    ArrayNode keys = t.putArray("keyIds");
    for (String k : userKeys) {
      keys.add(k);
    }
    t.put("variationId", id(index(value)));
    targets.add(t);
    return this;
  }

  /** For boolean flags: targets users with {@code value}. */
  public TestFlag targets(boolean value, String... userKeys) {
    return targets(Boolean.toString(value), userKeys);
  }

  /** A rule serving {@code value} when all conditions match. */
  public TestFlag rule(String name, String value, ObjectNode... conditions) {
    ObjectNode r = serveNode(single(index(value), values.size()), null);
    r.put("id", key + "-rule-" + rules.size());
    r.put("name", name);
    ArrayNode cs = r.putArray("conditions");
    for (ObjectNode c : conditions) {
      cs.add(c.deepCopy());
    }
    rules.add(r);
    return this;
  }

  /**
   * A rule serving a percentage rollout when all conditions match.
   *
   * @param name the rule's name
   * @param weights one weight per variation, summing to 1
   * @param conditions the conditions
   * @return this builder
   * @throws IllegalArgumentException if there is not one weight per variation
   */
  public TestFlag ruleRollout(String name, double[] weights, ObjectNode... conditions) {
    if (weights.length != values.size()) {
      throw new IllegalArgumentException("one weight per variation");
    }
    ObjectNode r = serveNode(weights.clone(), null);
    r.put("id", key + "-rule-" + rules.size());
    r.put("name", name);
    ArrayNode cs = r.putArray("conditions");
    for (ObjectNode c : conditions) {
      cs.add(c.deepCopy());
    }
    rules.add(r);
    return this;
  }

  /** For boolean flags: a rule serving {@code value}. */
  public TestFlag rule(String name, boolean value, ObjectNode... conditions) {
    return rule(name, Boolean.toString(value), conditions);
  }

  private int index(String value) {
    int i = values.indexOf(value);
    if (i < 0) {
      throw new IllegalArgumentException("no variation with value " + value);
    }
    return i;
  }

  private String id(int i) {
    return key + "-v" + i;
  }

  private static double[] single(int index, int n) {
    double[] w = new double[n];
    w[index] = 1;
    return w;
  }

  private ObjectNode serveNode(double[] weights, String dispatchKey) {
    ObjectNode s = JSON.createObjectNode();
    if (dispatchKey == null) {
      s.putNull("dispatchKey");
    } else {
      s.put("dispatchKey", dispatchKey);
    }
    s.put("includedInExpt", true);
    ArrayNode vs = s.putArray("variations");
    double lower = 0;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
      }
    }
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] <= 0 && weights.length > 1 && countPositive(weights) == 1) {
        continue; // a single-variation serve is one [0, 1] slice, as the platform writes it
      }
      double upper = i == last ? 1 : lower + weights[i];
      ObjectNode v = vs.addObject();
      v.put("id", id(i));
      v.putArray("rollout").add(lower).add(upper);
      v.put("exptRollout", upper - lower);
      lower = upper;
    }
    return s;
  }

  private static int countPositive(double[] w) {
    int n = 0;
    for (double x : w) {
      n += x > 0 ? 1 : 0;
    }
    return n;
  }

  /** The flag document with {@code updatedAt} set to {@code updatedAtIso}. */
  public ObjectNode toJson(String updatedAtIso) {
    ObjectNode f = JSON.createObjectNode();
    f.put("id", key + "-id");
    f.put("key", key);
    f.put("name", key);
    f.put("variationType", variationType);
    ArrayNode vs = f.putArray("variations");
    for (int i = 0; i < values.size(); i++) {
      vs.addObject().put("id", id(i)).put("name", "v" + i).put("value", values.get(i));
    }
    ArrayNode tu = f.putArray("targetUsers");
    targets.forEach(t -> tu.add(t.deepCopy()));
    ArrayNode rs = f.putArray("rules");
    rules.forEach(r -> rs.add(r.deepCopy()));
    f.put("isEnabled", on);
    f.put("disabledVariationId", id(offVariation));
    f.set("fallthrough", serveNode(fallthroughWeights, fallthroughDispatchKey));
    f.put("exptIncludeAllTargets", exptIncludeAllTargets);
    f.putArray("tags");
    f.put("isArchived", false);
    f.put("updatedAt", updatedAtIso);
    return f;
  }
}
