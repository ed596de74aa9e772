package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.internal.eval.Dispatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagnostic, not a scenario: the cost of one FeatBit percentage bucket (spec 6.7, MD5 of flag key + user key)
 * as computed by the SDK's own {@code Dispatch.bucket} (an internal class, so this may break when the core
 * changes) against the JDK's {@code MessageDigest("MD5")} (HotSpot intrinsic on x86_64), on the 1024 S4 keys.
 * Both return the same bucket (checked in {@code @Setup}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DispatchHashProbe {
  byte[] prefix = Scenarios.S4_FLAG.getBytes(StandardCharsets.UTF_8);
  String[] keys = new String[1024];
  MessageDigest md5;
  int next;

  @Setup
  public void setup() throws Exception {
    md5 = MessageDigest.getInstance("MD5");
    List<Users> users = Scenarios.s4Users();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = users.get(i).key();
    }
    for (int i = 0; i < keys.length; i++) {
      next = i;
      double a = featbitDispatch();
      next = i;
      double b = jdkMd5();
      if (a != b) {
        throw new IllegalStateException("different buckets for " + keys[i] + ": " + a + " / " + b);
      }
    }
    next = 0;
  }

  @Benchmark
  public double featbitDispatch() {
    return Dispatch.bucket(Scenarios.S4_FLAG, keys[next++ & 1023]);
  }

  @Benchmark
  public double jdkMd5() {
    md5.update(prefix);
    byte[] h = md5.digest(keys[next++ & 1023].getBytes(StandardCharsets.UTF_8));
    int n = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16 | (h[3] & 0xff) << 24;
    return Math.abs((double) n / Integer.MIN_VALUE);
  }
}
