package dev.featbit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.slf4j.LoggerFactory;

/** The extension fails a test that leaves an SDK thread running or logs an undeclared error, and only then. */
class HygieneExtensionTest {
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  /** The samples run only inside {@link #run}, not when the build's test run finds them. */
  static final String SAMPLES = "dev.featbit.testsupport.HygieneExtensionTest#runningSamples";
  private static volatile boolean runningSamples;

  static boolean runningSamples() {
    return runningSamples;
  }

  static EngineExecutionResults run(Class<?> sample) {
    runningSamples = true;
    try {
      return EngineTestKit.engine("junit-jupiter")
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
          .selectors(selectClass(sample)).execute();
    } finally {
      runningSamples = false;
    }
  }

  static List<String> failures(EngineExecutionResults r) {
    return r.allEvents().failed().stream().map(Event::getPayload)
        .map(p -> p.map(Object::toString).orElse("")).collect(Collectors.toList());
  }

  @EnabledIf(SAMPLES)
  static class LeavesAThread {
    @Test
    void test() {
      new Thread(() -> {
        try {
          RELEASE.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "featbit-sample-leak").start();
    }
  }

  @EnabledIf(SAMPLES)
  static class StopsItsThreadWithinTheGrace {
    @Test
    void test() {
      new Thread(() -> LockSupport.parkNanos(200_000_000L), "featbit-sample-short").start();
    }
  }

  @EnabledIf(SAMPLES)
  static class LogsAnError {
    @Test
    void test() {
      LoggerFactory.getLogger("featbit.sample").error("sample failure");
    }
  }

  @AllowLogs("featbit")
  @EnabledIf(SAMPLES)
  static class DeclaresTheErrorOfItsLogger {
    @Test
    void test() {
      LoggerFactory.getLogger("featbit.sample").error("sample failure");
    }
  }

  @EnabledIf(SAMPLES)
  static class DeclaresAnotherLogger {
    @Test
    @AllowLogs("featbit.other")
    void test() {
      LoggerFactory.getLogger("featbit.sample").error("sample failure");
    }
  }

  @EnabledIf(SAMPLES)
  static class LogsAWarning {
    @Test
    void test() {
      LoggerFactory.getLogger("featbit.sample").warn("sample warning");
    }
  }

  @Test
  void aThreadLeftRunningFailsTheTest() throws Exception {
    EngineExecutionResults r = run(LeavesAThread.class);
    RELEASE.countDown();
    assertThat(failures(r)).anySatisfy(f -> assertThat(f).contains("featbit-sample-leak").contains("still running"));
  }

  @Test
  void aThreadEndingWithinTheGracePasses() {
    EngineExecutionResults r = run(StopsItsThreadWithinTheGrace.class);
    assertThat(failures(r)).isEmpty();
    r.testEvents().assertStatistics(s -> s.succeeded(1));
  }

  @Test
  void anUndeclaredErrorLogFailsTheTest() {
    assertThat(failures(run(LogsAnError.class)))
        .anySatisfy(f -> assertThat(f).contains("ERROR logged by featbit.sample: sample failure"));
    assertThat(failures(run(DeclaresAnotherLogger.class))).anySatisfy(f -> assertThat(f).contains("featbit.sample"));
  }

  @Test
  void aDeclaredErrorLogAndAWarningPass() {
    assertThat(failures(run(DeclaresTheErrorOfItsLogger.class))).isEmpty();
    assertThat(failures(run(LogsAWarning.class))).isEmpty();
  }

  /** CONTRIBUTING.md states the time the extension gives a test's threads to end. */
  @Test
  void contributingStatesTheGracePeriod() throws Exception {
    String contributing = java.nio.file.Files.readString(java.nio.file.Path.of("../CONTRIBUTING.md"));
    assertThat(contributing.replaceAll("\\s+", " "))
        .contains("still alive " + HygieneExtension.GRACE_MILLIS / 1000 + " s after it");
  }
}
