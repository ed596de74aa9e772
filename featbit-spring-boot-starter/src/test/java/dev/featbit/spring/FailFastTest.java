package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.testkit.Secrets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** A bad {@code featbit.*} value stops startup with a message naming the property, never the secret. */
@ExtendWith(OutputCaptureExtension.class)
class FailFastTest {
  static final String SECRET = Secrets.newSecret();
  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(TestSupport.all());

  /** The startup failure's {@link FeatBitConfigurationException}, checked to name {@code property}. */
  FeatBitConfigurationException failure(String property, String... properties) {
    FeatBitConfigurationException[] found = new FeatBitConfigurationException[1];
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasFailed();
      Throwable t = context.getStartupFailure();
      while (t != null && !(t instanceof FeatBitConfigurationException)) {
        t = t.getCause();
      }
      assertThat(t).as("cause chain of %s", context.getStartupFailure()).isNotNull();
      found[0] = (FeatBitConfigurationException) t;
    });
    FeatBitConfigurationException e = found[0];
    assertThat(e.property()).isEqualTo(property);
    assertThat(e.getMessage()).contains(property).doesNotContain(SECRET);
    return e;
  }

  @Test
  void badUrlNamesTheProperty() {
    FeatBitConfigurationException e = failure("featbit.streaming-url", "featbit.env-secret=" + SECRET,
        "featbit.streaming-url=http://featbit.example.com");
    assertThat(e.problems()).containsExactly("featbit.streaming-url: must start with ws:// or wss://");
    assertThat(e.getMessage()).isEqualTo(
        "Invalid FeatBit configuration: featbit.streaming-url: must start with ws:// or wss://");
  }

  @Test
  void missingSecretPointsToOffline() {
    FeatBitConfigurationException e = failure("featbit.env-secret", "featbit.streaming-url=wss://featbit.example.com");
    assertThat(e.problems()).containsExactly("featbit.env-secret: is required unless featbit.offline=true");
  }

  @Test
  void malformedSecretIsNotEchoed() {
    String bad = "not-a-secret-but-still-something-private";
    FeatBitConfigurationException e = failure("featbit.env-secret", "featbit.env-secret=" + bad,
        "featbit.streaming-url=wss://featbit.example.com");
    assertThat(e.getMessage()).doesNotContain(bad);
  }

  @Test
  void nestedPropertiesAreNamedInFullAndEveryProblemIsListed() {
    FeatBitConfigurationException e = failure("featbit.events.batch-size", "featbit.env-secret=" + SECRET,
        "featbit.streaming-url=wss://featbit.example.com", "featbit.events.batch-size=0",
        "featbit.polling.interval=10ms", "featbit.events.max-concurrent-requests=0", "featbit.ping-interval=1ms");
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "featbit.events.batch-size: must be at least 1",
        "featbit.events.max-concurrent-requests: must be at least 1",
        "featbit.ping-interval: must be at least 10 ms",
        "featbit.polling.interval: must be at least 100 ms");
  }

  @Test
  void everyCoreSettingHasAProperty() {
    List<String> settings = List.of("envSecret", "streamingUrl", "eventsUrl", "pollingUrl", "bootstrap",
        "bootstrapFile", "startWait", "dataSyncMode", "regexStepBudget", "pingInterval", "connectTimeout",
        "firstRetryDelay", "maxRetryDelay", "pollingInterval", "pollingRequestTimeout", "pollingFallbackAfter",
        "eventCapacity", "flushInterval", "eventBatchSize", "maxConcurrentEventRequests", "eventMaxAttempts",
        "eventRequestTimeout", "shutdownTimeout");
    assertThat(FeatBitConfigFactory.PROPERTY_OF_SETTING).containsKeys(settings.toArray(new String[0]));
    assertThat(FeatBitConfigFactory.translate("eventRequestTimeout: must be at least 1 ms", false))
        .isEqualTo("featbit.events.request-timeout: must be at least 1 ms");
  }

  @Test
  void badBootstrapDataNamesTheSourceProperty() {
    failure("featbit.bootstrap", "featbit.offline=true", "featbit.bootstrap={not json");
    FeatBitConfigurationException file = failure("featbit.bootstrap-file", "featbit.offline=true",
        "featbit.bootstrap-file=classpath:no-such-file.json");
    assertThat(file.problems().get(0)).startsWith("featbit.bootstrap-file: cannot read class path resource");
    failure("featbit.bootstrap-file", "featbit.offline=true", "featbit.bootstrap-file=file:/no/such/featbit.json");
    failure("featbit.bootstrap-file", "featbit.env-secret=" + SECRET, "featbit.streaming-url=wss://featbit.example.com",
        "featbit.bootstrap-file=classpath:featbit-test-flags.json");
    failure("featbit.bootstrap", "featbit.offline=true", "featbit.bootstrap={}",
        "featbit.bootstrap-file=classpath:featbit-test-flags.json");
  }

  @Test
  void failureAnalyzerExplains() {
    FeatBitConfigurationException e = failure("featbit.streaming-url", "featbit.env-secret=" + SECRET,
        "featbit.streaming-url=ftp://x");
    FailureAnalysis analysis = new FeatBitConfigurationFailureAnalyzer().analyze(new IllegalStateException("wrapper", e));
    assertThat(analysis.getDescription()).contains("featbit.streaming-url: must start with ws:// or wss://");
    assertThat(analysis.getAction()).startsWith("Correct featbit.streaming-url ").contains("featbit.enabled=false");
  }

  @Test
  void applicationStartupReportNamesThePropertyAndNotTheSecret(CapturedOutput output) {
    // the analyzer's action text only appears when META-INF/spring.factories registers it
    SpringApplication app = new SpringApplication(App.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(() -> app.run("--featbit.env-secret=" + SECRET, "--featbit.streaming-url=wss://x.example.com",
        "--featbit.events.flush-interval=1ms", "--spring.main.banner-mode=off")).isNotNull();
    assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
        .contains("featbit.events.flush-interval: must be at least 10 ms")
        .contains("Correct featbit.events.flush-interval")
        .doesNotContain(SECRET);
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({FeatBitAutoConfiguration.class})
  static class App {}
}
