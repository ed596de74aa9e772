package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.DocCompiler;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testkit.Secrets;
import dev.featbit.testsupport.AllowLogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A complete data set read with its documents compiled as they are read (and the members the compiler does not
 * read dropped) serves exactly what the same data set compiled by the store serves: for the example data set and
 * for thousands of defective variants of its flags, every flag, every user of the evaluation vectors.
 */
@AllowLogs({"featbit.eval", "featbit.store"})
class CompiledWhileReadTest {
  private static final JsonNode FULL = TestData.resourceJson("spec/examples/data-sync-full.json");
  private static final JsonNode USERS = SpecVectorsTest.EVALUATION.get("users");
  private static final JsonNode[] ODD_VALUES = {
    null, JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.numberNode(1),
    JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.textNode("x"),
    JsonNodeFactory.instance.textNode("\ud800"), JsonNodeFactory.instance.arrayNode(),
    JsonNodeFactory.instance.objectNode()};

  @Test
  void theExampleDataSetServesTheSameEitherWay() throws Exception {
    assertSameEitherWay(M.writeValueAsString(FULL), keys(FULL));
  }

  /**
   * Every member of every flag, of its rules, of their conditions and of their slices, removed or replaced by a
   * value of each JSON type: read members become defects where the store puts them, dropped members change nothing, on both paths.
   */
  @Test
  void defectiveVariantsServeTheSameEitherWay() throws Exception {
    ObjectNode data = FULL.get("data").deepCopy();
    ArrayNode flags = M.createArrayNode();
    int n = 0;
    for (JsonNode flag : FULL.get("data").get("featureFlags")) {
      List<ObjectNode> variants = new ArrayList<>();
      mutateMembers((ObjectNode) flag, flag, variants);
      for (JsonNode variation : flag.path("variations")) {
        mutateMembers((ObjectNode) flag, variation, variants);
      }
      if (flag.path("fallthrough").isObject()) {
        mutateMembers((ObjectNode) flag, flag.get("fallthrough"), variants);
        for (JsonNode slice : flag.get("fallthrough").path("variations")) {
          mutateMembers((ObjectNode) flag, slice, variants);
        }
      }
      for (JsonNode entry : flag.path("targetUsers")) {
        mutateMembers((ObjectNode) flag, entry, variants);
        mutateElements((ObjectNode) flag, entry.path("keyIds"), variants);
      }
      for (int r = 0; r < flag.path("rules").size(); r++) {
        JsonNode rule = flag.get("rules").get(r);
        mutateMembers((ObjectNode) flag, rule, variants);
        for (int c = 0; c < rule.path("conditions").size(); c++) {
          mutateMembers((ObjectNode) flag, rule.get("conditions").get(c), variants);
        }
        for (int v = 0; v < rule.path("variations").size(); v++) {
          mutateMembers((ObjectNode) flag, rule.get("variations").get(v), variants);
        }
      }
      for (ObjectNode v : variants) {
        if (v.path("key").isTextual() && v.path("updatedAt").isTextual()) {
          v.put("key", flag.get("key").asText() + "-" + n++);
        }
        flags.add(v);
      }
    }
    data.set("featureFlags", flags);
    ObjectNode doc = M.createObjectNode();
    doc.set("data", data);
    assertThat(n).isGreaterThan(1000);
    assertSameEitherWay(M.writeValueAsString(doc), keys(doc));
  }

  /**
   * Every member of every segment, of its rules and of their conditions, and every element of its key lists,
   * removed or replaced by a value of each JSON type (one data set per variant): the same either way.
   */
  @Test
  void defectiveSegmentVariantsServeTheSameEitherWay() throws Exception {
    ArrayNode segments = (ArrayNode) FULL.get("data").get("segments");
    int variants = 0;
    for (int i = 0; i < segments.size(); i++) {
      ObjectNode segment = (ObjectNode) segments.get(i);
      List<ObjectNode> out = new ArrayList<>();
      mutateMembers(segment, segment, out);
      mutateElements(segment, segment.path("included"), out);
      mutateElements(segment, segment.path("excluded"), out);
      for (JsonNode rule : segment.path("rules")) {
        mutateMembers(segment, rule, out);
        for (JsonNode c : rule.path("conditions")) {
          mutateMembers(segment, c, out);
        }
      }
      for (ObjectNode variant : out) {
        ObjectNode doc = FULL.deepCopy();
        ((ArrayNode) doc.get("data").get("segments")).set(i, variant);
        assertSameEitherWay(M.writeValueAsString(doc), keys(doc));
        variants++;
      }
    }
    assertThat(variants).isGreaterThan(300);
  }

