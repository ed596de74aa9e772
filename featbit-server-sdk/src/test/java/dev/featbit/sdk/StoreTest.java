package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import org.junit.jupiter.api.Test;

/** Storage rules of spec 2.8 (STO-*, SYNC-10..12, D-13, D-14). */
class StoreTest {
  static ObjectNode flag(String key, String updatedAt) {
    ObjectNode f = TestData.boolFlag(key);
    f.put("updatedAt", updatedAt);
    return f;
  }

  static String patch(JsonNode... flags) {
    return TestData.dataSync("patch", flags);
  }

  static DataSyncMessage msg(String text) throws Exception {
    return DataSyncMessage.parseEnvelope(text);
  }

  @Test
  void sto5_fullReplacesEverythingWhateverTheVersions() throws Exception {
    DataStore store = Clients.store(TestData.full(flag("a", "2025-03-05T00:00:00Z"), flag("b", "2025-03-05T00:00:00Z")));
    CommitResult r = store.apply(msg(TestData.full(flag("a", "2025-03-01T00:00:00Z"))));
    assertThat(store.snapshot().flag("a").version).isEqualTo(1740787200000L);
    assertThat(store.snapshot().flag("b")).isNull();
    assertThat(store.snapshot().flagVersion("b")).isNull();
    assertThat(r.changedFlagKeys).containsExactlyInAnyOrder("a", "b");
    assertThat(r.needsResync()).as("D-14: a newer store was replaced by an older full").isTrue();
    store.apply(msg(TestData.full()));
    assertThat(store.snapshot().flagCount()).isZero();
    assertThat(store.snapshot().version).isZero();
    assertThat(store.snapshot().initialized).isTrue();
  }

  @Test
  void sto6_patchInsertsAndReplacesOnlyStrictlyNewer() throws Exception {
    DataStore store = Clients.store(TestData.full(flag("a", "2025-03-02T00:00:00Z")));
    ObjectNode older = flag("a", "2025-03-01T00:00:00Z");
    older.put("isEnabled", false);
    CommitResult r = store.apply(msg(patch(older)));
    assertThat(r.changedFlagKeys).isEmpty();
    ObjectNode equal = flag("a", "2025-03-02T00:00:00.000Z");
    equal.put("isEnabled", false);
    store.apply(msg(patch(equal)));
    FBUser u = FBUser.builder("u").build();
    assertThat(Clients.outcome(store, "a", u).kind).isEqualTo(ReasonKind.FALLTHROUGH);
    ObjectNode newer = flag("a", "2025-03-02T00:00:00.001Z");
    newer.put("isEnabled", false);
    r = store.apply(msg(patch(newer, flag("new", "2025-01-01T00:00:00Z"))));
    assertThat(r.changedFlagKeys).containsExactly("a", "new");
    assertThat(Clients.outcome(store, "a", u).kind).isEqualTo(ReasonKind.OFF);
    assertThat(store.snapshot().flag("new")).isNotNull();
    assertThat(store.snapshot().version).isEqualTo(1740873600001L);
  }

  @Test
  void sto7_archiveHidesButKeepsVersionAndNewerActiveCopyRestores() throws Exception {
    DataStore store = Clients.store(TestData.full(flag("a", "2025-03-02T00:00:00Z")));
    ObjectNode archived = flag("a", "2025-03-03T00:00:00Z");
    archived.put("isArchived", true);
    store.apply(msg(patch(archived)));
    assertThat(store.snapshot().flag("a")).isNull();
    assertThat(store.snapshot().isFlagArchived("a")).isTrue();
    assertThat(store.snapshot().version).isEqualTo(1740960000000L);
    store.apply(msg(patch(flag("a", "2025-03-02T12:00:00Z"))));
    assertThat(store.snapshot().flag("a")).as("older copy cannot resurrect").isNull();
    store.apply(msg(patch(flag("a", "2025-03-04T00:00:00Z"))));
    assertThat(store.snapshot().flag("a")).as("newer active copy restores").isNotNull();
  }

