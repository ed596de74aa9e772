package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * S6: the S1 evaluation (enabled boolean flag, no targets or rules) with events ON, the SDK streaming from and
 * delivering insights to the test kit server on loopback (the background delivery runs during the
 * measurement). Also {@code trackMetric} from 2 threads. Both SDK defaults (capacity 10,000, batch 50, flush
 * 1 s, 2 requests in flight); events beyond the buffer are dropped and counted, which the teardown prints.
 * Before every iteration the server forgets the batches it recorded (it keeps each body and its parsed JSON,
 * ~100 KB per batch of 50: without this the 1 GB heap fills up after ~9,000 batches, and GC of that record
 * would be part of the measurement).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class EventsBenchmarks {
  FeatBitTestServer server;
  FBClient client;
  FBUser user = FBUser.builder("user-1").name("User One").custom("plan", "team").build();
  long insightRequests;

  @Setup(Level.Trial)
  public void setup() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("s6-flag"));
    client = new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
        .startWait(Duration.ofSeconds(10)).build());
    if (!client.isInitialized() || !client.boolVariation("s6-flag", user, false)) {
      throw new IllegalStateException("S6 client not ready");
    }
  }

  @Setup(Level.Iteration)
  public void forgetRecordedBatches() {
    insightRequests += server.clearInsightRequests();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.flushAndWait(Duration.ofSeconds(10));
    insightRequests += server.clearInsightRequests();
    System.out.println("\n[events] " + client.eventStats() + ", insight requests received: " + insightRequests);
    client.close();
    server.close();
  }

  @Benchmark
  public boolean S6_evaluationWithEvents_FeatBit() {
    return client.boolVariation("s6-flag", user, false);
  }

  @Benchmark
  @Threads(2)
  public FBClient trackMetric_2threads_FeatBit() {
    client.trackMetric(user, "bench-metric", 1.0);
    return client;
  }
}
