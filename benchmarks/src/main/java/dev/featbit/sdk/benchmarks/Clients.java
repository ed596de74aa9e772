package dev.featbit.sdk.benchmarks;

import com.launchdarkly.sdk.EvaluationDetail;
import com.launchdarkly.sdk.EvaluationReason;
import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.LDValue;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.benchmarks.FlagModel.Flag;
import dev.featbit.sdk.benchmarks.FlagModel.Serve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Creates both SDKs' clients for a data set and proves that they agree on it. */
final class Clients {
  private Clients() {}

  /** An offline FeatBit client bootstrapped with the data set. */
  static FBClient featBit(DataSet ds) {
    FBClient c = new FBClient(FBConfig.builder(null).offline(true).bootstrap(ds.featBitJson()).build());
    if (!c.isInitialized()) {
      throw new IllegalStateException("FeatBit client not initialized");
    }
    for (Flag f : ds.flags) {
      if (!c.isFlagKnown(f.key)) {
        throw new IllegalStateException("FeatBit does not know flag " + f.key);
      }
    }
    return c;
  }

  /** A LaunchDarkly client reading the data set from a flag file, with events off. */
  static LDClient launchDarkly(DataSet ds) {
    Path file;
    try {
      file = Files.createTempFile("ld-flags-", ".json");
      Files.write(file, ds.launchDarklyJson().getBytes(StandardCharsets.UTF_8));
      file.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LDConfig config = new LDConfig.Builder()
        .dataSource(FileData.dataSource().filePaths(file))
        .events(Components.noEvents())
        .diagnosticOptOut(true)
        .startWait(Duration.ofSeconds(10))
        .build();
    LDClient c = new LDClient("sdk-benchmark-not-a-real-key", config);
    if (!c.isInitialized()) {
      throw new IllegalStateException("LaunchDarkly client not initialized (flag file rejected?)");
    }
    return c;
  }

  /** LaunchDarkly value in FeatBit's string form. */
  static String ldText(LDValue v) {
    return v.isString() ? v.stringValue() : v.toJsonString();
  }

  /**
   * Checks that both SDKs take the same path (off / target / rule index / fallthrough) for {@code flag} and
   * serve the same value, except that a percentage rollout may pick different variations (the SDKs hash
   * differently: MD5 vs SHA-1) — then both values must be variations of the flag. Returns the FeatBit value.
   *
   * @throws IllegalStateException on any disagreement
   */
  static String checkEquivalent(Flag flag, FBClient fb, FBUser fbUser, LDClient ld, LDContext ctx) {
    EvalDetail<String> f = fb.stringVariationDetail(flag.key, fbUser, "<fallback>");
    EvaluationDetail<LDValue> l = ld.jsonValueVariationDetail(flag.key, ctx, LDValue.of("<fallback>"));
    EvaluationReason lr = l.getReason();
    if (!f.reason().isServed() || lr.getKind() == EvaluationReason.Kind.ERROR) {
      throw new IllegalStateException(flag.key + ": not served: FeatBit " + f + ", LaunchDarkly " + l);
    }
    if (!f.reason().name().equals(lr.getKind().name())) {
      throw new IllegalStateException(flag.key + ": different paths: FeatBit " + f + ", LaunchDarkly " + l);
    }
    Serve serve = null;
    if (f.reason() == ReasonKind.RULE_MATCH) {
      String expected = "match rule r" + lr.getRuleIndex();
      if (!f.reasonText().equals(expected)) {
        throw new IllegalStateException(flag.key + ": different rules: FeatBit " + f + ", LaunchDarkly " + l);
      }
      serve = flag.rules.get(lr.getRuleIndex()).serve;
    } else if (f.reason() == ReasonKind.FALLTHROUGH) {
      serve = flag.fallthrough;
    }
    String fv = f.value();
    String lv = ldText(l.getValue());
    if (serve != null && serve.isRollout()) {
      if (!flag.values.contains(fv) || !flag.values.contains(lv)) {
        throw new IllegalStateException(flag.key + ": rollout served a non-variation: FeatBit " + f + ", LD " + l);
      }
    } else if (!fv.equals(lv)) {
      throw new IllegalStateException(flag.key + ": different values: FeatBit " + f + ", LaunchDarkly " + l);
    }
    return fv;
  }

  /** {@link #checkEquivalent} for every flag of the data set. */
  static void checkAllEquivalent(DataSet ds, FBClient fb, FBUser fbUser, LDClient ld, LDContext ctx) {
    for (Flag flag : ds.flags) {
      checkEquivalent(flag, fb, fbUser, ld, ctx);
    }
  }

  static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("equivalence check failed: " + what);
    }
  }
}
