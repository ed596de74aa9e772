package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Propagation latency: from a flag change on the test server (the push is sent inside
 * {@code upsertFlag}) to the SDK's per-(flag, user) value-change listener firing, over WebSocket on loopback.
 * Not JMH: a latency distribution of real events. Usage: {@code java -cp benchmarks.jar
 * dev.featbit.sdk.benchmarks.PropagationBenchmark [changes=1000] [warmup=300]}.
 */
public final class PropagationBenchmark {
  private PropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.strings("propagation", "a", "b"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .startWait(Duration.ofSeconds(10)).disableEvents().build();
      try (FBClient client = new FBClient(config)) {
        if (!client.isInitialized()) {
          throw new IllegalStateException("client did not initialize");
        }
        FBUser user = FBUser.builder("user-1").build();
        BlockingQueue<Long> fired = new LinkedBlockingQueue<>();
        client.flagTracker().addFlagValueChangeListener("propagation", user, e -> fired.add(System.nanoTime()));
        long[] latencies = new long[changes];
        String current = "a";
        for (int i = 0; i < warmup + changes; i++) {
          current = current.equals("a") ? "b" : "a";
          long start = System.nanoTime();
          server.upsertFlag(TestFlag.strings("propagation", "a", "b").serve(current));
          Long at = fired.poll(10, TimeUnit.SECONDS);
          if (at == null) {
            throw new IllegalStateException("no value change within 10 s at change " + i);
          }
          if (!client.stringVariation("propagation", user, "?").equals(current)) {
            throw new IllegalStateException("listener fired but the value is not visible");
          }
          if (i >= warmup) {
            latencies[i - warmup] = at - start;
          }
        }
        Arrays.sort(latencies);
        System.out.printf("changes=%d (after %d warm-up) p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms mean=%.3f ms%n",
            changes, warmup, ms(latencies[changes / 2]), ms(latencies[(int) (changes * 0.90)]),
            ms(latencies[(int) Math.min(changes - 1, Math.ceil(changes * 0.99) - 1)]), ms(latencies[changes - 1]),
            ms((long) Arrays.stream(latencies).average().orElse(0)));
      }
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
