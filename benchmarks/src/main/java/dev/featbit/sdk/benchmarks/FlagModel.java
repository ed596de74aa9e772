package dev.featbit.sdk.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A small, SDK-neutral flag model that renders the SAME flags as FeatBit data-sync JSON (spec section 5) and as
 * LaunchDarkly flag-file JSON, so every benchmark compares equivalent flags.
 *
 * <p>Mapping (FeatBit -> LaunchDarkly): {@code Equal v} -> {@code in [v]}; {@code IsOneOf [..]} -> {@code in [..]};
 * {@code BiggerThan n} -> {@code greaterThan n}; {@code MatchRegex p} -> {@code matches p} (both are unanchored
 * searches); {@code User is in segment [id]} -> {@code segmentMatch [key]}; rollout slices
 * {@code [lo, hi]} -> weights {@code (hi - lo) * 100000}. Individual targets map to LaunchDarkly targets.
 */
final class FlagModel {
  private FlagModel() {}

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String ENV_ID = "7d3a9b2e-6c41-4f08-9a7e-2b5c1d0e3f4a";
  static final String USER_ID = "4c1d2e3f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

  static String guid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ------------------------------------------------------------------------------------------ model

  /** A serve: one fixed variation, or a percentage rollout with weights in 1/100000 (summing to 100000). */
  static final class Serve {
    final int variation;  // -1 for a rollout
    final int[] weights;  // null for a fixed variation

    private Serve(int variation, int[] weights) {
      this.variation = variation;
      this.weights = weights;
    }

    static Serve fixed(int variation) {
      return new Serve(variation, null);
    }

    static Serve rollout(int... weights) {
      if (Arrays.stream(weights).sum() != 100_000) {
        throw new IllegalArgumentException("weights must sum to 100000");
      }
      return new Serve(-1, weights);
    }

    boolean isRollout() {
      return weights != null;
    }
  }

  enum Kind { EQUAL, ONE_OF, GREATER, REGEX, SEGMENT }

  static final class Clause {
    final Kind kind;
    final String attribute;  // null for SEGMENT
    final List<String> values; // EQUAL (1 value), ONE_OF, REGEX (1 pattern), SEGMENT (segment keys)
    final double number;       // GREATER

    private Clause(Kind kind, String attribute, List<String> values, double number) {
      this.kind = kind;
      this.attribute = attribute;
      this.values = values;
      this.number = number;
    }

    static Clause equal(String attribute, String value) {
      return new Clause(Kind.EQUAL, attribute, List.of(value), 0);
    }

    static Clause oneOf(String attribute, List<String> values) {
      return new Clause(Kind.ONE_OF, attribute, List.copyOf(values), 0);
    }

    static Clause greater(String attribute, long number) {
      return new Clause(Kind.GREATER, attribute, List.of(), number);
    }

    static Clause regex(String attribute, String pattern) {
      return new Clause(Kind.REGEX, attribute, List.of(pattern), 0);
    }

    static Clause inSegment(Segment segment) {
      return new Clause(Kind.SEGMENT, null, List.of(segment.key), 0);
    }
  }

  static final class Rule {
    final List<Clause> clauses;
    final Serve serve;

    Rule(Serve serve, Clause... clauses) {
      this.clauses = List.of(clauses);
      this.serve = serve;
    }
  }

  static final class Target {
    final int variation;
    final List<String> keys;

    Target(int variation, List<String> keys) {
      this.variation = variation;
      this.keys = List.copyOf(keys);
    }
  }

  static final class Flag {
    final String key;
    final boolean bool;          // boolean flag (variations true, false) or string flag
    final List<String> values;   // the variation values as FeatBit strings
    boolean on = true;
    int offVariation;
    final List<Target> targets = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();
    Serve fallthrough = Serve.fixed(0);

    private Flag(String key, boolean bool, List<String> values) {
      this.key = key;
      this.bool = bool;
      this.values = values;
    }

