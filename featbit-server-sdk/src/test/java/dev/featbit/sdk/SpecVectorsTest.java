package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.M;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.data.Timestamps;
import dev.featbit.sdk.internal.eval.Dispatch;
import dev.featbit.sdk.internal.eval.DotNetText;
import dev.featbit.sdk.internal.eval.Outcome;
import dev.featbit.sdk.internal.eval.Served;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of {@code spec/vectors/dispatch.json} and {@code spec/vectors/evaluation.json}, read from the
 * files as given (copied byte for byte from {@code ../shared/spec}). Proves EVAL-20..EVAL-25, TST-4,
 * PROTO-11, STO-9 and the typed conversions of spec 6.11 (EVAL-27).
 */
class SpecVectorsTest {
  static final JsonNode DISPATCH = TestData.resourceJson("spec/vectors/dispatch.json");
  static final JsonNode EVALUATION = TestData.resourceJson("spec/vectors/evaluation.json");

  /** The copies under test resources must equal the shared originals when those are present. */
  @Test
  void vectorCopiesMatchTheSharedSpecification() throws Exception {
    for (String f : new String[] {"vectors/dispatch.json", "vectors/evaluation.json", "vectors/token.json",
        "examples/data-sync-full.json", "examples/data-sync-patch.json", "examples/insight-batch.json"}) {
      for (Path shared : new Path[] {Path.of("../../shared/spec", f), Path.of("../shared/spec", f)}) {
        if (Files.exists(shared)) {
          assertThat(TestData.resource("spec/" + f)).as(f).isEqualTo(Files.readString(shared));
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> eval21_bucketOfEveryKey() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : DISPATCH.get("rolloutOfKey")) {
      tests.add(DynamicTest.dynamicTest("key [" + v.get("key").asText() + "]", () ->
          assertThat(Dispatch.bucket(v.get("key").asText())).isEqualTo(v.get("percentage").asDouble())));
    }
    for (JsonNode v : DISPATCH.get("serverUnitTestCrossCheck")) {
      tests.add(DynamicTest.dynamicTest("EVAL-23 " + v.get("key").asText(), () ->
          assertThat(Dispatch.bucket(v.get("key").asText())).isEqualTo(v.get("expectedByServerUnitTest").asDouble())));
    }
    for (JsonNode v : DISPATCH.get("draftSpecCrossCheck").get("hashVectors")) {
      tests.add(DynamicTest.dynamicTest("draft " + v.get("key").asText(), () ->
          assertThat(Dispatch.bucket(v.get("key").asText())).isEqualTo(v.get("expectedByDraftSpec").asDouble())));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> eval22_closedRangesAndNearOneShortcut() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : DISPATCH.get("isInRollout")) {
      String key = v.get("key").asText();
      double min = v.get("rollout").get(0).asDouble();
      double max = v.get("rollout").get(1).asDouble();
      tests.add(DynamicTest.dynamicTest(key + " " + v.get("rollout"), () -> {
        double bucket = Dispatch.bucket(key);
        assertThat(bucket).isEqualTo(v.get("percentage").asDouble());
        assertThat(Dispatch.inRollout(bucket, min, max)).isEqualTo(v.get("server").asBoolean());
      }));
    }
    return tests.stream();
  }

  /** Builds a flag whose fallthrough is the vector's rollout, evaluates it through the public client. */
  @TestFactory
  Stream<DynamicTest> eval20_variationAssignment() {
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode v : DISPATCH.get("variationAssignment")) {
      int n = i++;
      tests.add(DynamicTest.dynamicTest(n + " " + v.get("dispatchString").asText(), () -> {
        ObjectNode flag = TestData.boolFlag(v.get("flagKey").asText());
        ArrayNode vars = flag.putArray("variations");
        for (JsonNode rv : v.get("rolloutVariations")) {
          vars.addObject().put("id", rv.get("id").asText()).put("value", "value-" + rv.get("id").asText());
        }
        ObjectNode ft = M.createObjectNode();
        ft.set("dispatchKey", v.get("dispatchKey"));
        ft.put("includedInExpt", true);
        ft.set("variations", v.get("rolloutVariations"));
        flag.set("fallthrough", ft);
        flag.put("disabledVariationId", v.get("rolloutVariations").get(0).get("id").asText());
        try (FBClient client = Clients.offline(TestData.full(flag))) {
          EvalDetail<String> d = client.stringVariationDetail(v.get("flagKey").asText(), user(v.get("user")), "fb");
          assertThat(Dispatch.bucket(v.get("dispatchString").asText())).isEqualTo(v.get("percentage").asDouble());
          if (v.get("servedVariationId").isNull()) {
            assertThat(d.reason()).isEqualTo(ReasonKind.ERROR); // D-7: no slice
          } else {
            assertThat(d.variationId()).isEqualTo(v.get("servedVariationId").asText());
            assertThat(d.reason()).isEqualTo(ReasonKind.FALLTHROUGH);
          }
        }
      }));
    }
    return tests.stream();
  }

  /** EVAL-25: the matched slice is put first, a catch-all after it; fallthrough carries includedInExpt. */
  @TestFactory
  Stream<DynamicTest> eval25_sendToExperiment() {
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode v : DISPATCH.get("sendToExperiment")) {
      int n = i++;
      tests.add(DynamicTest.dynamicTest(n + " " + v.get("decidedBy").asText(), () -> {
        String key = v.get("flagKey").asText();
        String served = v.get("servedVariationId").asText();
        ObjectNode flag = TestData.flag(key, new String[] {served, "v-other"}, new String[] {"a", "b"});
        flag.put("exptIncludeAllTargets", v.get("exptIncludeAllTargets").asBoolean());
        ObjectNode ft = M.createObjectNode();
        ft.putNull("dispatchKey");
        ft.put("includedInExpt", v.get("ruleIncludedInExpt").asBoolean());
        ArrayNode slices = ft.putArray("variations");
        slices.addObject().put("id", served).put("exptRollout", v.get("matchedExptRollout").asDouble())
            .set("rollout", v.get("matchedRollout"));
        slices.addObject().put("id", "v-other").put("exptRollout", 0)
            .set("rollout", M.createArrayNode().add(0).add(1));
        flag.set("fallthrough", ft);
        DataStore store = Clients.store(TestData.full(flag));
        FBUser user = FBUser.builder(v.get("userKeyId").asText()).build();
        Outcome o = Clients.outcome(store, key, user);
        assertThat(o.isServed()).isTrue();
        Served s = (Served) o;
        assertThat(s.variation.id).isEqualTo(served);
        assertThat(s.sendToExperiment(user)).isEqualTo(v.get("sendToExperiment").asBoolean());
        if (!v.get("exptKey").isNull()) {
          assertThat(Dispatch.bucket(v.get("exptKey").asText())).isEqualTo(v.get("exptKeyPercentage").asDouble());
        }
      }));
    }
    return tests.stream();
  }