  /**
   * Segment key lists read packed serve what they serve read whole: keys with escapes, wider characters,
   * {@code null} and other elements (a defect after the keys before it), excluded before included.
   */
  @Test
  void segmentKeyListsReadPackedServeAsEverywhere() throws Exception {
    String segs = "{\"id\":\"A0000000-0000-4000-8000-000000000001\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
        + "\"isArchived\":false,\"name\":\"s\",\"excluded\":[\"bob\",\"\\u00e9mile\"],"
        + "\"included\":[\"alice\",\"bob\",\"a\\u006cice2\",\"日本\",null,\"carol\",2,\"dave\"],"
        + "\"rules\":[{\"id\":\"r\",\"name\":\"r\",\"conditions\":[{\"id\":\"c\",\"property\":\"plan\","
        + "\"op\":\"Equal\",\"value\":\"gold\"}]}]}";
    String flag = "{\"key\":\"in\",\"variationType\":\"boolean\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
        + "\"isEnabled\":true,\"isArchived\":false,\"disabledVariationId\":\"f\",\"exptIncludeAllTargets\":false,"
        + "\"variations\":[{\"id\":\"t\",\"value\":\"true\"},{\"id\":\"f\",\"value\":\"false\"}],"
        + "\"targetUsers\":[],\"rules\":[{\"name\":\"r\",\"dispatchKey\":null,\"includedInExpt\":false,"
        + "\"conditions\":[{\"property\":\"User is in segment\",\"op\":null,"
        + "\"value\":\"[\\\"a0000000-0000-4000-8000-000000000001\\\"]\"}],"
        + "\"variations\":[{\"id\":\"t\",\"rollout\":[0,1],\"exptRollout\":1}]}],"
        + "\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,\"variations\":[{\"id\":\"f\","
        + "\"rollout\":[0,1],\"exptRollout\":1}]}}";
    String json = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + flag + "],\"segments\":[" + segs + "]}}";
    List<FBUser> users = new ArrayList<>();
    for (String u : new String[] {"alice", "bob", "émile", "alice2", "日本", "carol", "dave", "zed"}) {
      users.add(FBUser.builder(u).build());
    }
    users.add(FBUser.builder("zed").custom("plan", "gold").build());
    Map<String, String> served = assertSameEitherWay(json, List.of("in"), users);
    assertThat(served.get("in alice")).isEqualTo("true");
    assertThat(served.get("in alice2")).isEqualTo("true");
    assertThat(served.get("in 日本")).isEqualTo("true");
    assertThat(served.get("in carol")).isEqualTo("true"); // after a null element
    assertThat(served.get("in bob")).isEqualTo("false"); // excluded first
    assertThat(served.get("in émile")).isEqualTo("false");
    assertThat(served.get("in dave")).isEqualTo("fallback"); // after a number element: a defect
  }