    /** A boolean flag: variation 0 = true, 1 = false; off serves false. */
    static Flag bool(String key) {
      Flag f = new Flag(key, true, List.of("true", "false"));
      f.offVariation = 1;
      return f;
    }

    static Flag strings(String key, String... values) {
      return new Flag(key, false, List.of(values));
    }

    Flag fallthrough(Serve s) {
      this.fallthrough = s;
      return this;
    }

    Flag target(int variation, List<String> keys) {
      targets.add(new Target(variation, keys));
      return this;
    }

    Flag rule(Rule r) {
      rules.add(r);
      return this;
    }

    Flag off() {
      this.on = false;
      return this;
    }

    String variationId(int i) {
      return guid(key + ":variation:" + i);
    }
  }

  static final class Segment {
    final String key;
    final String id;
    final List<String> included;
    final List<List<Clause>> rules = new ArrayList<>();

    Segment(String key, List<String> included) {
      this.key = key;
      this.id = guid("segment:" + key);
      this.included = List.copyOf(included);
    }

    Segment rule(Clause... clauses) {
      for (Clause c : clauses) {
        if (c.kind == Kind.SEGMENT) {
          throw new IllegalArgumentException("segments do not nest");
        }
      }
      rules.add(List.of(clauses));
      return this;
    }
  }

  /** A set of flags and the segments they reference. */
  static final class DataSet {
    final List<Flag> flags = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();

    DataSet add(Flag f) {
      flags.add(f);
      return this;
    }

    DataSet add(Segment s) {
      segments.add(s);
      return this;
    }

