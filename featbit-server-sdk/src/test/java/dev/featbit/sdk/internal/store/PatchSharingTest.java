package dev.featbit.sdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A patch costs what it changes: the next snapshot shares every flag, trie node and the segment table it did
 * not change with the current one, and readers see each patch whole while others are applied.
 */
class PatchSharingTest {
  static final String SEG = "44444444-4444-4444-8444-444444444444";

  static ObjectNode flag(String key, long millis) {
    ObjectNode f = TestData.boolFlag(key);
    f.put("updatedAt", Instant.ofEpochMilli(millis).toString());
    return f;
  }

  static ObjectNode inSegment(String key, long millis) {
    ObjectNode f = TestData.flag(key, new String[] {"miss", "hit"}, new String[] {"miss", "hit"});
    f.put("updatedAt", Instant.ofEpochMilli(millis).toString());
    f.putArray("rules").add(TestData.rule("r", "hit", TestData.cond("User is in segment", null, "[\"" + SEG + "\"]")));
    return f;
  }

  static ObjectNode segment(long millis, String... included) {
    ObjectNode s = TestData.segment(SEG, included, new String[0]);
    s.put("updatedAt", Instant.ofEpochMilli(millis).toString());
    return s;
  }

  static DataSyncMessage msg(String text) throws Exception {
    return DataSyncMessage.parseEnvelope(text);
  }

  static String patch(JsonNode... flags) {
    return TestData.dataSync("patch", flags);
  }

  static DataStore storeWith(int n) {
    JsonNode[] flags = new JsonNode[n];
    for (int i = 0; i < n; i++) {
      flags[i] = flag("flag-" + i, 1000);
    }
    return Clients.store(TestData.dataSync("full", flags, segment(1000)));
  }

  @Test
  void aFlagPatchSharesEverythingItDoesNotChange() throws Exception {
    DataStore store = storeWith(20_000);
    Snapshot before = store.snapshot();
    CommitResult r = store.apply(msg(patch(flag("flag-77", 2000))));
    Snapshot after = store.snapshot();

    assertThat(r.changedFlagKeys).containsExactly("flag-77");
    assertThat(after.flags.nodesNotIn(before.flags)).as("new trie nodes").isBetween(1, before.flags.depth());
    assertThat(after.segments).isSameAs(before.segments);
    assertThat(after.segmentTable()).as("no segment changed: the same table").isSameAs(before.segmentTable());
    assertThat(after.flag("flag-78")).isSameAs(before.flag("flag-78"));
    assertThat(after.flag("flag-77").version).isEqualTo(2000);
    assertThat(before.flag("flag-77").version).as("the older snapshot is unchanged").isEqualTo(1000);
    assertThat(after.flagCount()).isEqualTo(20_000);
    assertThat(after.activeFlags()).hasSize(20_000);

    store.apply(msg(patch(flag("added", 3000))));
    assertThat(store.snapshot().flagCount()).isEqualTo(20_001);
    assertThat(after.flag("added")).isNull();
    assertThat(store.snapshot().version).isEqualTo(3000);
  }

  @Test
  void archivedFlagsStayAsTombstonesAndAFullDataSetRemovesWhatItLacks() throws Exception {
    DataStore store = Clients.store(TestData.full(flag("a", 1000), flag("b", 1000), flag("c", 1000)));
    ObjectNode archived = flag("b", 2000);
    archived.put("isArchived", true);
    CommitResult r = store.apply(msg(patch(archived)));
    Snapshot s = store.snapshot();
    assertThat(r.changedFlagKeys).containsExactly("b");
    assertThat(s.flag("b")).isNull();
    assertThat(s.isFlagArchived("b")).isTrue();
    assertThat(s.flagVersion("b")).isEqualTo(2000);
    assertThat(s.activeFlags()).extracting(f -> f.key).containsExactlyInAnyOrder("a", "c");
    assertThat(store.apply(msg(patch(flag("b", 1500)))).changedFlagKeys).as("older than the tombstone").isEmpty();

    r = store.apply(msg(TestData.full(flag("a", 1000))));
    s = store.snapshot();
    assertThat(r.changedFlagKeys).containsExactlyInAnyOrder("b", "c");
    assertThat(s.flagCount()).isEqualTo(1);
    assertThat(s.flagVersion("b")).isNull();
    assertThat(s.flag("c")).isNull();
    assertThat(s.flag("a")).isNotNull();
    assertThat(store.apply(msg(patch(flag("c", 1000)))).changedFlagKeys).as("removed: inserted again")
        .containsExactly("c");
  }

  /** The segment-to-flags index follows patches, so a segment patch reports exactly the flags using it now. */
  @Test
  void aSegmentPatchReportsTheFlagsThatUseItAfterEarlierPatches() throws Exception {
    DataStore store = Clients.store(TestData.dataSync("full",
        TestData.flags(inSegment("f", 1000), inSegment("g", 1000), flag("plain", 1000)), segment(1000)));
    assertThat(store.apply(msg(TestData.dataSync("patch", TestData.flags(), segment(2000, "u")))).changedFlagKeys)
        .containsExactlyInAnyOrder("f", "g");

    store.apply(msg(patch(flag("f", 3000)))); // f no longer uses the segment
    store.apply(msg(patch(inSegment("plain", 3000)))); // plain now does
    ObjectNode gone = inSegment("g", 3000);
    gone.put("isArchived", true);
    store.apply(msg(patch(gone)));
    CommitResult r = store.apply(msg(TestData.dataSync("patch", TestData.flags(), segment(4000))));
    assertThat(r.segmentsChanged).isTrue();
    assertThat(r.flagsChanged).isFalse();
    assertThat(r.changedFlagKeys).containsExactly("plain");
    assertThat(store.snapshot().segmentVersion(SEG)).isEqualTo(4000);

    // a full data set rebuilds the index
    store.apply(msg(TestData.dataSync("full", TestData.flags(inSegment("f", 5000), flag("plain", 5000)),
        segment(5000))));
    r = store.apply(msg(TestData.dataSync("patch", TestData.flags(), segment(6000, "u"))));
    assertThat(r.changedFlagKeys).containsExactly("f");
  }

  /** Readers on other threads see each patch entirely or not at all while patches are applied. */
  @Test
  void readersSeeWholePatchesWhilePatchesAreApplied() throws Exception {
    DataStore store = storeWith(2000);
    int patches = 3000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch readersStarted = new CountDownLatch(2);
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        readersStarted.countDown();
        long seen = 0;
        while (!done.get() && failure.get() == null) {
          Snapshot s = store.snapshot();
          long a = s.flagVersion("flag-1");
          long b = s.flagVersion("flag-2");
          CompiledFlag other = s.flag("flag-1999");
          if (a != b || a < seen || other == null || s.version != Math.max(a, 1000)) {
            failure.set("flag-1 " + a + ", flag-2 " + b + ", cursor " + s.version + ", seen " + seen);
          }
          seen = a;
        }
      }, "patch-reader-" + t);
      reader.start();
      readers.add(reader);
    }
    assertThat(readersStarted.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= patches && failure.get() == null; i++) {
      store.apply(msg(patch(flag("flag-1", 1000 + i), flag("flag-2", 1000 + i))));
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join(10_000);
      assertThat(reader.isAlive()).isFalse();
    }
    assertThat(failure.get()).isNull();
    assertThat(store.snapshot().flagVersion("flag-1")).isEqualTo(1000 + patches);
    assertThat(store.snapshot().flagCount()).isEqualTo(2000);
  }
}
