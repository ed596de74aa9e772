package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.eval.Served;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;
import dev.featbit.sdk.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * GEN-3 / STO-11: evaluations on several threads while fulls and patches commit. Every generation g of the
 * data has flag "a" and "b" serving "g" and a segment (used by "b") containing only user "member-g"; a
 * reader must never see a mix of generations within one snapshot.
 */
class ConcurrencyTest {
  static final String SEG = "66666666-6666-4666-8666-666666666666";

  static String generation(int g, String eventType) {
    String at = java.time.Instant.ofEpochMilli(1_700_000_000_000L + g).toString();
    ObjectNode a = TestData.flag("a", new String[] {"v" + g}, new String[] {"" + g});
    a.put("updatedAt", at);
    ObjectNode b = TestData.flag("b", new String[] {"v" + g, "no"}, new String[] {"" + g, "no"});
    b.put("updatedAt", at);
    b.putArray("rules").add(TestData.rule("member", "v" + g,
        TestData.cond("User is in segment", null, "[\"" + SEG + "\"]")));
    b.set("fallthrough", TestData.serve("no"));
    ObjectNode seg = TestData.segment(SEG, new String[] {"member-" + g}, new String[0]);
    seg.put("updatedAt", at);
    return TestData.dataSync(eventType, TestData.flags(a, b), seg);
  }

  @Test
  void readersSeeWholeCommitsOnly() throws Exception {
    DataStore store = new DataStore(new Compiler(FBConfig.DEFAULT_REGEX_STEP_BUDGET));
    store.apply(DataSyncMessage.parseEnvelope(generation(0, "full")));
    int generations = 2000;
    List<DataSyncMessage> msgs = new ArrayList<>();
    for (int g = 1; g <= generations; g++) {
      msgs.add(DataSyncMessage.parseEnvelope(generation(g, g % 10 == 0 ? "full" : "patch")));
    }
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong checks = new AtomicLong();
    CountDownLatch started = new CountDownLatch(3);
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread r = new Thread(() -> {
        started.countDown();
        while (!done.get()) {
          Snapshot s = store.snapshot();
          try {
            long version = s.version;
            int g = (int) (version - 1_700_000_000_000L);
            Served a = s.flag("a").evaluate(FBUser.builder("x").build(), s.segmentTable());
            Served member = s.flag("b").evaluate(FBUser.builder("member-" + g).build(), s.segmentTable());
            Served other = s.flag("b").evaluate(FBUser.builder("member-" + (g + 1)).build(), s.segmentTable());
            if (!a.variation.value.equals("" + g) || !member.variation.value.equals("" + g)
                || !other.variation.value.equals("no")) {
              failures.add("generation " + g + ": a=" + a.variation.value + " member=" + member.variation.value
                  + " other=" + other.variation.value);
            }
            checks.incrementAndGet();
          } catch (Defect d) {
            failures.add(d.getMessage());
          }
        }
      }, "reader-" + t);
      r.start();
      readers.add(r);
    }
    started.await();
    for (DataSyncMessage m : msgs) {
      store.apply(m);
    }
    done.set(true);
    for (Thread r : readers) {
      r.join();
    }
    assertThat(failures).isEmpty();
    assertThat(checks.get()).isPositive();
    assertThat(store.snapshot().version).isEqualTo(1_700_000_000_000L + generations);
  }

  @Test
  void clientEvaluationsWhileReloading() throws Exception {
    FBClient client = new FBClient(FBConfig.builder(null).offline(true).bootstrap(generation(0, "full")).build());
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Thread reader = new Thread(() -> {
      FBUser u = FBUser.builder("x").build();
      while (!done.get()) {
        EvalDetail<Integer> d = client.intVariationDetail("a", u, -1);
        if (d.reason() != ReasonKind.FALLTHROUGH) {
          failures.add(d.toString());
        }
        AllFlagStates all = client.getAllLatestFlagVariations(u);
        if (all.size() != 2) {
          failures.add("bulk saw " + all.size());
        }
      }
    });
    reader.start();
    for (int g = 1; g <= 300; g++) {
      assertThat(client.initializeFromExternalJson(generation(g, "full"))).isTrue();
    }
    done.set(true);
    reader.join();
    client.close();
    assertThat(failures).isEmpty();
  }
}
