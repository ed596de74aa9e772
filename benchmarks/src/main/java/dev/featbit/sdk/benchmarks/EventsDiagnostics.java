package dev.featbit.sdk.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagnostics for S6 (not targets): the same evaluation (flag and user as {@link EventsBenchmarks}) with
 * <ul>
 *   <li>{@code eventsOff}: events disabled (the S1 cost over the same streaming setup, the reference);</li>
 *   <li>{@code outage}: events on, the events endpoint refuses connections (after the first seconds the buffer
 *       is full and the background is idle between retries: the caller's drop path alone);</li>
 *   <li>{@code discarding}: events on, delivered to a minimal JDK {@code HttpServer} that reads and discards each
 *       batch and answers 200 (delivery without the test kit's parsing and recording of every batch).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class EventsDiagnostics {
  static final FBUser USER = FBUser.builder("user-1").name("User One").custom("plan", "team").build();

  @State(Scope.Benchmark)
  public static class EventsOff {
    FeatBitTestServer server;
    FBClient client;

    @Setup(Level.Trial)
    public void setup() {
      server = FeatBitTestServer.start();
      server.load(TestFlag.bool("s6-flag"));
      client = ready(new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .disableEvents().startWait(Duration.ofSeconds(10)).build()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Outage {
    FeatBitTestServer server;
    FeatBitTestServer events;
    FBClient client;

    @Setup(Level.Trial)
    public void setup() {
      server = FeatBitTestServer.start();
      events = FeatBitTestServer.start(); // stopped below: connection refused
      server.load(TestFlag.bool("s6-flag"));
      client = ready(new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .eventsUrl(events.httpUrl()).startWait(Duration.ofSeconds(10)).build()));
      events.stop();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n[events, outage] " + client.eventStats());
      client.close();
      events.close();
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Discarding {
    FeatBitTestServer server;
    HttpServer sink;
    final AtomicLong batches = new AtomicLong();
    FBClient client;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      server = FeatBitTestServer.start();
      server.load(TestFlag.bool("s6-flag"));
      sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      sink.createContext("/", ex -> {
        try (InputStream in = ex.getRequestBody()) {
          in.readAllBytes();
        }
        batches.incrementAndGet();
        ex.sendResponseHeaders(200, -1);
        ex.close();
      });
      sink.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "discarding-sink");
        t.setDaemon(true);
        return t;
      }));
      sink.start();
      client = ready(new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .eventsUrl("http://127.0.0.1:" + sink.getAddress().getPort()).startWait(Duration.ofSeconds(10)).build()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.flushAndWait(Duration.ofSeconds(10));
      System.out.println("\n[events, discarding] " + client.eventStats() + ", batches received: " + batches.get());
      client.close();
      sink.stop(0);
      server.close();
    }
  }

  static FBClient ready(FBClient client) {
    if (!client.isInitialized() || !client.boolVariation("s6-flag", USER, false)) {
      throw new IllegalStateException("client not ready");
    }
    return client;
  }

  @Benchmark
  public boolean eventsOff(EventsOff s) {
    return s.client.boolVariation("s6-flag", USER, false);
  }

  @Benchmark
  public boolean outage(Outage s) {
    return s.client.boolVariation("s6-flag", USER, false);
  }

  @Benchmark
  public boolean discarding(Discarding s) {
    return s.client.boolVariation("s6-flag", USER, false);
  }
}
