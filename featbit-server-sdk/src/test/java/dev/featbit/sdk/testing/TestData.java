package dev.featbit.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds flag, segment and data-sync JSON for tests, in the wire shape of spec section 5. */
public final class TestData {
  public static final ObjectMapper M = new ObjectMapper();

  private TestData() {}

  public static String resource(String path) {
    try (InputStream in = TestData.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode resourceJson(String path) {
    try {
      return M.readTree(resource(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A flag: enabled, variations "true"/"false" (ids v-true/v-false), fallthrough to v-true, no targets/rules. */
  public static ObjectNode boolFlag(String key) {
    ObjectNode f = M.createObjectNode();
    f.put("id", "id-" + key);
    f.put("key", key);
    f.put("name", key);
    f.put("variationType", "boolean");
    ArrayNode vs = f.putArray("variations");
    vs.addObject().put("id", "v-true").put("name", "on").put("value", "true");
    vs.addObject().put("id", "v-false").put("name", "off").put("value", "false");
    f.putArray("targetUsers");
    f.putArray("rules");
    f.put("isEnabled", true);
    f.put("disabledVariationId", "v-false");
    f.set("fallthrough", serve("v-true"));
    f.put("exptIncludeAllTargets", false);
    f.putArray("tags");
    f.put("isArchived", false);
    f.put("updatedAt", "2025-03-01T08:00:00Z");
    return f;
  }

  /** A flag with string variations {@code ids[i] -> values[i]}, falling through to the first. */
  public static ObjectNode flag(String key, String[] ids, String[] values) {
    ObjectNode f = boolFlag(key);
    f.put("variationType", "string");
    ArrayNode vs = f.putArray("variations");
    for (int i = 0; i < ids.length; i++) {
      vs.addObject().put("id", ids[i]).put("name", ids[i]).put("value", values[i]);
    }
    f.put("disabledVariationId", ids[ids.length - 1]);
    f.set("fallthrough", serve(ids[0]));
    return f;
  }

  /** A single-variation serve ({@code [0,1]}, dispatchKey null). */
  public static ObjectNode serve(String variationId) {
    ObjectNode ft = M.createObjectNode();
    ft.putNull("dispatchKey");
    ft.put("includedInExpt", false);
    ft.putArray("variations").addObject().put("id", variationId).set("rollout", M.createArrayNode().add(0).add(1));
    ((ObjectNode) ft.get("variations").get(0)).put("exptRollout", 1);
    return ft;
  }

  /** A rule with conditions and a single-variation serve. */
  public static ObjectNode rule(String name, String variationId, ObjectNode... conditions) {
    ObjectNode r = serve(variationId);
    r.put("id", "rule-" + name);
    r.put("name", name);
    ArrayNode cs = r.putArray("conditions");
    for (ObjectNode c : conditions) {
      cs.add(c);
    }
    return r;
  }

  public static ObjectNode cond(String property, String op, String value) {
    ObjectNode c = M.createObjectNode();
    c.put("id", "c");
    c.put("property", property);
    if (op == null) {
      c.putNull("op");
    } else {
      c.put("op", op);
    }
    if (value == null) {
      c.putNull("value");
    } else {
      c.put("value", value);
    }
    return c;
  }

  public static ObjectNode segment(String id, String[] included, String[] excluded, ObjectNode... ruleConditions) {
    ObjectNode s = M.createObjectNode();
    s.put("id", id);
    s.put("envId", "env");
    s.put("name", "segment " + id);
    ArrayNode inc = s.putArray("included");
    for (String k : included) {
      inc.add(k);
    }
    ArrayNode exc = s.putArray("excluded");
    for (String k : excluded) {
      exc.add(k);
    }
    ArrayNode rules = s.putArray("rules");
    if (ruleConditions.length > 0) {
      ObjectNode r = rules.addObject();
      r.put("id", "seg-rule");
      r.put("name", "seg rule");
      ArrayNode cs = r.putArray("conditions");
      for (ObjectNode c : ruleConditions) {
        cs.add(c);
      }
    }
    s.put("isArchived", false);
    s.put("updatedAt", "2025-03-01T08:00:00Z");
    return s;
  }

  /** A data-sync message as the server sends it. */
  public static String dataSync(String eventType, JsonNode[] flags, JsonNode... segments) {
    ObjectNode root = M.createObjectNode();
    root.put("messageType", "data-sync");
    ObjectNode data = root.putObject("data");
    data.put("eventType", eventType);
    ArrayNode fs = data.putArray("featureFlags");
    for (JsonNode f : flags) {
      fs.add(f);
    }
    ArrayNode ss = data.putArray("segments");
    for (JsonNode s : segments) {
      ss.add(s);
    }
    return root.toString();
  }

  public static String full(JsonNode... flags) {
    return dataSync("full", flags);
  }

  public static JsonNode[] flags(JsonNode... flags) {
    return flags;
  }
}
