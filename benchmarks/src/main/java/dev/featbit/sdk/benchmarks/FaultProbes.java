package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.EventStats;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault and soak probes: runnable programs (not tests) that put a client through what an operator meets, each
 * printing its figures. Usage:
 *
 * <pre>
 * java -cp benchmarks.jar dev.featbit.sdk.benchmarks.FaultProbes drops [seconds=600] [dropEvery=30]
 * java -cp benchmarks.jar dev.featbit.sdk.benchmarks.FaultProbes restart [pause seconds: 1 10 60]
 * java -cp benchmarks.jar dev.featbit.sdk.benchmarks.FaultProbes large [flags=20000]
 * java -cp benchmarks.jar dev.featbit.sdk.benchmarks.FaultProbes events-outage [seconds=60] [producers=8]
 * java -cp benchmarks.jar dev.featbit.sdk.benchmarks.FaultProbes half-open [pingMillis=1000]
 * </pre>
 */
public final class FaultProbes {
  private static final FBUser U = FBUser.builder("probe-user").build();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEM = ManagementFactory.getMemoryMXBean();

  private FaultProbes() {}

  public static void main(String[] args) throws Exception {
    String probe = args.length > 0 ? args[0] : "drops";
    switch (probe) {
      case "drops":
        drops(arg(args, 1, 600), arg(args, 2, 30));
        break;
      case "restart":
        if (args.length > 1) {
          for (int i = 1; i < args.length; i++) {
            restart(Integer.parseInt(args[i]));
          }
        } else {
          for (int pause : new int[] {1, 10, 60}) {
            restart(pause);
          }
        }
        break;
      case "large":
        large(arg(args, 1, 20_000));
        break;
      case "events-outage":
        eventsOutage(arg(args, 1, 60), arg(args, 2, 8));
        break;
      case "half-open":
        halfOpen(arg(args, 1, 1000));
        break;
      default:
        throw new IllegalArgumentException("unknown probe " + probe);
    }
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }

  private static FBConfig.Builder config(FeatBitTestServer server) {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(Duration.ofSeconds(10))
        .disableEvents();
  }

