package dev.featbit.sdk.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.testing.Together;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-thread rings and the credit pool of {@link EventBuffer}; the test thread plays the events thread
 * (consumer methods are called from it only).
 */
class EventBufferTest {
  static final FBUser U = FBUser.builder("u").build();

  static List<Double> drainAll(EventBuffer b, int batchSize) {
    List<Double> out = new ArrayList<>();
    EventBuffer.Batch batch = new EventBuffer.Batch(batchSize);
    while (b.drainInto(batch) > 0) {
      for (int i = 0; i < batch.size; i++) {
        out.add(batch.values[i]);
      }
      batch.clear();
    }
    return out;
  }

  @Test
  void oneThreadKeepsOrderRingGrowsAndShrinksCapacityIsExact() {
    AtomicInteger firstDrops = new AtomicInteger();
    EventBuffer b = new EventBuffer(1000, 50, firstDrops::incrementAndGet);
    assertThat(b.ringSizeOfCurrentThread()).isZero();
    for (int i = 0; i < 1500; i++) {
      b.offer(U, "m", i);
    }
    assertThat(b.accepted()).isEqualTo(1000);
    assertThat(b.dropped()).isEqualTo(500);
    assertThat(firstDrops).hasValue(1);
    assertThat(b.ringSizeOfCurrentThread()).as("grew from 64 by doubling").isEqualTo(1024);
    assertThat(b.creditAccount()).containsExactly(0, 0, 1000); // pool, unspent, buffered

    List<Double> got = drainAll(b, 50);
    assertThat(got).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(got.get(i)).isEqualTo((double) i);
    }
    assertThat(b.creditAccount()).containsExactly(1000, 0, 0);