  static FBUser user(JsonNode u) {
    FBUser.Builder b = FBUser.builder(u.get("keyId").asText());
    if (u.hasNonNull("name")) {
      b.name(u.get("name").asText());
    }
    for (JsonNode p : u.path("customizedProperties")) {
      b.custom(p.get("name").asText(), p.get("value").asText());
    }
    return b.build();
  }

  /** All 84 results for data-sync-full.json: value, variation id, kind, sendToExperiment and typed access. */
  @TestFactory
  Stream<DynamicTest> evaluationResults() {
    String full = TestData.resource("spec/examples/data-sync-full.json");
    FBClient client = Clients.offline(full);
    DataStore store = Clients.store(full);
    Map<String, FBUser> users = new HashMap<>();
    for (JsonNode u : EVALUATION.get("users")) {
      users.put(u.get("keyId").asText(), user(u));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode r : EVALUATION.get("results")) {
      String flagKey = r.get("flagKey").asText();
      FBUser user = users.get(r.get("userKeyId").asText());
      tests.add(DynamicTest.dynamicTest(r.get("userKeyId").asText() + " / " + flagKey, () -> {
        EvalDetail<String> d = client.stringVariationDetail(flagKey, user, "fallback");
        assertThat(d.reason().name().replace("_", "")).isEqualToIgnoringCase(r.get("kind").asText());
        if (r.get("variationId").isNull()) {
          assertThat(d.value()).isEqualTo("fallback");
          assertThat(d.variationId()).isEmpty();
          assertThat(d.reasonText()).startsWith(r.get("sdkReason").asText().equals("flag not found")
              ? "flag not found" : "malformed flag");
          return;
        }
        assertThat(d.variationId()).isEqualTo(r.get("variationId").asText());
        assertThat(d.value()).isEqualTo(r.get("value").asText());
        if (d.reason() == ReasonKind.RULE_MATCH) {
          assertThat(d.reasonText()).isEqualTo("match rule " + r.get("serverMatchReason").asText());
        }
        Served s = (Served) Clients.outcome(store, flagKey, user);
        assertThat(s.sendToExperiment(user)).as("sendToExperiment").isEqualTo(r.get("sendToExperiment").asBoolean());
        if (r.has("dispatchString")) {
          assertThat(Dispatch.bucket(r.get("dispatchString").asText())).isEqualTo(r.get("percentage").asDouble());
        }
        JsonNode typed = r.get("typed");
        checkTyped(client, flagKey, user, typed);
      }));
    }
    return tests.stream().onClose(client::close); // JUnit closes the stream once its tests ran
  }

