package dev.featbit.sdk.benchmarks;

import static dev.featbit.sdk.benchmarks.Clients.require;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.FeatureFlagsState;
import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.internal.eval.BoundedRegex;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * Regex conditions (see {@link RegexScenarios}). S7: the twelve-rule flag on both SDKs; the same twelve
 * patterns on the same inputs with plain {@code Pattern.matcher(String).find()} (the floor, patterns compiled
 * once) and with the SDK's compiled condition ({@code BoundedRegex.find}, an internal class, so this may
 * break when the core changes); the same two for the eleven patterns the SDK proves linear. S8: the
 * all-flags call of a 100-flag mixed set whose rules are regex conditions. S9: four patterns with
 * look-arounds, which have no automaton, on the {@code java.util.regex} path and on the SDK's own matcher
 * (the same pattern followed by {@code (?:(?=)){2}}, which matches nothing and takes it there).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RegexBenchmarks {

  @State(Scope.Benchmark)
  public static class S7 extends EvaluationBenchmarks.Pair {
    FBUser user;
    LDContext ctx;
    String[] inputs;
    Pattern[] floor;
    BoundedRegex[] sdk;
    Pattern[] floorLinear;
    BoundedRegex[] sdkLinear;
    String[] inputsLinear;

    @Setup
    public void setup() {
      DataSet ds = RegexScenarios.s7();
      open(ds);
      Users u = RegexScenarios.regexUser();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      require(fb.stringVariation(RegexScenarios.S7_FLAG, user, "x").equals("rule-12"), "S7 FeatBit rule 12");
      require(ld.stringVariation(RegexScenarios.S7_FLAG, ctx, "x").equals("rule-12"), "S7 LaunchDarkly rule 12");
      int n = RegexScenarios.CONDITIONS.length;
      inputs = RegexScenarios.inputs();
      floor = new Pattern[n];
      sdk = new BoundedRegex[n];
      for (int i = 0; i < n; i++) {
        floor[i] = Pattern.compile(RegexScenarios.CONDITIONS[i][1]);
        String[] error = new String[1];
        sdk[i] = BoundedRegex.compile(RegexScenarios.CONDITIONS[i][1], BoundedRegex.DEFAULT_BUDGET, error);
        require(sdk[i] != null, "S7 compiles " + RegexScenarios.CONDITIONS[i][1] + ": " + error[0]);
        boolean expected = i == n - 1;
        require(floor[i].matcher(inputs[i]).find() == expected, "S7 floor answer of condition " + (i + 1));
        require(sdk[i].find(inputs[i]) == expected, "S7 SDK answer of condition " + (i + 1));
      }
      int[] lin = RegexScenarios.LINEAR;
      floorLinear = new Pattern[lin.length];
      sdkLinear = new BoundedRegex[lin.length];
      inputsLinear = new String[lin.length];
      for (int i = 0; i < lin.length; i++) {
        floorLinear[i] = floor[lin[i]];
        sdkLinear[i] = sdk[lin[i]];
        inputsLinear[i] = inputs[lin[i]];
      }
    }
  }

  @Benchmark
  public String S7_regexRules12_FeatBit(S7 s) {
    return s.fb.stringVariation(RegexScenarios.S7_FLAG, s.user, "x");
  }

  @Benchmark
  public String S7_regexRules12_LaunchDarkly(S7 s) {
    return s.ld.stringVariation(RegexScenarios.S7_FLAG, s.ctx, "x");
  }

  @Benchmark
  public int S7_patterns12_floor(S7 s) {
    int found = 0;
    for (int i = 0; i < s.floor.length; i++) {
      if (s.floor[i].matcher(s.inputs[i]).find()) {
        found++;
      }
    }
    return found;
  }

  @Benchmark
  public int S7_patterns12_FeatBit(S7 s) {
    int found = 0;
    for (int i = 0; i < s.sdk.length; i++) {
      if (s.sdk[i].find(s.inputs[i])) {
        found++;
      }
    }
    return found;
  }

  @Benchmark
  public int S7_linear11_floor(S7 s) {
    int found = 0;
    for (int i = 0; i < s.floorLinear.length; i++) {
      if (s.floorLinear[i].matcher(s.inputsLinear[i]).find()) {
        found++;
      }
    }
    return found;
  }

  @Benchmark
  public int S7_linear11_FeatBit(S7 s) {
    int found = 0;
    for (int i = 0; i < s.sdkLinear.length; i++) {
      if (s.sdkLinear[i].find(s.inputsLinear[i])) {
        found++;
      }
    }
    return found;
  }

  @State(Scope.Benchmark)
  public static class S8 extends EvaluationBenchmarks.Pair {
    FBUser user;
    LDContext ctx;

    @Setup
    public void setup() {
      DataSet ds = RegexScenarios.s8();
      open(ds);
      Users u = RegexScenarios.regexUser();
      user = u.featBit();
      ctx = u.launchDarkly();
      Clients.checkAllEquivalent(ds, fb, user, ld, ctx);
      AllFlagStates all = fb.getAllLatestFlagVariations(user);
      require(all.isValid() && all.size() == 100, "S8 FeatBit all flags: " + all);
      require(ld.allFlagsState(ctx).toValuesMap().size() == 100, "S8 LaunchDarkly all flags");
    }
  }

  @Benchmark
  public AllFlagStates S8_allFlagsRegex100_FeatBit(S8 s) {
    return s.fb.getAllLatestFlagVariations(s.user);
  }

  @Benchmark
  public FeatureFlagsState S8_allFlagsRegex100_LaunchDarkly(S8 s) {
    return s.ld.allFlagsState(s.ctx);
  }

  /** Look-around patterns and the value each is matched against (two match, two do not). */
  static final String[][] LOOKAROUNDS = {
      {"^(?!.*test)[a-z0-9._%+-]+@corp\\.example$", "jane.doe@example.com"},
      {"^(?=.*\\d)(?=.*[a-z])[a-z\\d]{8,}$", "abc12345"},
      {"(?<=@)example\\.com$", "jane.doe@example.com"},
      {"^(?:(?!admin).)*$", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile"},
  };

  @State(Scope.Benchmark)
  public static class S9 {
    BoundedRegex[] javaPath;
    BoundedRegex[] ownMatcher;
    String[] inputs;

    @Setup
    public void setup() {
      int n = LOOKAROUNDS.length;
      javaPath = new BoundedRegex[n];
      ownMatcher = new BoundedRegex[n];
      inputs = new String[n];
      String[] error = new String[1];
      for (int i = 0; i < n; i++) {
        javaPath[i] = BoundedRegex.compile(LOOKAROUNDS[i][0], BoundedRegex.DEFAULT_BUDGET, error);
        ownMatcher[i] = BoundedRegex.compile(LOOKAROUNDS[i][0] + "(?:(?=)){2}", BoundedRegex.DEFAULT_BUDGET, error);
        inputs[i] = LOOKAROUNDS[i][1];
        require(javaPath[i] != null && ownMatcher[i] != null, "S9 compiles " + LOOKAROUNDS[i][0]);
        require(javaPath[i].find(inputs[i]) == ownMatcher[i].find(inputs[i]), "S9 same answer " + LOOKAROUNDS[i][0]);
      }
    }
  }

  @Benchmark
  public int S9_lookarounds4_javaPath(S9 s) {
    int found = 0;
    for (int i = 0; i < s.javaPath.length; i++) {
      if (s.javaPath[i].find(s.inputs[i])) {
        found++;
      }
    }
    return found;
  }

  @Benchmark
  public int S9_lookarounds4_ownMatcher(S9 s) {
    int found = 0;
    for (int i = 0; i < s.ownMatcher.length; i++) {
      if (s.ownMatcher[i].find(s.inputs[i])) {
        found++;
      }
    }
    return found;
  }
}