    b.offer(U, "m", 7);
    assertThat(b.ringSizeOfCurrentThread()).as("an empty large ring is replaced by a small one").isEqualTo(64);
    assertThat(b.creditAccount()[0] + b.creditAccount()[1] + b.creditAccount()[2]).isEqualTo(1000);
    assertThat(drainAll(b, 50)).containsExactly(7.0);
    assertThat(b.accepted()).isEqualTo(1001);
  }

  @Test
  void payloadsTimestampsAndValuesArriveAsRecorded() {
    EventBuffer b = new EventBuffer(10, 5, () -> {});
    Object served = new Object();
    long before = System.currentTimeMillis();
    b.offer(U, served, 0);
    b.offer(U, "metric", 2.5);
    b.offer(U, null, 0);
    long after = System.currentTimeMillis();
    EventBuffer.Batch batch = new EventBuffer.Batch(5);
    assertThat(b.drainInto(batch)).isEqualTo(3);
    assertThat(batch.payloads).startsWith(served, "metric", null);
    assertThat(batch.users).startsWith(U, U, U);
    assertThat(batch.values[1]).isEqualTo(2.5);
    for (int i = 0; i < 3; i++) {
      assertThat(batch.times[i]).isBetween(before, after);
    }
    assertThat(batch.isFull()).isFalse();
  }

  /** A batch that holds credits keeps its events counted against the capacity until it releases them. */
  @Test
  void aBatchHoldingCreditsKeepsItsEventsCountedUntilReleased() {
    EventBuffer b = new EventBuffer(10, 5, () -> {});
    for (int i = 0; i < 10; i++) {
      b.offer(U, "m", i);
    }
    EventBuffer.Batch batch = new EventBuffer.Batch(5, true);
    assertThat(b.drainInto(batch)).isEqualTo(5);
    assertThat(batch.credits).isEqualTo(5);
    batch.clear();
    for (int i = 0; i < 3; i++) {
      b.offer(U, "refused", 0);
    }
    assertThat(b.accepted()).as("the drained events still fill the buffer").isEqualTo(10);
    assertThat(b.dropped()).isEqualTo(3);
    b.release(batch.takeCredits());
    assertThat(batch.credits).isZero();
    b.offer(U, "accepted", 0);
    assertThat(b.accepted()).isEqualTo(11);
  }

  @Test
  void capacityIsExactWithManyThreadsAndNoDraining() throws Exception {
    EventBuffer b = new EventBuffer(100, 50, () -> {});
    int threads = 16;
    int perThread = 1000;
    List<Thread> ts = Together.start(threads, t -> {
      for (int i = 0; i < perThread; i++) {
        b.offer(U, "m", i);
      }
    });
    for (Thread th : ts) {
      th.join();
    }
    long accepted = b.accepted();
    assertThat(accepted).isLessThanOrEqualTo(100);
    assertThat(accepted + b.dropped()).isEqualTo((long) threads * perThread);
    long[] account = b.creditAccount();
    assertThat(account[2]).isEqualTo(accepted);
    assertThat(account[0] + account[1] + account[2]).isEqualTo(100);
    assertThat(drainAll(b, 7)).hasSize((int) accepted);
    b.housekeeping(); // all ended and drained: unregistered, their unspent credits back in the pool
    assertThat(b.producers()).isZero();
    assertThat(b.creditAccount()).containsExactly(100, 0, 0);
    assertThat(b.accepted() + b.dropped()).as("counts survive unregistration").isEqualTo((long) threads * perThread);
  }

  @Test
  void manyThreadsComeAndGoWhileTheConsumerDrains() throws Exception {
    EventBuffer b = new EventBuffer(256, 50, () -> {});
    int waves = 8;
    int perWave = 8;
    int perThread = 3000;
    ConcurrentLinkedQueue<Thread> all = new ConcurrentLinkedQueue<>();
    Thread starter = new Thread(() -> {
      for (int w = 0; w < waves; w++) {
        List<Thread> wave = new ArrayList<>();
        for (int t = 0; t < perWave; t++) {
          String name = "w" + w + "t" + t;
          Thread th = new Thread(() -> {
            for (int i = 0; i < perThread; i++) {
              b.offer(U, name, i);
            }
          }, name);
          all.add(th);
          th.start();
          wave.add(th);
        }
        for (Thread th : wave) {
          try {
            th.join();
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    });
    starter.start();
    Map<String, Double> last = new HashMap<>();
    long drained = 0;
    EventBuffer.Batch batch = new EventBuffer.Batch(50);
    int rounds = 0;
    while (true) {
      boolean done = !starter.isAlive();
      int n = b.drainInto(batch);
      for (int i = 0; i < batch.size; i++) {
        String thread = (String) batch.payloads[i];
        Double prev = last.put(thread, batch.values[i]);
        assertThat(prev == null || prev < batch.values[i]).as("order within %s", thread).isTrue();
      }
      drained += n;
      batch.clear();
      if (++rounds % 64 == 0) {
        b.housekeeping(); // unregisters ended threads while others register
      }
      if (done && n == 0) {
        break;
      }
    }
    assertThat(all).hasSize(waves * perWave);
    assertThat(b.accepted()).isEqualTo(drained);
    assertThat(b.accepted() + b.dropped()).isEqualTo((long) waves * perWave * perThread);
    b.housekeeping();
    assertThat(b.producers()).isZero();
    assertThat(b.creditAccount()).containsExactly(256, 0, 0);
    assertThat(b.accepted()).isEqualTo(drained);
  }

  @Test
  void creditsOfAQuietThreadAreTakenBackAndItCanRecordAgain() throws Exception {
    EventBuffer b = new EventBuffer(1024, 50, () -> {});
    CountDownLatch offered = new CountDownLatch(1);
    CountDownLatch again = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      b.offer(U, "first", 1);
      offered.countDown();
      awaitQuietly(again);
      b.offer(U, "second", 2);
    });
    t.start();
    offered.await();
    long[] account = b.creditAccount();
    assertThat(account[1]).as("a chunk was taken").isEqualTo(63);
    b.housekeeping(); // remembers its count
    b.housekeeping(); // nothing since: its credits go back
    assertThat(b.creditAccount()).containsExactly(1023, 0, 1);
    again.countDown();
    t.join();
    assertThat(b.accepted()).isEqualTo(2);
    assertThat(drainAll(b, 50)).containsExactly(1.0, 2.0);
    b.housekeeping();
    assertThat(b.creditAccount()).containsExactly(1024, 0, 0);
  }

  @Test
  void aThreadThatEndedIsDrainedBeforeItIsUnregistered() throws Exception {
    EventBuffer b = new EventBuffer(100, 50, () -> {});
    Thread t = new Thread(() -> {
      for (int i = 0; i < 10; i++) {
        b.offer(U, "m", i);
      }
    });
    t.start();
    t.join();
    b.housekeeping();
    assertThat(b.producers()).as("still holds events").isEqualTo(1);
    assertThat(b.pending()).isEqualTo(10);
    assertThat(drainAll(b, 4)).hasSize(10);
    b.housekeeping();
    assertThat(b.producers()).isZero();
    assertThat(b.accepted()).isEqualTo(10);
    assertThat(b.pending()).isZero();
  }

  @Test
  void flushTargetsCoverEveryThreadsEventsAcceptedBefore() throws Exception {
    EventBuffer b = new EventBuffer(1000, 50, () -> {});
    List<Thread> ts = Together.start(4, t -> {
      for (int i = 0; i < 25; i++) {
        b.offer(U, "m", i);
      }
    });
    for (Thread th : ts) {
      th.join();
    }
    b.markTargets();
    assertThat(b.targetsReached()).isFalse();
    EventBuffer.Batch batch = new EventBuffer.Batch(30);
    int total = 0;
    while (!b.targetsReached()) {
      total += b.drainInto(batch);
      batch.clear();
    }
    assertThat(total).isEqualTo(100);
  }

  @Test
  void discardAllCountsWhatIsLeft() {
    EventBuffer b = new EventBuffer(100, 50, () -> {});
    for (int i = 0; i < 30; i++) {
      b.offer(U, "m", i);
    }
    EventBuffer.Batch batch = new EventBuffer.Batch(10);
    b.drainInto(batch);
    assertThat(b.discardAll()).isEqualTo(20);
    assertThat(b.pending()).isZero();
    assertThat(b.ringSizeOfCurrentThread()).isEqualTo(1);
  }

  static void awaitQuietly(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