  /** The store commits the forms compiled as the data set was read, not a second compilation. */
  @Test
  void theStoreCommitsWhatWasCompiledAsRead() throws Exception {
    String text = M.writeValueAsString(FULL);
    DataSyncMessage read = DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000));
    DataStore store = new DataStore(new Compiler(1000));
    store.apply(read);
    assertThat(read.flags).isNotEmpty().allSatisfy(d -> {
      if (!d.archived) {
        assertThat(store.snapshot().flag(d.key)).isSameAs(d.compiled);
      }
    });
    // a store with another regex step budget compiles the documents again, from their text
    DataSyncMessage other = DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000));
    DataStore budget = new DataStore(new Compiler(2000));
    budget.apply(other);
    assertThat(other.flags).allSatisfy(d -> {
      if (d.archived) {
        return;
      }
      assertThat(budget.snapshot().flag(d.key)).isNotNull().isNotSameAs(d.compiled);
      assertThat(budget.snapshot().flag(d.key).version).isEqualTo(d.version);
    });
  }

  /**
   * Invalid JSON in a member nobody reads (of a flag, a rule or a condition; a string, an array, an object, too
   * deep a nesting) is refused with the same message, at the same offset, as when everything is kept.
   */
  @Test
  void invalidJsonInADroppedMemberIsRefusedAsEverywhere() {
    String deep = "[".repeat(JsonTree.MAX_DEPTH + 1) + "]".repeat(JsonTree.MAX_DEPTH + 1);
    String[] bad = {"\"a\\x\"", "\"a\\u12\"", "\"a\u0001\"", "01", "1.", "[1,]", "{\"a\":}", "tru", "\"open",
        "[[1],{\"a\":[}]", deep};
    String[] places = {
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"name\":%s,\"isEnabled\":true}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"tags\":%s,\"isEnabled\":true}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"rules\":[{\"id\":%s,\"name\":\"r\"}]}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"rules\":[{\"conditions\":[{\"id\":%s}]}]}",
      // kept members whose values are shared within the read
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"rules\":[{\"conditions\":[{\"op\":%s}]}]}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"rules\":[{\"variations\":[{\"id\":%s}]}]}",
      // target entries: a dropped member, and an element of a key list (read packed)
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"targetUsers\":[{\"id\":%s,\"keyIds\":[\"a\"]}]}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"targetUsers\":[{\"keyIds\":[\"a\",%s,\"b\"]}]}",
      "{\"key\":\"f\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"targetUsers\":[{\"keyIds\":[%s]}]}"};
    String segment = "{\"featureFlags\":[],\"segments\":[{\"id\":\"s\",\"updatedAt\":\"2025-01-01T00:00:00Z\",";
    String[] segmentPlaces = {
      segment + "\"name\":%s,\"included\":[]}]}",
      segment + "\"included\":[\"a\",%s]}]}",
      segment + "\"excluded\":[%s,\"a\"]}]}",
      segment + "\"rules\":[{\"id\":%s,\"conditions\":[]}]}]}",
      segment + "\"rules\":[{\"conditions\":[{\"op\":%s}]}]}]}"};
    for (String place : segmentPlaces) {
      for (String b : bad) {
        String text = String.format(place, b);
        assertThat(refusal(() -> DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000))))
            .as(text).isEqualTo(refusal(() -> DataSyncMessage.parseBootstrap(text))).isNotNull();
      }
    }
    for (String place : places) {
      for (String b : bad) {
        String text = "{\"featureFlags\":[" + String.format(place, b) + "],\"segments\":[]}";
        String plain = refusal(() -> DataSyncMessage.parseBootstrap(text));
        assertThat(refusal(() -> DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000))))
            .as(text).isEqualTo(plain).isNotNull();
      }
      // one level less than too deep is read, and dropped
      String ok = "[".repeat(JsonTree.MAX_DEPTH - 10) + "]".repeat(JsonTree.MAX_DEPTH - 10);
      String text = "{\"featureFlags\":[" + String.format(place, ok) + "],\"segments\":[]}";
      assertThat(refusal(() -> DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000)))).as(text)
          .isEqualTo(refusal(() -> DataSyncMessage.parseBootstrap(text))).isNull();
    }
  }

  /** A shared value is the same text as when read whole, escapes included, and repeats are one instance. */
  @Test
  void sharedValuesReadAsEverywhere() throws Exception {
    String cond = "{\"property\":\"country\",\"op\":\"IsOneOf\",\"value\":\"[\\\"de\\\"]\"}";
    String escaped = "{\"property\":\"c\\u006fu\\\"ntry\",\"op\":\"IsOneOf\",\"value\":\"[\\\"de\\\"]\"}";
    String flags = "";
    for (int i = 0; i < 3; i++) {
      flags += (i > 0 ? "," : "") + "{\"key\":\"f" + i + "\",\"updatedAt\":\"2025-01-01T00:00:00Z\",\"rules\":[{\"conditions\":["
          + cond + "," + escaped + "]}]}";
    }
    String text = "{\"featureFlags\":[" + flags + "],\"segments\":[]}";
    Object tree = JsonTree.parse(text);
    assertThat(tree).isNotNull();
    DataSyncMessage read = DataSyncMessage.parseBootstrap(text, new DocCompiler() {
      @Override
      public Object flag(String key, long version, boolean archived, JsonObject node) {
        return node; // the tree as the compiler is given it
      }

      @Override
      public JsonTree.Shape flagShape() {
        return Compiler.FLAG_SHAPE;
      }

      @Override
      public Object segment(String id, long version, boolean archived, JsonObject node) {
        return null;
      }
    });
    List<String> ops = new ArrayList<>();
    List<String> props = new ArrayList<>();
    for (EntityDoc d : read.flags) {
      JsonObject rule = (JsonObject) ((Object[]) ((JsonObject) d.compiled).get("rules"))[0];
      for (Object c : (Object[]) rule.get("conditions")) {
        ops.add((String) ((JsonObject) c).get("op"));
        props.add((String) ((JsonObject) c).get("property"));
      }
    }
    assertThat(props).containsExactly("country", "cou\"ntry", "country", "cou\"ntry", "country", "cou\"ntry");
    assertThat(ops).containsOnly("IsOneOf");
    assertThat(ops.get(0)).isSameAs(ops.get(2)).isSameAs(ops.get(5));
    assertThat(props.get(0)).isSameAs(props.get(2)).isSameAs(props.get(4));
  }

  /**
   * Key lists read packed serve what key lists read whole serve: keys with escapes (equal to a packed key or
   * not), with characters above U+00FF, duplicates across entries (the first entry wins), {@code null} and other
   * non-string elements (a defect after the keys before it), empty keys and lists, for users whose keys are in
   * the lists, differ by one character, or are not there at all.
   */
  @Test
  void keyListsReadPackedServeAsEverywhere() throws Exception {
    String[][] lists = {
      {"alice", "bob", "a\\u006cice2", "\\u00e9mile", "caf\u00e9", "日本", "😀x", ""},
      {"bob", "carol", "alice", "x\\\"y", "dave"},
      {"erin", null, "frank", "1", "日本語"},
    };
    String[] users = {"alice", "bob", "alice2", "émile", "café", "cafe", "日本", "😀x", "carol", "x\"y", "dave",
        "erin", "frank", "日本語", "zed", "alicf", "bobb"};
    List<String> flags = new ArrayList<>();
    for (int f = 0; f < 8; f++) {
      StringBuilder tu = new StringBuilder();
      for (int e = 0; e < lists.length; e++) {
        if ((f >> e & 1) == 0 && f != 7) {
          continue;
        }
        tu.append(tu.length() > 0 ? "," : "").append("{\"keyIds\":[");
        for (int k = 0; k < lists[e].length; k++) {
          String key = lists[e][k];
          tu.append(k > 0 ? "," : "").append(key == null ? "null" : key.equals("1") && f == 7 ? "1"
              : "\"" + key + "\"");
        }
        tu.append("],\"variationId\":\"v").append(e % 2).append("\",\"tag\":[\"dropped\"]}");
      }
      flags.add("{\"id\":\"i" + f + "\",\"key\":\"t" + f + "\",\"variationType\":\"string\","
          + "\"updatedAt\":\"2025-01-01T00:00:00Z\",\"isEnabled\":true,\"isArchived\":false,"
          + "\"disabledVariationId\":\"v0\",\"exptIncludeAllTargets\":false,"
          + "\"variations\":[{\"id\":\"v0\",\"value\":\"zero\"},{\"id\":\"v1\",\"value\":\"one\"},"
          + "{\"id\":\"v2\",\"value\":\"two\"}],\"targetUsers\":[" + tu + "],\"rules\":[],"
          + "\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,\"variations\":[{\"id\":\"v2\","
          + "\"rollout\":[0,1],\"exptRollout\":1}]}}");
    }
    String json = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + String.join(",", flags) + "],\"segments\":[]}}";
    List<String> keys = new ArrayList<>();
    for (int f = 0; f < 8; f++) {
      keys.add("t" + f);
    }
    List<FBUser> fbUsers = new ArrayList<>();
    for (String u : users) {
      fbUsers.add(FBUser.builder(u).build());
    }
    Map<String, String> served = assertSameEitherWay(json, keys, fbUsers);
    // the lists do what they say (so the comparison above is not between two equal mistakes)
    assertThat(served.get("t1 alice2")).isEqualTo("zero"); // an escape equal to a plain key
    assertThat(served.get("t1 émile")).isEqualTo("zero");
    assertThat(served.get("t1 日本")).isEqualTo("zero");
    assertThat(served.get("t1 😀x")).isEqualTo("zero");
    assertThat(served.get("t1 cafe")).isEqualTo("two");
    assertThat(served.get("t3 carol")).isEqualTo("one");
    assertThat(served.get("t3 bob")).isEqualTo("zero"); // the first entry wins
    assertThat(served.get("t4 frank")).isEqualTo("zero"); // after a null element
    assertThat(served.get("t7 frank")).isEqualTo("zero"); // before a number element
    assertThat(served.get("t7 日本語")).isEqualTo("fallback"); // after it: a defect
    assertThat(served.get("t7 zed")).isEqualTo("fallback");
    assertThat(served.get("t7 alicf")).isEqualTo("fallback");
    assertThat(served.get("t1 alicf")).isEqualTo("two");
  }

  /**
   * A variation's members are bound ignoring the case of ASCII letters only, a repeated member's last value
   * counts, and the other members are dropped: the same either way, with names spelt in other cases, escaped,
   * with a dotless i (not {@code id}), repeated, or of the wrong type.
   */
  @Test
  void variationMembersReadAsEverywhere() throws Exception {
    String[] variations = {
      "{\"ID\":\"a\",\"Value\":\"upper\"}",
      "{\"\\u0069d\":\"a\",\"VALUE\":\"escaped\",\"name\":\"n\"}",
      "{\"\u0131d\":\"a\",\"id\":\"a\",\"value\":\"dotless\"}",
      "{\"id\":\"x\",\"id\":\"a\",\"value\":\"first\",\"vAlUe\":\"last\"}",
      "{\"id\":\"a\",\"value\":1}",
      "{\"Id\":null,\"value\":\"null id\"}",
      "{\"iD\":\"a\"}",
      "{\"ids\":\"a\",\"value\":\"no id\"}",
    };
    List<String> flags = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int f = 0; f < variations.length; f++) {
      keys.add("v" + f);
      flags.add("{\"key\":\"v" + f + "\",\"variationType\":\"string\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
          + "\"isEnabled\":true,\"isArchived\":false,\"disabledVariationId\":\"a\",\"exptIncludeAllTargets\":false,"
          + "\"variations\":[" + variations[f] + "],\"targetUsers\":[],\"rules\":[],"
          + "\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,\"name\":[1],\"variations\":[{"
          + "\"id\":\"a\",\"rollout\":[0,1],\"exptRollout\":1,\"extra\":{}}]}}");
    }
    String json = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + String.join(",", flags) + "],\"segments\":[]}}";
    Map<String, String> served = assertSameEitherWay(json, keys, List.of(FBUser.builder("u").build()));
    assertThat(served.get("v0 u")).isEqualTo("upper");
    assertThat(served.get("v1 u")).isEqualTo("escaped");
    assertThat(served.get("v2 u")).isEqualTo("dotless");
    assertThat(served.get("v3 u")).isEqualTo("last");
  }

  /**
   * Large key lists read packed, pretty-printed: thousands of keys, keys longer than the reader's first buffer,
   * escaped keys, wider characters and {@code null} scattered after the first hundred elements, in target entries
   * and in a segment.
   */
  @Test
  void largePrettyPrintedKeyListsServeAsEverywhere() throws Exception {
    java.util.Random r = new java.util.Random(11);
    List<String> probes = new ArrayList<>();
    StringBuilder entries = new StringBuilder();
    StringBuilder members = new StringBuilder();
    for (int e = 0; e < 3; e++) {
      entries.append(e > 0 ? ",\n" : "").append("  {\n    \"keyIds\" : [\n");
      for (int k = 0; k < 2_500; k++) {
        String key = k == 700 ? "long-" + "x".repeat(3_000) : "user-" + r.nextInt(6_000);
        String text = k > 100 && k % 97 == 0 ? "null" : k > 100 && k % 89 == 0 ? "\"\\u0075" + key.substring(1) + "\""
            : k > 100 && k % 83 == 0 ? "\"日" + key + "\"" : "\"" + key + "\"";
        entries.append(k > 0 ? " ,\n" : "").append("      ").append(text);
        if (k % 50 == 0) {
          probes.add(text.equals("null") ? key : text.startsWith("\"日") ? "日" + key : key);
        }
      }
      entries.append("\n    ] ,\n    \"variationId\" : \"v").append(e % 2).append("\"\n  }");
    }
    for (int k = 0; k < 3_000; k++) {
      String key = "user-" + r.nextInt(6_000);
      members.append(k > 0 ? ",\n " : "").append(k % 101 == 0 ? "\"\\u0075" + key.substring(1) + "\"" : "\"" + key + "\"");
      if (k % 60 == 0) {
        probes.add(key);
      }
    }
    for (int i = 0; i < 50; i++) {
      probes.add("user-" + r.nextInt(6_000));
    }
    probes.add("long-" + "x".repeat(3_000));
    String target = "{\"key\":\"big\",\"variationType\":\"string\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
        + "\"isEnabled\":true,\"isArchived\":false,\"disabledVariationId\":\"v0\",\"exptIncludeAllTargets\":false,"
        + "\"variations\":[{\"id\":\"v0\",\"value\":\"zero\"},{\"id\":\"v1\",\"value\":\"one\"},"
        + "{\"id\":\"v2\",\"value\":\"two\"}],\"targetUsers\" : [\n" + entries + "\n],\"rules\":[],"
        + "\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,\"variations\":[{\"id\":\"v2\","
        + "\"rollout\":[0,1],\"exptRollout\":1}]}}";
    String inSegment = "{\"key\":\"seg\",\"variationType\":\"string\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
        + "\"isEnabled\":true,\"isArchived\":false,\"disabledVariationId\":\"v0\",\"exptIncludeAllTargets\":false,"
        + "\"variations\":[{\"id\":\"v0\",\"value\":\"out\"},{\"id\":\"v1\",\"value\":\"in\"}],"
        + "\"targetUsers\":[],\"rules\":[{\"name\":\"r\",\"dispatchKey\":null,\"includedInExpt\":false,"
        + "\"conditions\":[{\"property\":\"User is in segment\",\"op\":null,"
        + "\"value\":\"[\\\"b0000000-0000-4000-8000-000000000002\\\"]\"}],"
        + "\"variations\":[{\"id\":\"v1\",\"rollout\":[0,1],\"exptRollout\":1}]}],"
        + "\"fallthrough\":{\"dispatchKey\":null,\"includedInExpt\":false,\"variations\":[{\"id\":\"v0\","
        + "\"rollout\":[0,1],\"exptRollout\":1}]}}";
    String segment = "{\"id\":\"b0000000-0000-4000-8000-000000000002\",\"updatedAt\":\"2025-01-01T00:00:00Z\","
        + "\"isArchived\":false,\"excluded\":[ ],\"included\" : [\n " + members + "\n],\"rules\":[]}";
    String json = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + target + ",\n" + inSegment + "],\"segments\":[" + segment + "]}}";
    List<FBUser> users = new ArrayList<>();
    for (String p : probes) {
      users.add(FBUser.builder(p).build());
    }
    Map<String, String> served = assertSameEitherWay(json, List.of("big", "seg"), users);
    assertThat(served.values()).contains("zero", "one", "two", "in", "out");
    assertThat(served.get("big long-" + "x".repeat(3_000))).isEqualTo("zero");
  }

  /** A tree written out escapes a lone surrogate, so that its UTF-8 bytes read back to the same tree. */
  @Test
  void aLoneSurrogateSurvivesBeingWrittenOut() throws Exception {
    Object tree = JsonTree.parse("{\"a\":\"x\\ud800y\",\"b\":\"\\ud83d\\ude00\",\"c\":\"\\udc00\"}");
    String written = JsonTree.toReadableJson(tree);
    assertThat(written).contains("\\ud800").contains("\\udc00").contains("\ud83d\ude00");
    String throughUtf8 = new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(JsonTree.toJson(JsonTree.parse(throughUtf8))).isEqualTo(JsonTree.toJson(tree));
  }

  @Test
  void aDocumentCompiledAsReadKeepsItsTextForTheStoresThatWriteIt() throws Exception {
    String text = M.writeValueAsString(FULL);
    DataSyncMessage read = DataSyncMessage.parseBootstrap(text, new FullDataCompiler(1000));
    DataSyncMessage plain = DataSyncMessage.parseBootstrap(text);
    assertThat(read.flags).allSatisfy(d -> assertThat(d.compiled).isNotNull());
    assertThat(read.segments).allSatisfy(d -> assertThat(d.compiled).isNotNull());
    for (int i = 0; i < plain.flags.size(); i++) {
      EntityDoc a = read.flags.get(i);
      EntityDoc b = plain.flags.get(i);
      // the same tree when read back (the text as sent, or the tree written out: numbers may be spelled apart)
      assertThat(JsonTree.toJson(JsonTree.parse(a.json()))).isEqualTo(JsonTree.toJson(JsonTree.parse(b.json())));
      assertThat(JsonTree.toJson(a.node())).isEqualTo(JsonTree.toJson(b.node()));
      assertThat(a.key).isEqualTo(b.key);
      assertThat(a.version).isEqualTo(b.version);
    }
  }

  /**
   * A streaming or polling message is compiled as read when it is a full data set whose event type comes before
   * its arrays (as the server writes it); a patch, or a full data set that says so only after its arrays, is
   * left to the store, which serves the same.
   */
  @Test
  void aMessageIsCompiledAsReadOnlyWhenKnownToBeFullBeforeItsArrays() throws Exception {
    String arrays = M.writeValueAsString(FULL.get("data").get("featureFlags")) + ",\"segments\":"
        + M.writeValueAsString(FULL.get("data").get("segments"));
    String fullFirst = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":"
        + arrays + "}}";
    String fullLast = "{\"messageType\":\"data-sync\",\"data\":{\"featureFlags\":" + arrays
        + ",\"eventType\":\"full\"}}";
    String patch = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":"
        + arrays + "}}";
    assertThat(compiledDocs(fullFirst)).isEqualTo(FULL.get("data").get("featureFlags").size()
        + FULL.get("data").get("segments").size());
    assertThat(compiledDocs(fullLast)).isZero();
    assertThat(compiledDocs(patch)).isZero();
    for (String text : new String[] {fullFirst, fullLast}) {
      DataSyncMessage m = DataSyncMessage.parseEnvelope(text, new FullDataCompiler(1000));
      assertThat(m.eventType).isEqualTo(DataSyncMessage.EventType.FULL);
      assertThat(m.flags).hasSize(FULL.get("data").get("featureFlags").size());
    }
    assertThat(DataSyncMessage.parseEnvelope(patch, new FullDataCompiler(1000)).eventType)
        .isEqualTo(DataSyncMessage.EventType.PATCH);
  }

  private static int compiledDocs(String text) throws Exception {
    Object tree = DataSyncMessage.parseTree(text, new FullDataCompiler(1000));
    DataSyncMessage m = DataSyncMessage.fromData(((JsonObject) tree).get("data"),
        null, new FullDataCompiler(1000));
    int n = 0;
    for (EntityDoc d : m.flags) {
      n += d.compiled != null ? 1 : 0;
    }
    for (EntityDoc d : m.segments) {
      n += d.compiled != null ? 1 : 0;
    }
    return n;
  }

  private interface Parse {
    Object run() throws Exception;
  }

  private static String refusal(Parse p) {
    try {
      p.run();
      return null;
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  private static void mutateMembers(ObjectNode flag, JsonNode target, List<ObjectNode> out) {
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      for (JsonNode odd : ODD_VALUES) {
        ObjectNode copy = flag.deepCopy();
        ObjectNode t = (ObjectNode) find(copy, flag, target);
        if (odd == null) {
          t.remove(name);
        } else {
          t.set(name, odd);
        }
        out.add(copy);
      }
    }
  }

  /** Each element of the array {@code target} of {@code flag} replaced by a value of each JSON type. */
  private static void mutateElements(ObjectNode flag, JsonNode target, List<ObjectNode> out) {
    for (int i = 0; i < target.size(); i++) {
      for (JsonNode odd : ODD_VALUES) {
        if (odd != null) {
          ObjectNode copy = flag.deepCopy();
          ((ArrayNode) find(copy, flag, target)).set(i, odd);
          out.add(copy);
        }
      }
    }
  }

  /** The node of {@code copy} at the place {@code target} has in {@code original}. */
  private static JsonNode find(JsonNode copy, JsonNode original, JsonNode target) {
    if (original == target) {
      return copy;
    }
    if (original.isContainerNode()) {
      if (original.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode f = find(copy.get(e.getKey()), e.getValue(), target);
          if (f != null) {
            return f;
          }
        }
      } else {
        for (int i = 0; i < original.size(); i++) {
          JsonNode f = find(copy.get(i), original.get(i), target);
          if (f != null) {
            return f;
          }
        }
      }
    }
    return null;
  }

  private static List<String> keys(JsonNode doc) {
    List<String> keys = new ArrayList<>();
    for (JsonNode f : doc.get("data").get("featureFlags")) {
      if (f.path("key").isTextual()) {
        keys.add(f.get("key").asText());
      }
    }
    return keys;
  }

  /**
   * The same data set through a configuration's bootstrap data and {@code initializeFromExternalJson} (both
   * compiled as read), and through an application's data source (which the store compiles from the documents).
   */
  private static void assertSameEitherWay(String json, List<String> keys) {
    List<FBUser> users = new ArrayList<>();
    for (JsonNode u : USERS) {
      users.add(SpecVectorsTest.user(u));
    }
    assertSameEitherWay(json, keys, users);
  }

  /** As above, for {@code users}; returns what was served ("flag user" to the value). */
  private static Map<String, String> assertSameEitherWay(String json, List<String> keys, List<FBUser> users) {
    Map<String, String> served = new java.util.HashMap<>();
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    FBConfig viaSource = FBConfig.builder(Secrets.newSecret())
        .dataSync(SnapshotTest.scripted(updates))
        .disableEvents()
        .startWait(Duration.ZERO)
        .build();
    try (FBClient read = new FBClient(FBConfig.builder(null).offline(true).bootstrap(json).build());
        FBClient external = new FBClient(FBConfig.builder(null).offline(true).build());
        FBClient stored = new FBClient(viaSource)) {
      assertThat(external.initializeFromExternalJson(json)).isTrue();
      assertThat(updates.get().apply(json)).isTrue();
      assertThat(read.isInitialized()).isTrue();
      int compared = 0;
      for (FBUser user : users) {
        for (String key : keys) {
          served.put(key + " " + user.key(), read.stringVariation(key, user, "fallback"));
          assertThat(read.stringVariationDetail(key, user, "fallback"))
              .as("%s for %s", key, user.key())
              .isEqualTo(stored.stringVariationDetail(key, user, "fallback"));
          assertThat(read.jsonVariationDetail(key, user, "{}")).isEqualTo(stored.jsonVariationDetail(key, user, "{}"));
          assertThat(external.stringVariationDetail(key, user, "fallback"))
              .isEqualTo(stored.stringVariationDetail(key, user, "fallback"));
          compared++;
        }
        // also what no defect shows (the variation type)
        assertThat(read.getAllLatestFlagVariations(user).toJson())
            .isEqualTo(stored.getAllLatestFlagVariations(user).toJson());
      }
      assertThat(compared).isEqualTo(keys.size() * users.size());
    }
    return served;
  }
}
