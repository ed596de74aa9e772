package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.boolFlag;
import static dev.featbit.sdk.testing.TestData.dataSync;
import static dev.featbit.sdk.testing.TestData.flags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.spi.HookContext;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testsupport.AllowLogs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Evaluation hooks: order, data from before to after, the result they see, failures isolated. */
class HooksTest {
  static final FBUser U = FBUser.builder("user-1").build();

  static FBConfig.Builder offline(Hook... hooks) {
    return FBConfig.builder(null).offline(true).bootstrap(dataSync("full", flags(boolFlag("on"))))
        .hooks(hooks);
  }

  /** Records every stage it sees. */
  static final class Recorder implements Hook {
    final String name;
    final List<String> log;

    Recorder(String name, List<String> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Object beforeEvaluation(HookContext c) {
      log.add(name + " before " + c.method() + " " + c.flagKey() + " " + c.user().key() + " " + c.fallback());
      return name + "-data";
    }

    @Override
    public void afterEvaluation(HookContext c, Object data, EvalDetail<?> d) {
      log.add(name + " after " + data + " " + d.value() + " " + d.reason() + " " + d.errorKind());
    }
  }

  @Test
  void hooksRunInRegistrationOrderAroundEachTypedEvaluation() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (FBClient client = new FBClient(offline(new Recorder("a", log), new Recorder("b", log)).build())) {
      assertThat(client.boolVariation("on", U, false)).isTrue();
      assertThat(log).containsExactly(
          "a before boolVariation on user-1 false",
          "b before boolVariation on user-1 false",
          "a after a-data true FALLTHROUGH NONE",
          "b after b-data true FALLTHROUGH NONE");
      log.clear();
      EvalDetail<String> d = client.stringVariationDetail("missing", U, "x");
      assertThat(d.value()).isEqualTo("x");
      assertThat(log).containsExactly(
          "a before stringVariationDetail missing user-1 x",
          "b before stringVariationDetail missing user-1 x",
          "a after a-data x ERROR FLAG_NOT_FOUND",
          "b after b-data x ERROR FLAG_NOT_FOUND");
      log.clear();
      assertThat(client.intVariation("on", U, 7)).isEqualTo(7);
      assertThat(log).contains("a after a-data 7 WRONG_TYPE WRONG_TYPE");
    }
  }

  @Test
  void everyTypedMethodRunsTheHooks() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (FBClient client = new FBClient(offline(new Recorder("h", log)).build())) {
      client.boolVariation("on", U, false);
      client.boolVariationDetail("on", U, false);
      client.stringVariation("on", U, "");
      client.stringVariationDetail("on", U, "");
      client.intVariation("on", U, 0);
      client.intVariationDetail("on", U, 0);
      client.longVariation("on", U, 0L);
      client.longVariationDetail("on", U, 0L);
      client.doubleVariation("on", U, 0.0);
      client.doubleVariationDetail("on", U, 0.0);
      client.jsonVariation("on", U, "{}");
      client.jsonVariationDetail("on", U, "{}");
      client.jsonValueVariation("on", U, null);
      client.jsonValueVariationDetail("on", U, null);
      assertThat(log.stream().filter(l -> l.startsWith("h before")).map(l -> l.split(" ")[2]))
          .containsExactly("boolVariation", "boolVariationDetail", "stringVariation", "stringVariationDetail",
              "intVariation", "intVariationDetail", "longVariation", "longVariationDetail", "doubleVariation",
              "doubleVariationDetail", "jsonVariation", "jsonVariationDetail", "jsonValueVariation",
              "jsonValueVariationDetail");
      log.clear();
      client.getAllLatestFlagVariations(U);
      client.explain("on", U);
      assertThat(log).isEmpty(); // bulk evaluation and explain run no hooks
    }
  }

  @Test
  @AllowLogs("featbit.client")
  void aHookThatThrowsIsLoggedOnceAndSkippedWithoutChangingTheResult() {
    List<String> log = new CopyOnWriteArrayList<>();
    Hook broken = new Hook() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Object beforeEvaluation(HookContext context) {
        throw new IllegalStateException("before");
      }

      @Override
      public void afterEvaluation(HookContext context, Object data, EvalDetail<?> detail) {
        throw new IllegalStateException("after");
      }
    };
    try (LogCapture logs = new LogCapture();
        FBClient client = new FBClient(offline(broken, new Recorder("ok", log)).build())) {
      for (int i = 0; i < 3; i++) {
        EvalDetail<Boolean> d = client.boolVariationDetail("on", U, false);
        assertThat(d.value()).isTrue();
        assertThat(d.reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      }
      assertThat(log).hasSize(6); // the next hook still runs, with its own data
      assertThat(log.get(1)).isEqualTo("ok after ok-data true FALLTHROUGH NONE");
      assertThat(logs.lines().stream().filter(l -> l.contains("hook 'broken'")))
          .containsExactly(
              "ERROR Evaluation hook 'broken' failed in beforeEvaluation and was skipped: "
                  + "java.lang.IllegalStateException: before",
              "ERROR Evaluation hook 'broken' failed in afterEvaluation and was skipped: "
                  + "java.lang.IllegalStateException: after");
    }
  }

  @Test
  void hooksAreCopiedIntoTheConfiguration() {
    List<String> log = new CopyOnWriteArrayList<>();
    Recorder r = new Recorder("r", log);
    FBConfig c = offline(r).build();
    assertThat(c.hooks()).containsExactly(r);
    assertThat(c.toBuilder().build().hooks()).containsExactly(r);
    assertThat(offline().build().hooks()).isEmpty();
  }
}