  /**
   * A patch every 100 ms and every connection closed every {@code dropEvery} s, for {@code seconds}: the share of
   * 100 ms samples in which the client was STALE, and in which its value lagged the server's by more than 1 s.
   */
  static void drops(int seconds, int dropEvery) throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.strings("ticker", "0"));
      long threads0 = THREADS.getTotalStartedThreadCount();
      try (FBClient client = new FBClient(config(server).build())) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextPatch = start;
        long nextDrop = start + dropEvery * 1_000_000_000L;
        long nextSample = start;
        int tick = 0;
        long[] tickAt = new long[seconds * 10 + 100];
        int samples = 0;
        int stale = 0;
        int behind = 0;
        int drops = 0;
        while (System.nanoTime() < end) {
          long now = System.nanoTime();
          if (now >= nextPatch) {
            tick++;
            if (tick < tickAt.length) {
              tickAt[tick] = now;
            }
            server.upsertFlag(TestFlag.strings("ticker", String.valueOf(tick)));
            nextPatch += 100_000_000L;
          }
          if (now >= nextDrop) {
            server.closeAll(1001, "cut by the probe");
            drops++;
            nextDrop += dropEvery * 1_000_000_000L;
          }
          if (now >= nextSample) {
            samples++;
            if (client.dataUpdateStatusProvider().state() == DataUpdateStatus.State.STALE) {
              stale++;
            }
            int seen = Integer.parseInt(client.stringVariation("ticker", U, "0"));
            // the oldest patch the client has not seen yet: behind when it was sent more than 1 s ago
            int firstUnseen = seen + 1;
            if (firstUnseen <= tick && firstUnseen < tickAt.length && now - tickAt[firstUnseen] > 1_000_000_000L) {
              behind++;
            }
            nextSample += 100_000_000L;
          }
          LockSupport.parkNanos(Math.max(1, Math.min(nextPatch, Math.min(nextDrop, nextSample)) - System.nanoTime()));
        }
        System.out.printf("drops: %d s, a patch every 100 ms (%d), connections closed every %d s (%d times): "
                + "STALE in %.1f %% of %d samples, more than 1 s behind the server in %.1f %%; threads started %d%n",
            seconds, tick, dropEvery, drops, 100.0 * stale / samples, samples, 100.0 * behind / samples,
            THREADS.getTotalStartedThreadCount() - threads0);
      }
    }
  }

  /** The server stops for {@code pause} s then starts again: time from its restart to the client being READY. */
  static void restart(int pause) throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("f"));
      try (FBClient client = new FBClient(config(server).build())) {
        server.stop();
        awaitState(client, DataUpdateStatus.State.STALE, Duration.ofSeconds(30));
        LockSupport.parkNanos(pause * 1_000_000_000L);
        boolean servedDuring = client.boolVariation("f", U, false);
        long restarted = System.nanoTime();
        server.restart();
        boolean ready = awaitState(client, DataUpdateStatus.State.READY, Duration.ofSeconds(120));
        System.out.printf("restart after %d s: READY %s %.0f ms after the server restarted (backoff cap 60 s); "
                + "value kept during the outage: %s%n", pause, ready ? "" : "NOT",
            (System.nanoTime() - restarted) / 1e6, servedDuring);
      }
    }
  }

  /** A data set of {@code flags} flags: time to READY over streaming, and heap held after GC. */
  static void large(int flags) throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      TestFlag[] all = new TestFlag[flags];
      for (int i = 0; i < flags; i++) {
        all[i] = TestFlag.strings("flag-" + i, "a", "b", "c").rule("r", "b", TestFlag.condition("plan", "Equal",
            "team")).rollout(0.34, 0.33, 0.33);
      }
      server.load(all);
      long base = usedAfterGc();
      long t0 = System.nanoTime();
      try (FBClient client = new FBClient(config(server).startWait(Duration.ofSeconds(120)).build())) {
        double ms = (System.nanoTime() - t0) / 1e6;
        long held = usedAfterGc() - base;
        System.out.printf("large: %,d flags READY in %.0f ms over streaming; heap held %,d bytes (%,d B/flag); "
            + "initialized %s%n", flags, ms, held, held / flags, client.isInitialized());
      }
    }
  }

  /**
   * The events endpoint is down (connection refused) for {@code seconds} while {@code producers} threads
   * evaluate and record metrics, then comes back: the accounting at the end (every accepted event is sent or
   * failed) and the heap held during the outage.
   */
  static void eventsOutage(int seconds, int producers) throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start(); FeatBitTestServer events = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("f"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .eventsUrl(events.httpUrl()).startWait(Duration.ofSeconds(10)).build();
      long base = usedAfterGc();
      try (FBClient client = new FBClient(config)) {
        events.stop();
        AtomicBoolean run = new AtomicBoolean(true);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
          FBUser u = FBUser.builder("user-" + t).build();
          Thread th = new Thread(() -> {
            while (run.get()) {
              client.trackMetric(u, "m");
              client.boolVariation("f", u, false);
            }
          }, "probe-producer-" + t);
          th.start();
          ts.add(th);
        }
        LockSupport.parkNanos(seconds * 1_000_000_000L);
        long heldDuring = usedAfterGc() - base;
        run.set(false);
        for (Thread th : ts) {
          th.join();
        }
        events.restart();
        boolean done = client.flushAndWait(Duration.ofSeconds(30));
        EventStats s = client.eventStats();
        System.out.printf("events outage: %d s, %d producers: %s; heap held during the outage %,d bytes; "
                + "flushAndWait after recovery %s; accepted == sent + failed: %s; insights received after "
                + "recovery %d%n", seconds, producers, s, heldDuring, done, s.accepted() == s.sent() + s.failed(),
            events.insightRequests().size());
      }
    }
  }

  /** The server stops answering pings (a half-open connection): time until the client replaces it. */
  static void halfOpen(int pingMillis) throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("f"));
      try (FBClient client = new FBClient(config(server).pingInterval(Duration.ofMillis(pingMillis)).build())) {
        int before = server.acceptedConnections();
        server.answerPings(false);
        long t0 = System.nanoTime();
        boolean detected = awaitState(client, DataUpdateStatus.State.STALE, Duration.ofSeconds(60));
        double staleMs = (System.nanoTime() - t0) / 1e6;
        boolean replaced = server.await(s -> s.acceptedConnections() > before, Duration.ofSeconds(60));
        double replacedMs = (System.nanoTime() - t0) / 1e6;
        DataUpdateStatus.ErrorInfo e = client.dataUpdateStatusProvider().status().lastError();
        System.out.printf("half-open: ping every %d ms; the silent connection was given up after %.0f ms "
                + "(%.2f x the interval; the last pong came up to one interval before the silence began) %s, "
                + "a new one accepted after %.0f ms %s; last error: %s%n", pingMillis, staleMs, staleMs / pingMillis,
            detected ? "" : "NOT DETECTED", replacedMs, replaced ? "" : "NOT REPLACED", e);
      }
    }
  }

  private static boolean awaitState(FBClient client, DataUpdateStatus.State state, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.dataUpdateStatusProvider().state() != state) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return MEM.getHeapMemoryUsage().getUsed();
  }
}