    Segment segment(String key) {
      for (Segment s : segments) {
        if (s.key.equals(key)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown segment " + key);
    }

    Flag flag(String key) {
      for (Flag f : flags) {
        if (f.key.equals(key)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown flag " + key);
    }

    // ---------------------------------------------------------------------------------- FeatBit JSON

    /** {@code {"messageType":"data-sync","data":{"eventType":"full","featureFlags":[...],"segments":[...]}}}. */
    String featBitJson() {
      ObjectNode root = MAPPER.createObjectNode();
      root.put("messageType", "data-sync");
      ObjectNode data = root.putObject("data");
      data.put("eventType", "full");
      ArrayNode flagsNode = data.putArray("featureFlags");
      int i = 0;
      for (Flag f : flags) {
        flagsNode.add(featBitFlag(f, i++));
      }
      ArrayNode segs = data.putArray("segments");
      for (Segment s : segments) {
        segs.add(featBitSegment(s));
      }
      return write(root);
    }

    private ObjectNode featBitFlag(Flag f, int index) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("id", guid("flag:" + f.key));
      n.put("envId", ENV_ID);
      n.put("name", "Flag " + f.key);
      n.put("description", "");
      n.put("key", f.key);
      n.put("variationType", f.bool ? "boolean" : "string");
      n.put("createdAt", "2025-01-10T09:00:00Z");
      n.put("updatedAt", String.format("2025-03-01T08:%02d:%02d.%03dZ", (index / 60) % 60, index % 60, index % 1000));
      n.put("creatorId", USER_ID);
      n.put("updatorId", USER_ID);
      ArrayNode vs = n.putArray("variations");
      for (int v = 0; v < f.values.size(); v++) {
        ObjectNode vn = vs.addObject();
        vn.put("id", f.variationId(v));
        vn.put("name", "Variation " + v);
        vn.put("value", f.values.get(v));
      }
      ArrayNode tu = n.putArray("targetUsers");
      for (Target t : f.targets) {
        ObjectNode tn = tu.addObject();
        ArrayNode keys = tn.putArray("keyIds");
        t.keys.forEach(keys::add);
        tn.put("variationId", f.variationId(t.variation));
      }
      ArrayNode rules = n.putArray("rules");
      for (int r = 0; r < f.rules.size(); r++) {
        Rule rule = f.rules.get(r);
        ObjectNode rn = rules.addObject();
        rn.put("id", guid(f.key + ":rule:" + r));
        rn.put("name", "r" + r);
        rn.putNull("dispatchKey");
        rn.put("includedInExpt", false);
        ArrayNode conds = rn.putArray("conditions");
        for (int c = 0; c < rule.clauses.size(); c++) {
          conds.add(featBitCondition(rule.clauses.get(c), guid(f.key + ":rule:" + r + ":cond:" + c)));
        }
        rn.set("variations", featBitServe(f, rule.serve));
      }
      n.put("isEnabled", f.on);
      n.put("disabledVariationId", f.variationId(f.offVariation));
      ObjectNode ft = n.putObject("fallthrough");
      ft.putNull("dispatchKey");
      ft.put("includedInExpt", true);
      ft.set("variations", featBitServe(f, f.fallthrough));
      n.put("exptIncludeAllTargets", false);
      n.putArray("tags").add("benchmark");
      n.put("isArchived", false);
      return n;
    }

    private static ArrayNode featBitServe(Flag f, Serve s) {
      ArrayNode a = MAPPER.createArrayNode();
      if (!s.isRollout()) {
        ObjectNode v = a.addObject();
        v.put("id", f.variationId(s.variation));
        v.putArray("rollout").add(0).add(1);
        v.put("exptRollout", 1);
        return a;
      }
      int cumulative = 0;
      for (int i = 0; i < s.weights.length; i++) {
        double lo = cumulative / 100_000.0;
        cumulative += s.weights[i];
        double hi = cumulative / 100_000.0;
        ObjectNode v = a.addObject();
        v.put("id", f.variationId(i));
        ArrayNode range = v.putArray("rollout");
        // integral bounds are written as 0 / 1 like the FeatBit UI does
        if (lo == 0) {
          range.add(0);
        } else {
          range.add(lo);
        }
        if (hi == 1) {
          range.add(1);
        } else {
          range.add(hi);
        }
        v.put("exptRollout", 0);
      }
      return a;
    }

    private ObjectNode featBitCondition(Clause c, String id) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("id", id);
      switch (c.kind) {
        case EQUAL:
          n.put("property", c.attribute);
          n.put("op", "Equal");
          n.put("value", c.values.get(0));
          break;
        case ONE_OF:
          n.put("property", c.attribute);
          n.put("op", "IsOneOf");
          n.put("value", write(MAPPER.valueToTree(c.values)));
          break;
        case GREATER:
          n.put("property", c.attribute);
          n.put("op", "BiggerThan");
          n.put("value", Long.toString((long) c.number));
          break;
        case REGEX:
          n.put("property", c.attribute);
          n.put("op", "MatchRegex");
          n.put("value", c.values.get(0));
          break;
        case SEGMENT:
          List<String> ids = new ArrayList<>();
          for (String key : c.values) {
            ids.add(segment(key).id);
          }
          n.put("property", "User is in segment");
          n.putNull("op");
          n.put("value", write(MAPPER.valueToTree(ids)));
          break;
        default:
          throw new AssertionError(c.kind);
      }
      return n;
    }

    private ObjectNode featBitSegment(Segment s) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("id", s.id);
      n.put("envId", ENV_ID);
      n.put("name", "Segment " + s.key);
      n.put("description", "");
      ArrayNode inc = n.putArray("included");
      s.included.forEach(inc::add);
      n.putArray("excluded");
      ArrayNode rules = n.putArray("rules");
      for (int r = 0; r < s.rules.size(); r++) {
        ObjectNode rn = rules.addObject();
        rn.put("id", guid(s.key + ":rule:" + r));
        rn.put("name", "segment rule " + r);
        ArrayNode conds = rn.putArray("conditions");
        List<Clause> clauses = s.rules.get(r);
        for (int c = 0; c < clauses.size(); c++) {
          conds.add(featBitCondition(clauses.get(c), guid(s.key + ":rule:" + r + ":cond:" + c)));
        }
      }
      n.put("updatedAt", "2025-02-28T12:00:00.25Z");
      n.put("isArchived", false);
      return n;
    }

    // ---------------------------------------------------------------------------------- LaunchDarkly JSON

    /** A LaunchDarkly flag file: {@code {"flags":{key:flag},"segments":{key:segment}}}. */
    String launchDarklyJson() {
      ObjectNode root = MAPPER.createObjectNode();
      ObjectNode flagsNode = root.putObject("flags");
      for (Flag f : flags) {
        flagsNode.set(f.key, ldFlag(f));
      }
      ObjectNode segs = root.putObject("segments");
      for (Segment s : segments) {
        segs.set(s.key, ldSegment(s));
      }
      return write(root);
    }

    private static ObjectNode ldFlag(Flag f) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("key", f.key);
      n.put("version", 1);
      n.put("on", f.on);
      n.put("salt", guid("salt:" + f.key));
      ArrayNode vs = n.putArray("variations");
      for (String v : f.values) {
        if (f.bool) {
          vs.add(Boolean.parseBoolean(v));
        } else {
          vs.add(v);
        }
      }
      n.put("offVariation", f.offVariation);
      ArrayNode targets = n.putArray("targets");
      for (Target t : f.targets) {
        ObjectNode tn = targets.addObject();
        ArrayNode values = tn.putArray("values");
        t.keys.forEach(values::add);
        tn.put("variation", t.variation);
      }
      ArrayNode rules = n.putArray("rules");
      for (int r = 0; r < f.rules.size(); r++) {
        Rule rule = f.rules.get(r);
        ObjectNode rn = rules.addObject();
        rn.put("id", "r" + r);
        ArrayNode clauses = rn.putArray("clauses");
        for (Clause c : rule.clauses) {
          clauses.add(ldClause(c));
        }
        ldServe(rn, rule.serve);
      }
      ldServe(n.putObject("fallthrough"), f.fallthrough);
      n.putArray("prerequisites");
      n.put("trackEvents", false);
      n.put("trackEventsFallthrough", false);
      n.put("clientSide", false);
      n.put("deleted", false);
      return n;
    }

