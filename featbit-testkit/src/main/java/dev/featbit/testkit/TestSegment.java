package dev.featbit.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds segment documents in the evaluation server's wire shape without writing JSON by hand; the companion
 * of {@link TestFlag} (use {@link TestFlag#inSegment(String...)} in a flag rule).
 *
 * <pre>{@code
 * TestSegment.of("beta-testers").included("qa-1", "qa-2").excluded("intern-7")
 *     .rule("enterprise", TestFlag.condition("plan", "Equal", "enterprise"));
 * }</pre>
 */
public final class TestSegment {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final List<String> included = new ArrayList<>();
  private final List<String> excluded = new ArrayList<>();
  private final List<ObjectNode> rules = new ArrayList<>();

  private TestSegment(String id) {
    this.id = id;
  }

  /**
   * A segment with this id (segment ids are GUIDs on a FeatBit server; any text works here) and no members.
   *
   * @param id the segment id, as flag rules refer to it
   * @return the builder
   */
  public static TestSegment of(String id) {
    return new TestSegment(id);
  }

  /**
   * The segment id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Adds user keys that are in the segment whatever its rules say (unless excluded).
   *
   * @param userKeys the user keys
   * @return this builder
   */
  public TestSegment included(String... userKeys) {
    included.addAll(Arrays.asList(userKeys));
    return this;
  }

  /**
   * Adds user keys that are never in the segment.
   *
   * @param userKeys the user keys
   * @return this builder
   */
  public TestSegment excluded(String... userKeys) {
    excluded.addAll(Arrays.asList(userKeys));
    return this;
  }

  /**
   * Adds a rule: a user matching all its conditions is in the segment.
   *
   * @param name the rule's name
   * @param conditions the conditions ({@link TestFlag#condition})
   * @return this builder
   */
  public TestSegment rule(String name, ObjectNode... conditions) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", id + "-rule-" + rules.size());
    r.put("name", name);
    ArrayNode cs = r.putArray("conditions");
    for (ObjectNode c : conditions) {
      cs.add(c.deepCopy());
    }
    rules.add(r);
    return this;
  }

  /**
   * The segment document with {@code updatedAt} set to {@code updatedAtIso}.
   *
   * @param updatedAtIso the {@code updatedAt} value (ISO-8601), which gives the document its version
   * @return a new document
   */
  public ObjectNode toJson(String updatedAtIso) {
    ObjectNode s = JSON.createObjectNode();
    s.put("id", id);
    s.put("name", id);
    s.put("description", "");
    ArrayNode inc = s.putArray("included");
    included.forEach(inc::add);
    ArrayNode exc = s.putArray("excluded");
    excluded.forEach(exc::add);
    ArrayNode rs = s.putArray("rules");
    rules.forEach(r -> rs.add(r.deepCopy()));
    s.put("isArchived", false);
    s.put("updatedAt", updatedAtIso);
    return s;
  }
}
