package dev.featbit.sdk.internal.events;

import dev.featbit.sdk.FBUser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The event ring's publication and the credit pool's conservation, checked by Lincheck over interleavings of
 * producers ({@link EventBuffer#offer}) and the one consumer ({@link EventBuffer#drainInto}, in a non-parallel
 * group as the events thread is one thread).
 *
 * <ul>
 *   <li>publication: every event the consumer takes carries the user, payload and value its producer wrote
 *       (a slot is never seen before it is written), and the drained sets are those of some sequential order
 *       (Lincheck's linearizability check against the same operations run one at a time);
 *   <li>conservation: after each run, once everything is drained, the pool plus the credits threads hold equals
 *       the capacity, and every accepted event was drained exactly once ({@link #conservation}).
 * </ul>
 *
 * <p>Short by default (run in every {@code verify}); {@code -Dlincheck.long=true} explores far more.
 */
@Param(name = "event", gen = IntGen.class, conf = "0:2")
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)   // exploration time grows with
// the machine's load (70 s alone on a loaded 2-core machine, over 120 s beside other test forks)
public class EventBufferLincheckTest {
  /**
   * More than the operations of a scenario: with a full buffer, an offer holding the last credit but not yet
   * published makes another thread's offer drop, which no sequential order explains (capacity counts events in
   * flight); drops and exact capacity are covered by EventBufferTest.
   */
  static final int CAPACITY = 16;
  static final boolean LONG = Boolean.getBoolean("lincheck.long");
  static final FBUser[] USERS = {FBUser.builder("u0").build(), FBUser.builder("u1").build(),
      FBUser.builder("u2").build()};
  static final String[] NAMES = {"metric-0", "metric-1", "metric-2"};
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  private final EventBuffer buffer = new EventBuffer(CAPACITY, 1, () -> { }, CLOCK);
  private long offered;
  private long drained;

  /** One event of the calling thread: user, payload and value all say which event it is. */
  @Operation
  public void offer(@Param(name = "event") int event) {
    synchronized (this) {
      offered++;
    }
    buffer.offer(USERS[event], NAMES[event], event);
  }

  /** The consumer: takes what is published and returns which events it got (sorted: no order across threads). */
  @Operation(nonParallelGroup = "consumer")
  public String drain() {
    EventBuffer.Batch batch = new EventBuffer.Batch(8);
    int n = buffer.drainInto(batch);
    int[] got = new int[n];
    for (int i = 0; i < n; i++) {
      int k = Arrays.asList(NAMES).indexOf(batch.payloads[i]);
      if (k < 0 || batch.users[i] != USERS[k] || batch.values[i] != k || batch.times[i] != CLOCK.millis()) {
        throw new IllegalStateException("event " + i + " seen before it was written: " + batch.payloads[i] + ", "
            + batch.users[i] + ", " + batch.values[i] + ", " + batch.times[i]);
      }
      got[i] = k;
    }
    synchronized (this) {
      drained += n;
    }
    Arrays.sort(got);
    return Arrays.toString(got);
  }

  /** After every run: drain the rest; every accepted event was drained once and no credit was lost or made. */
  @Validate
  public void conservation() {
    drain();
    buffer.housekeeping();
    long[] account = buffer.creditAccount();
    if (account[0] + account[1] != CAPACITY || account[2] != 0) {
      throw new IllegalStateException("credits: pool " + account[0] + ", held " + account[1] + ", buffered "
          + account[2] + " (capacity " + CAPACITY + ")");
    }
    if (buffer.accepted() != drained || buffer.accepted() + buffer.dropped() != offered) {
      throw new IllegalStateException("accepted " + buffer.accepted() + ", dropped " + buffer.dropped()
          + ", drained " + drained + ", offered " + offered);
    }
  }

  @Test
  void modelChecking() {
    LinChecker.check(EventBufferLincheckTest.class, new ModelCheckingOptions()
        .iterations(LONG ? 100 : 2).invocationsPerIteration(LONG ? 5_000 : 50)
        .threads(2).actorsPerThread(2).actorsBefore(2).actorsAfter(1));
  }

  @Test
  void stress() {
    LinChecker.check(EventBufferLincheckTest.class, new StressOptions()
        .iterations(LONG ? 100 : 5).invocationsPerIteration(LONG ? 10_000 : 200)
        .threads(3).actorsPerThread(2).actorsBefore(2).actorsAfter(1));
  }
}