    private static void ldServe(ObjectNode into, Serve s) {
      if (!s.isRollout()) {
        into.put("variation", s.variation);
        return;
      }
      ArrayNode vs = into.putObject("rollout").putArray("variations");
      for (int i = 0; i < s.weights.length; i++) {
        ObjectNode v = vs.addObject();
        v.put("variation", i);
        v.put("weight", s.weights[i]);
      }
    }

    private static ObjectNode ldClause(Clause c) {
      ObjectNode n = MAPPER.createObjectNode();
      ArrayNode values;
      switch (c.kind) {
        case EQUAL:
        case ONE_OF:
          n.put("attribute", c.attribute);
          n.put("op", "in");
          values = n.putArray("values");
          c.values.forEach(values::add);
          break;
        case GREATER:
          n.put("attribute", c.attribute);
          n.put("op", "greaterThan");
          n.putArray("values").add((long) c.number);
          break;
        case REGEX:
          n.put("attribute", c.attribute);
          n.put("op", "matches");
          n.putArray("values").add(c.values.get(0));
          break;
        case SEGMENT:
          n.put("attribute", "");
          n.put("op", "segmentMatch");
          values = n.putArray("values");
          c.values.forEach(values::add);
          break;
        default:
          throw new AssertionError(c.kind);
      }
      n.put("negate", false);
      return n;
    }

    private static ObjectNode ldSegment(Segment s) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("key", s.key);
      n.put("version", 1);
      n.put("salt", guid("salt:" + s.key));
      ArrayNode inc = n.putArray("included");
      s.included.forEach(inc::add);
      n.putArray("excluded");
      ArrayNode rules = n.putArray("rules");
      for (int r = 0; r < s.rules.size(); r++) {
        ObjectNode rn = rules.addObject();
        rn.put("id", "sr" + r);
        ArrayNode clauses = rn.putArray("clauses");
        for (Clause c : s.rules.get(r)) {
          clauses.add(ldClause(c));
        }
      }
      n.put("deleted", false);
      return n;
    }
  }

  static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