  @Test
  void d1_archivedFlagIsFlagNotFound() {
    ObjectNode archived = flag("gone", "2025-03-03T00:00:00Z");
    archived.put("isArchived", true);
    try (FBClient c = Clients.offline(TestData.full(archived))) {
      EvalDetail<Boolean> d = c.boolVariationDetail("gone", FBUser.builder("u").build(), true);
      assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(d.reasonText()).isEqualTo("flag not found");
      assertThat(d.value()).isTrue();
      assertThat(c.isFlagKnown("gone")).isFalse();
      assertThat(c.getAllLatestFlagVariations(FBUser.builder("u").build()).details()).isEmpty();
    }
  }

  @Test
  @AllowLogs("featbit.store")
  void sync11_sync12_badEntitiesAreSkippedAndSiblingsApplied() throws Exception {
    DataStore store = Clients.store(TestData.full(flag("keep", "2025-03-01T00:00:00Z"),
        flag("old-copy", "2025-03-01T00:00:00Z")));
    ObjectNode noKey = flag("x", "2025-03-09T00:00:00Z");
    noKey.remove("key");
    ObjectNode badDate = flag("old-copy", "not a date");
    ObjectNode good = flag("fresh", "2025-03-02T00:00:00Z");
    String text = TestData.dataSync("patch", new JsonNode[] {noKey, badDate, TestData.M.getNodeFactory().textNode("x"),
        good});
    DataSyncMessage m = msg(text);
    assertThat(m.skipped).isEqualTo(3);
    store.apply(m);
    assertThat(store.snapshot().flag("fresh")).isNotNull();
    assertThat(store.snapshot().flag("old-copy")).as("patch: the older copy stays").isNotNull();
    assertThat(store.snapshot().version).as("skipped versions never count").isEqualTo(1740873600000L);
    // in a full, a skipped entity is simply absent (its older copy goes too)
    store.apply(msg(TestData.dataSync("full", new JsonNode[] {badDate, good})));
    assertThat(store.snapshot().flagVersion("old-copy")).isNull();
    // a full whose entities were all skipped still initializes
    DataStore empty = Clients.store();
    empty.apply(msg(TestData.dataSync("full", new JsonNode[] {noKey})));
    assertThat(empty.snapshot().initialized).isTrue();
  }

  @Test
  void sync10_invalidMessagesAreRejectedWhole() {
    for (String bad : new String[] {"not json", "[]", "{\"messageType\":\"data-sync\"}",
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"rp_full\",\"featureFlags\":[]}}",
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":{}}}",
        "{\"messageType\":\"pong\",\"data\":{}}"}) {
      assertThatThrownBy(() -> DataSyncMessage.parseEnvelope(bad)).as(bad)
          .isInstanceOf(DataSyncMessage.InvalidMessageException.class);
    }
  }

  @Test
  void d13_patchBeforeFirstFullDoesNotInitialize() throws Exception {
    DataStore store = Clients.store();
    store.apply(msg(patch(flag("early", "2025-03-05T00:00:00Z"))));
    assertThat(store.snapshot().initialized).isFalse();
    assertThat(store.snapshot().flag("early")).isNotNull();
    CommitResult r = store.apply(msg(TestData.full(flag("a", "2025-03-01T00:00:00Z"))));
    assertThat(r.initializedNow).isTrue();
    assertThat(r.needsResync()).isTrue();
  }

