package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.EventStats;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Heap held while the events endpoint is down: 2 threads call {@code trackMetric} as fast as they can for
 * {@code seconds} (default 60) while the events server is stopped (connection refused); every 5 s the used heap
 * after a full GC is printed. Bounded means: it stays flat, whatever the duration, at roughly capacity x event
 * size. Usage: {@code java -cp benchmarks.jar dev.featbit.sdk.benchmarks.EventOutageProbe [seconds]}.
 */
public final class EventOutageProbe {
  private EventOutageProbe() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    try (FeatBitTestServer sync = FeatBitTestServer.start(); FeatBitTestServer events = FeatBitTestServer.start()) {
      sync.load(TestFlag.bool("f"));
      FBConfig config = FBConfig.builder(sync.secret()).streamingUrl(sync.streamingUrl()).eventsUrl(events.httpUrl())
          .startWait(Duration.ofSeconds(10)).build();
      try (FBClient client = new FBClient(config)) {
        long baseline = usedAfterGc(mem);
        events.stop(); // outage: connection refused from now on
        AtomicBoolean run = new AtomicBoolean(true);
        LongAdder calls = new LongAdder();
        Thread[] ts = new Thread[2];
        for (int t = 0; t < 2; t++) {
          FBUser u = FBUser.builder("user-" + t).custom("plan", "team").build();
          ts[t] = new Thread(() -> {
            while (run.get()) {
              client.trackMetric(u, "outage-metric", 1.0);
              calls.increment();
            }
          }, "load-" + t);
          ts[t].start();
        }
        long start = System.nanoTime();
        long maxHeld = 0;
        for (int s = 5; s <= seconds; s += 5) {
          long until = start + s * 1_000_000_000L;
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
          }
          long held = usedAfterGc(mem) - baseline;
          maxHeld = Math.max(maxHeld, held);
          EventStats st = client.eventStats();
          System.out.printf("t=%3ds calls=%,d held=%,d bytes  %s%n", s, calls.sum(), held, st);
        }
        run.set(false);
        for (Thread t : ts) {
          t.join();
        }
        double rate = calls.sum() / (double) seconds;
        System.out.printf("2 threads: %,.0f trackMetric calls/s during the outage; max heap held above baseline "
            + "%,d bytes (capacity %,d events)%n", rate, maxHeld, config.eventCapacity());
      }
    }
  }

  private static long usedAfterGc(MemoryMXBean mem) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
