package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.internal.data.JsonTree;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + compile + commit of a full data set of {@code flags} flags with {@code flags / 100} segments, warm
 * ({@code set}: {@code mixed} = {@link Scenarios#mixed}, {@code heavy} = {@link Scenarios#heavy}): {@code FBClient.initializeFromExternalJson(json)} on an offline client
 * parses the JSON text, compiles every flag and segment and publishes the new snapshot (a full replacement).
 *
 * <p>Each operation takes 10-300 ms, so use a long warm-up ({@code -wi 5 -w 4s}): with 3 x 2 s the 10,000-flag
 * case is still being compiled by the JIT during measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 8, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ParseBenchmark {
  @Param({"1000", "10000"})
  public int flags;

  @Param({"mixed", "heavy"})
  public String set;

  private String json;
  private FBClient client;

  @Setup
  public void setup() {
    DataSet ds = Scenarios.dataSet(set, flags);
    json = ds.featBitJson();
    client = new FBClient(FBConfig.builder(null).offline(true).build());
    Clients.require(client.initializeFromExternalJson(json), "data set accepted");
    Clients.require(client.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size() == flags,
        "all " + flags + " flags loaded");
    System.out.printf("%n[ParseBenchmark] %s: %d flags, %d segments, JSON %.1f KiB (%.0f bytes per flag)%n", set,
        flags, ds.segments.size(), json.length() / 1024.0, json.length() / (double) flags);
  }

  @TearDown
  public void close() {
    client.close();
  }

  @Benchmark
  public boolean parseAndCommit() {
    return client.initializeFromExternalJson(json);
  }

  /**
   * Diagnostic: {@code FBConfig.Builder.build()} with the data set as bootstrap data, which reads it completely
   * and compiles it as it is read (kept for the first client built from the configuration, none here); nothing
   * is committed. {@link #parseAndCommit} less this is what committing the compiled data set costs.
   */
  @Benchmark
  public FBConfig parseOnly() {
    return FBConfig.builder(null).offline(true).bootstrap(json).build();
  }

  /** Diagnostic: the JSON reader alone, building the whole tree (no compilation, no envelope decoding). */
  @Benchmark
  public Object readOnly() throws JsonTree.SyntaxError {
    return JsonTree.parse(json);
  }
}