  @Test
  void segmentPatchReachesFlagsThatUseIt() throws Exception {
    String id = "44444444-4444-4444-8444-444444444444";
    ObjectNode f = TestData.flag("f", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    f.putArray("rules").add(TestData.rule("r", "hit", TestData.cond("User is in segment", null, "[\"" + id + "\"]")));
    ObjectNode other = flag("other", "2025-03-01T00:00:00Z");
    DataStore store = Clients.store(TestData.dataSync("full", TestData.flags(f, other),
        TestData.segment(id, new String[0], new String[0])));
    FBUser u = FBUser.builder("u").build();
    assertThat(((dev.featbit.sdk.internal.eval.Served) Clients.outcome(store, "f", u)).variation.value).isEqualTo("miss");
    ObjectNode seg2 = TestData.segment(id.toUpperCase(), new String[] {"u"}, new String[0]);
    seg2.put("updatedAt", "2025-03-09T00:00:00Z");
    CommitResult r = store.apply(msg(TestData.dataSync("patch", TestData.flags(), seg2)));
    assertThat(r.segmentsChanged).isTrue();
    assertThat(r.flagsChanged).isFalse();
    assertThat(r.changedFlagKeys).containsExactly("f");
    assertThat(((dev.featbit.sdk.internal.eval.Served) Clients.outcome(store, "f", u)).variation.value).isEqualTo("hit");
    // a segment arriving after the flag that referenced it while missing
    String late = "55555555-5555-4555-8555-555555555555";
    ObjectNode g = TestData.flag("g", new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    g.put("updatedAt", "2025-03-10T00:00:00Z");
    g.putArray("rules").add(TestData.rule("r", "hit", TestData.cond("User is in segment", null, "[\"" + late + "\"]")));
    store.apply(msg(patch(g)));
    assertThat(Clients.outcome(store, "g", u).kind).isEqualTo(ReasonKind.ERROR);
    ObjectNode lateSeg = TestData.segment(late, new String[] {"u"}, new String[0]);
    lateSeg.put("updatedAt", "2025-03-11T00:00:00Z");
    store.apply(msg(TestData.dataSync("patch", TestData.flags(), lateSeg)));
    assertThat(((dev.featbit.sdk.internal.eval.Served) Clients.outcome(store, "g", u)).variation.value).isEqualTo("hit");
  }

  static ObjectNode inSegment(String key, String segmentId, String updatedAt) {
    ObjectNode f = TestData.flag(key, new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    f.put("updatedAt", updatedAt);
    f.putArray("rules").add(TestData.rule("r", "hit",
        TestData.cond("User is in segment", null, "[\"" + segmentId + "\"]")));
    return f;
  }

  /**
   * STO-5, STO-10: a full data set that fails half way (here an internal error compiling one of its flags)
   * commits nothing, and leaves the committed snapshot whole: a flag patched afterwards still finds the
   * committed snapshot's segments (the id-to-slot map is replaced only with the snapshot built on it).
   */
  @Test
  void sto5_aFullDataSetFailingHalfWayLeavesTheCommittedSegmentsUsable() throws Exception {
    String s1 = "11111111-1111-4111-8111-111111111111";
    String s2 = "22222222-2222-4222-8222-222222222222";
    DataStore store = Clients.store(TestData.dataSync("full",
        TestData.flags(inSegment("f", s1, "2025-03-02T00:00:00Z")),
        TestData.segment(s1, new String[] {"u"}, new String[0])));
    FBUser u = FBUser.builder("u").build();
    assertThat(Clients.outcome(store, "f", u).kind).isEqualTo(ReasonKind.RULE_MATCH);

    DataSyncMessage failing = msg(TestData.dataSync("full",
        TestData.flags(inSegment("g", s2, "2025-03-05T00:00:00Z")),
        TestData.segment(s2, new String[] {"u"}, new String[0]),
        TestData.segment(s1, new String[] {"u"}, new String[0])));
    failing.flags.add(new EntityDoc("broken", 1L, false, null)); // compiling it throws
    assertThatThrownBy(() -> store.apply(failing)).isInstanceOf(RuntimeException.class);
    assertThat(store.snapshot().flag("g")).as("nothing of the failed full was committed").isNull();

    store.apply(msg(patch(inSegment("f", s1, "2025-03-03T00:00:00Z"))));
    assertThat(Clients.outcome(store, "f", u).kind).as("the patched flag finds its segment")
        .isEqualTo(ReasonKind.RULE_MATCH);
  }

  @Test
  void sto12_callerObjectsCannotChangeStoredState() throws Exception {
    ObjectNode f = flag("a", "2025-03-01T00:00:00Z");
    String json = TestData.full(f);
    FBUser.Builder b = FBUser.builder("u").custom("plan", "free");
    FBUser u = b.build();
    b.custom("plan", "paid");
    assertThat(u.custom("plan")).isEqualTo("free");
    try (FBClient c = Clients.offline(json)) {
      f.put("isEnabled", false); // the caller's tree changes after loading
      assertThat(c.boolVariationDetail("a", u, false).reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      assertThatThrownBy(() -> c.getAllLatestFlagVariations(u).details().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> u.customAttributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void sto2_keysAreCaseSensitive() {
    try (FBClient c = Clients.offline(TestData.full(flag("Flag-A", "2025-03-01T00:00:00Z")))) {
      assertThat(c.isFlagKnown("Flag-A")).isTrue();
      assertThat(c.isFlagKnown("flag-a")).isFalse();
    }
  }
}