  private static void checkTyped(FBClient client, String flagKey, FBUser user, JsonNode typed) {
    EvalDetail<Boolean> b = client.boolVariationDetail(flagKey, user, false);
    assertThat(b.isServed()).as("bool ok").isEqualTo(typed.get("bool").get("ok").asBoolean());
    if (b.isServed()) {
      assertThat(b.value()).isEqualTo(typed.get("bool").get("value").asBoolean());
    } else {
      assertThat(b.reason()).isEqualTo(ReasonKind.WRONG_TYPE);
    }
    EvalDetail<Integer> i = client.intVariationDetail(flagKey, user, -1);
    assertThat(i.isServed()).as("int ok").isEqualTo(typed.get("int32").get("ok").asBoolean());
    if (i.isServed()) {
      assertThat(i.value()).isEqualTo(typed.get("int32").get("value").asInt());
    }
    EvalDetail<Double> d = client.doubleVariationDetail(flagKey, user, -1);
    assertThat(d.isServed()).as("double ok").isEqualTo(typed.get("double").get("ok").asBoolean());
    if (d.isServed()) {
      assertThat(d.value()).isEqualTo(typed.get("double").get("value").asDouble());
    }
    EvalDetail<Object> j = client.jsonValueVariationDetail(flagKey, user, "fb");
    assertThat(j.isServed()).as("json ok").isEqualTo(typed.get("json").get("ok").asBoolean());
    if (j.isServed()) {
      assertThat((JsonNode) M.valueToTree(j.value())).isEqualTo(typed.get("json").get("value"));
    }
    assertThat(client.stringVariation(flagKey, user, "fb")).isEqualTo(typed.get("string").get("value").asText());
  }

  @Test
  void sto9_storeVersionAfterFullAndPatch() {
    DataStore store = Clients.store(TestData.resource("spec/examples/data-sync-full.json"));
    assertThat(store.snapshot().version).isEqualTo(EVALUATION.get("storeVersionAfterFull").asLong());
    store = Clients.store(TestData.resource("spec/examples/data-sync-full.json"),
        TestData.resource("spec/examples/data-sync-patch.json"));
    assertThat(store.snapshot().version).isEqualTo(EVALUATION.get("storeVersionAfterPatch").asLong());
  }

  @Test
  void proto11_updatedAtToEpochMillis() {
    for (JsonNode v : EVALUATION.get("updatedAtToEpochMs")) {
      assertThat(Timestamps.toEpochMillis(v.get("updatedAt").asText())).as(v.get("updatedAt").asText())
          .isEqualTo(v.get("epochMs").asLong());
    }
  }

  @Test
  void numberGrammarVectors() {
    for (JsonNode v : EVALUATION.get("numericParsing")) {
      String in = v.get("input").asText();
      double parsed = DotNetText.parseNumber(in);
      JsonNode expected = v.get("parsed");
      if (!v.get("usableInComparison").asBoolean()) {
        assertThat(parsed).as(in).isNaN();
      } else if (expected.isTextual()) {
        assertThat(parsed).as(in).isEqualTo(Double.parseDouble(expected.asText()));
      } else {
        assertThat(parsed).as(in).isEqualTo(expected.asDouble());
        assertThat(Double.doubleToRawLongBits(parsed)).as(in + " sign").isEqualTo(
            Double.doubleToRawLongBits(expected.asDouble()));
      }
    }
  }
}
