package dev.featbit.sdk.benchmarks;

import static dev.featbit.sdk.benchmarks.Clients.require;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.LDValue;
import com.launchdarkly.sdk.server.FeatureFlagsState;
import com.launchdarkly.sdk.server.LDClient;
import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.benchmarks.FlagModel.Flag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-flag evaluation (S1-S4) and all-flags evaluation (S5): each scenario has a FeatBit and a LaunchDarkly
 * method on equivalent flags (see {@link Scenarios}). Every {@code @Setup} proves that both SDKs serve the same
 * result for the benchmarked input (and throws otherwise), so a number here is never for a wrong answer.
 *
 * <p>Both clients run without events (FeatBit offline, LaunchDarkly {@code Components.noEvents()} with a flag
 * file data source). Results are returned to JMH so the JIT cannot drop the work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EvaluationBenchmarks {

  /** Both clients for one data set; closed after the trial. */
  abstract static class Pair {
    FBClient fb;
    LDClient ld;

    void open(DataSet ds) {
      fb = Clients.featBit(ds);
      ld = Clients.launchDarkly(ds);
    }

    @TearDown
    public void close() throws IOException {
      fb.close();
      ld.close();
    }
  }

  // ------------------------------------------------------------------------------------------ S1

  @State(Scope.Benchmark)
  public static class S1 extends Pair {
    FBUser user;
    LDContext ctx;

    @Setup
    public void setup() {
      DataSet ds = Scenarios.s1();
      open(ds);
      Users u = Scenarios.benchUser();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      require(fb.boolVariation(Scenarios.S1_FLAG, user, false), "S1 FeatBit serves true");
      require(ld.boolVariation(Scenarios.S1_FLAG, ctx, false), "S1 LaunchDarkly serves true");
      require(fb.boolVariationDetail(Scenarios.S1_FLAG, user, false).reason() == ReasonKind.FALLTHROUGH,
          "S1 FeatBit fallthrough");
    }
  }

  /**
   * Harness cost: the same state access and return as S1 without any SDK call (reads the user's key). Not a
   * scenario; it shows how much of a few-nanosecond result is JMH itself.
   */
  @Benchmark
  public String S0_harnessBaseline(S1 s) {
    return s.user.key();
  }

  @Benchmark
  public boolean S1_fallthrough_FeatBit(S1 s) {
    return s.fb.boolVariation(Scenarios.S1_FLAG, s.user, false);
  }

  @Benchmark
  public boolean S1_fallthrough_LaunchDarkly(S1 s) {
    return s.ld.boolVariation(Scenarios.S1_FLAG, s.ctx, false);
  }

  // ------------------------------------------------------------------------------------------ S2

  @State(Scope.Benchmark)
  public static class S2 extends Pair {
    FBUser user;
    LDContext ctx;

    @Setup
    public void setup() {
      DataSet ds = Scenarios.s2();
      open(ds);
      Users u = Scenarios.s2User();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      require(fb.boolVariation(Scenarios.S2_FLAG, user, false), "S2 FeatBit serves true");
      require(ld.boolVariation(Scenarios.S2_FLAG, ctx, false), "S2 LaunchDarkly serves true");
      require(fb.boolVariationDetail(Scenarios.S2_FLAG, user, false).reason() == ReasonKind.TARGET_MATCH,
          "S2 FeatBit target match");
      // a user outside the list falls through to false in both
      Users other = Scenarios.benchUser();
      Clients.checkAllEquivalent(ds, fb, other.featBit(), ld, other.launchDarkly());
      require(!fb.boolVariation(Scenarios.S2_FLAG, other.featBit(), true), "S2 FeatBit non-target false");
      require(!ld.boolVariation(Scenarios.S2_FLAG, other.launchDarkly(), true), "S2 LaunchDarkly non-target false");
    }
  }

  @Benchmark
  public boolean S2_target100_FeatBit(S2 s) {
    return s.fb.boolVariation(Scenarios.S2_FLAG, s.user, false);
  }

  @Benchmark
  public boolean S2_target100_LaunchDarkly(S2 s) {
    return s.ld.boolVariation(Scenarios.S2_FLAG, s.ctx, false);
  }

  // ------------------------------------------------------------------------------------------ S3

  @State(Scope.Benchmark)
  public static class S3 extends Pair {
    FBUser user;
    LDContext ctx;

    @Setup
    public void setup() {
      DataSet ds = Scenarios.s3();
      open(ds);
      Users u = Scenarios.benchUser();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      EvalDetail<String> d = fb.stringVariationDetail(Scenarios.S3_FLAG, user, "x");
      require(d.value().equals("rule-5") && d.reasonText().equals("match rule r4"), "S3 FeatBit rule 5: " + d);
      require(ld.stringVariation(Scenarios.S3_FLAG, ctx, "x").equals("rule-5"), "S3 LaunchDarkly rule 5");
      require(ld.stringVariationDetail(Scenarios.S3_FLAG, ctx, "x").getReason().getRuleIndex() == 4,
          "S3 LaunchDarkly rule index 4");
    }
  }

  @Benchmark
  public String S3_fiveRulesLastMatches_FeatBit(S3 s) {
    return s.fb.stringVariation(Scenarios.S3_FLAG, s.user, "x");
  }

  @Benchmark
  public String S3_fiveRulesLastMatches_LaunchDarkly(S3 s) {
    return s.ld.stringVariation(Scenarios.S3_FLAG, s.ctx, "x");
  }

  // ------------------------------------------------------------------------------------------ S4

  /** Thread-scoped: the user index advances on every call, so every call hashes another user. */
  @State(Scope.Thread)
  public static class S4 extends Pair {
    FBUser[] users;
    LDContext[] ctxs;
    int next;

    @Setup
    public void setup() throws NoSuchAlgorithmException {
      DataSet ds = Scenarios.s4();
      open(ds);
      List<Users> us = Scenarios.s4Users();
      users = new FBUser[us.size()];
      ctxs = new LDContext[us.size()];
      Flag flag = ds.flag(Scenarios.S4_FLAG);
      Map<String, Integer> fbCount = new HashMap<>();
      Map<String, Integer> ldCount = new HashMap<>();
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (int i = 0; i < us.size(); i++) {
        users[i] = us.get(i).featBit();
        ctxs[i] = us.get(i).launchDarkly();
        String fv = Clients.checkEquivalent(flag, fb, users[i], ld, ctxs[i]);
        String lv = ld.stringVariation(Scenarios.S4_FLAG, ctxs[i], "x");
        // FeatBit must follow the spec's dispatch algorithm (section 6.7) exactly
        byte[] h = md5.digest((Scenarios.S4_FLAG + us.get(i).key()).getBytes(StandardCharsets.UTF_8));
        int n = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16 | (h[3] & 0xff) << 24;
        double p = Math.abs((double) n / Integer.MIN_VALUE);
        String expected = p <= 0.34 ? "a" : p <= 0.67 ? "b" : "c";
        require(fv.equals(expected), "S4 FeatBit bucket of user " + i + ": " + fv + " != " + expected);
        fbCount.merge(fv, 1, Integer::sum);
        ldCount.merge(lv, 1, Integer::sum);
      }
      // both SDKs really spread the users 34/33/33 (within 5 points)
      double[] share = {0.34, 0.33, 0.33};
      String[] names = {"a", "b", "c"};
      for (int v = 0; v < 3; v++) {
        double fs = fbCount.getOrDefault(names[v], 0) / (double) us.size();
        double ls = ldCount.getOrDefault(names[v], 0) / (double) us.size();
        require(Math.abs(fs - share[v]) < 0.05, "S4 FeatBit share of " + names[v] + " = " + fs);
        require(Math.abs(ls - share[v]) < 0.05, "S4 LaunchDarkly share of " + names[v] + " = " + ls);
      }
    }
  }

  @Benchmark
  public String S4_rollout3way_FeatBit(S4 s) {
    int i = s.next++ & (Scenarios.S4_USERS - 1);
    return s.fb.stringVariation(Scenarios.S4_FLAG, s.users[i], "x");
  }

  @Benchmark
  public String S4_rollout3way_LaunchDarkly(S4 s) {
    int i = s.next++ & (Scenarios.S4_USERS - 1);
    return s.ld.stringVariation(Scenarios.S4_FLAG, s.ctxs[i], "x");
  }

  // ------------------------------------------------------------------------------------------ S5

  @State(Scope.Benchmark)
  public static class S5 extends Pair {
    FBUser user;
    LDContext ctx;

    @Setup
    public void setup() {
      DataSet ds = Scenarios.mixed(Scenarios.S5_FLAGS);
      open(ds);
      Users u = Scenarios.benchUser();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      AllFlagStates all = fb.getAllLatestFlagVariations(user);
      FeatureFlagsState lall = ld.allFlagsState(ctx);
      require(all.isValid() && all.size() == Scenarios.S5_FLAGS, "S5 FeatBit all flags: " + all);
      require(lall.isValid() && lall.toValuesMap().size() == Scenarios.S5_FLAGS, "S5 LaunchDarkly all flags");
      Map<ReasonKind, Integer> paths = new HashMap<>();
      for (Flag f : ds.flags) {
        String single = fb.stringVariation(f.key, user, "x");
        require(single.equals(all.stringValue(f.key, "<missing>")), "S5 FeatBit bulk = single for " + f.key);
        LDValue lv = lall.getFlagValue(f.key);
        require(lv != null && lv.equals(ld.jsonValueVariation(f.key, ctx, LDValue.ofNull())),
            "S5 LaunchDarkly bulk = single for " + f.key);
        paths.merge(all.get(f.key).reason(), 1, Integer::sum);
      }
      // the mixed set exercises every path for this user
      for (ReasonKind k : new ReasonKind[] {ReasonKind.OFF, ReasonKind.TARGET_MATCH, ReasonKind.RULE_MATCH,
          ReasonKind.FALLTHROUGH}) {
        require(paths.getOrDefault(k, 0) > 0, "S5 has a " + k + " flag: " + paths);
      }
    }
  }

  @Benchmark
  public AllFlagStates S5_allFlags100_FeatBit(S5 s) {
    return s.fb.getAllLatestFlagVariations(s.user);
  }

  @Benchmark
  public FeatureFlagsState S5_allFlags100_LaunchDarkly(S5 s) {
    return s.ld.allFlagsState(s.ctx);
  }
}
