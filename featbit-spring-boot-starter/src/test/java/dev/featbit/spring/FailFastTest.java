package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.testkit.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        "featbit.data-sync.polling-interval=10ms", "featbit.events.max-concurrent-requests=0",
        "featbit.data-sync.ping-interval=1ms");
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "featbit.events.batch-size: must be at least 1",
        "featbit.events.max-concurrent-requests: must be at least 1",
        "featbit.data-sync.ping-interval: must be at least 10 ms",
        "featbit.data-sync.polling-interval: must be at least 100 ms");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "featbit.start-wait                      | -1s     | must not be negative",
      "featbit.regex-step-budget               | 0       | must be at least 1",
      "featbit.data-sync.ping-interval         | 1ms     | must be at least 10 ms",
      "featbit.data-sync.first-retry-delay     | 0ms     | must be at least 1 ms",
      "featbit.data-sync.max-retry-delay       | 0ms     | must be at least 1000 ms",
      "featbit.data-sync.polling-interval      | 10ms    | must be at least 100 ms",
      "featbit.data-sync.polling-request-timeout | 0ms   | must be at least 1 ms",
      "featbit.events.capacity                 | 0       | must be at least 1",
      "featbit.events.flush-interval           | 1ms     | must be at least 10 ms",
      "featbit.events.batch-size               | 0       | must be at least 1",
      "featbit.events.max-concurrent-requests  | 0       | must be at least 1",
      "featbit.events.max-attempts             | 0       | must be at least 1",
      "featbit.events.request-timeout          | 0ms     | must be at least 1 ms",
      "featbit.events.shutdown-timeout         | -1s     | must not be negative",
      "featbit.http.connect-timeout            | 0ms     | must be at least 1 ms",
      "featbit.http.proxy.port                 | 70000   | must be between 1 and 65535",
      "featbit.http.proxy.port                 | 0       | must be between 1 and 65535"})
  void aBadValueNamesItsFullPropertyPath(String property, String value, String problem) {
    FeatBitConfigurationException e = failure(property, "featbit.env-secret=" + SECRET,
        "featbit.streaming-url=wss://featbit.example.com", "featbit.http.proxy.host=proxy.example.com",
        "featbit.http.proxy.port=3128", property + "=" + value);
    assertThat(e.problems()).containsExactly(property + ": " + problem);
  }

  @Test
  void httpProblemsNameTheirPropertyAndNoCredential() {
    String password = "pr0xy-Pa55-" + System.nanoTime();
    FeatBitConfigurationException e = failure("featbit.http.proxy.username", TestSupport.offline()[0],
        "featbit.http.proxy.host=proxy.example.com", "featbit.http.proxy.port=3128",
        "featbit.http.proxy.password=" + password);
    assertThat(e.problems()).containsExactly(
        "featbit.http.proxy.username: is required with featbit.http.proxy.password");
    assertThat(e.getMessage()).doesNotContain(password);
    e = failure("featbit.http.proxy.port", TestSupport.offline()[0], "featbit.http.proxy.host=proxy.example.com");
    assertThat(e.problems()).containsExactly("featbit.http.proxy.port: is required with featbit.http.proxy.host");
    e = failure("featbit.http.proxy.host", TestSupport.offline()[0], "featbit.http.proxy.port=3128");
    String token = "tok-" + System.nanoTime();
    e = failure("featbit.http.headers", TestSupport.offline()[0], "featbit.http.headers.Authorization=" + token);
    assertThat(e.problems()).containsExactly(
        "featbit.http.headers: 'Authorization' is set by the SDK and cannot be replaced");
    assertThat(e.getMessage()).doesNotContain(token);
  }

  @Test
  void modeNoneNeedsAStoreOrOffline() {
    FeatBitConfigurationException e = failure("featbit.data-sync.mode", "featbit.env-secret=" + SECRET,
        "featbit.streaming-url=wss://featbit.example.com", "featbit.data-sync.mode=none");
    assertThat(e.problems().get(0)).startsWith("featbit.data-sync.mode: none needs a persistent data store")
        .contains("featbit.offline=true");
  }

  @Test
  void everyCoreSettingHasAProperty() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("envSecret", "featbit.env-secret");
    expected.put("streamingUrl", "featbit.streaming-url");
    expected.put("eventsUrl", "featbit.events-url");
    expected.put("pollingUrl", "featbit.polling-url");
    expected.put("bootstrap", "featbit.bootstrap");
    expected.put("bootstrapFile", "featbit.bootstrap-file");
    expected.put("startWait", "featbit.start-wait");
    expected.put("regexStepBudget", "featbit.regex-step-budget");
    expected.put("dataSync", "featbit.data-sync.mode");
    expected.put("dataSyncMode", "featbit.data-sync.mode");
    expected.put("pingInterval", "featbit.data-sync.ping-interval");
    expected.put("firstRetryDelay", "featbit.data-sync.first-retry-delay");
    expected.put("maxRetryDelay", "featbit.data-sync.max-retry-delay");
    expected.put("pollingInterval", "featbit.data-sync.polling-interval");
    expected.put("pollingRequestTimeout", "featbit.data-sync.polling-request-timeout");
    expected.put("pollingFallbackAfter", "featbit.data-sync.polling-fallback-after");
    expected.put("eventCapacity", "featbit.events.capacity");
    expected.put("flushInterval", "featbit.events.flush-interval");
    expected.put("eventBatchSize", "featbit.events.batch-size");
    expected.put("maxConcurrentEventRequests", "featbit.events.max-concurrent-requests");
    expected.put("eventMaxAttempts", "featbit.events.max-attempts");
    expected.put("eventRequestTimeout", "featbit.events.request-timeout");
    expected.put("shutdownTimeout", "featbit.events.shutdown-timeout");
    expected.put("connectTimeout", "featbit.http.connect-timeout");
    expected.put("http.header", "featbit.http.headers");
    expected.put("http.proxy", "featbit.http.proxy");
    expected.forEach((setting, property) ->
        assertThat(FeatBitConfigFactory.property(setting, false)).as(setting).isEqualTo(property));
    assertThat(PropertyPaths.all()).containsAll(expected.values().stream()
        .filter(p -> !p.equals("featbit.http.proxy")).toList());
    assertThat(FeatBitConfigFactory.property("bootstrap", true)).isEqualTo("featbit.bootstrap-file");
    assertThat(FeatBitConfigFactory.translate("eventRequestTimeout: must be at least 1 ms", false))
        .isEqualTo("featbit.events.request-timeout: must be at least 1 ms");
    assertThat(FeatBitConfigFactory.translate("http.proxy: port must be between 1 and 65535", false))
        .isEqualTo("featbit.http.proxy.port: must be between 1 and 65535");
    // a setting only code makes keeps the core's name
    assertThat(FeatBitConfigFactory.translate("dataStore.cacheTtl: must be at least 10 ms", false))
        .isEqualTo("dataStore.cacheTtl: must be at least 10 ms");
  }

  @Test
  void aCodeOnlySettingPointsToTheCustomizers() {
    FeatBitConfigurationException e = new FeatBitConfigurationException("dataStore.cacheTtl",
        List.of("dataStore.cacheTtl: must be at least 10 ms"), null);
    FailureAnalysis analysis = new FeatBitConfigurationFailureAnalyzer().analyze(e, e);
    assertThat(analysis.getAction()).startsWith("Correct dataStore.cacheTtl in the application's FBConfigCustomizer");
  }

  @Test
  void badBootstrapDataNamesTheSourceProperty() {
    failure("featbit.bootstrap", "featbit.offline=true", "featbit.bootstrap={not json");
    FeatBitConfigurationException file = failure("featbit.bootstrap-file", "featbit.offline=true",
        "featbit.bootstrap-file=classpath:no-such-file.json");
    assertThat(file.problems().get(0)).startsWith("featbit.bootstrap-file: cannot read class path resource");
    failure("featbit.bootstrap-file", "featbit.offline=true", "featbit.bootstrap-file=file:/no/such/featbit.json");
    // online, bootstrap data is allowed: served until the server's first data set (the client does not wait)
    runner.withPropertyValues("featbit.env-secret=" + SECRET, "featbit.streaming-url=ws://127.0.0.1:1",
        "featbit.bootstrap-file=classpath:featbit-test-flags.json").run(context -> assertThat(context).hasNotFailed());
    failure("featbit.bootstrap", "featbit.offline=true", "featbit.bootstrap={}",
        "featbit.bootstrap-file=classpath:featbit-test-flags.json");
  }

  /** {@code featbit.env-secret=${FEATBIT_ENV_SECRET}} with the variable not set says to set it. */
  @Test
  void unresolvedPlaceholderSaysWhatToSet() {
    Assumptions.assumeTrue(System.getenv("FEATBIT_ENV_SECRET") == null, "FEATBIT_ENV_SECRET is set here");
    FeatBitConfigurationException e = failure("featbit.env-secret", "featbit.env-secret=${FEATBIT_ENV_SECRET}",
        "featbit.streaming-url=wss://featbit.example.com");
    assertThat(e.problems()).containsExactly(
        "featbit.env-secret: unresolved placeholder: set FEATBIT_ENV_SECRET (the value is ${FEATBIT_ENV_SECRET})");
  }

  @Test
  void unresolvedPlaceholdersInUrlsAreNamedToo() {
    FeatBitConfigurationException e = failure("featbit.env-secret",
        "featbit.env-secret=${FEATBIT_TEST_NEVER_SET_SECRET}", "featbit.streaming-url=${FEATBIT_TEST_NEVER_SET_URL}");
    assertThat(e.problems()).containsExactly(
        "featbit.env-secret: unresolved placeholder: set FEATBIT_TEST_NEVER_SET_SECRET (the value is "
            + "${FEATBIT_TEST_NEVER_SET_SECRET})",
        "featbit.streaming-url: unresolved placeholder: set FEATBIT_TEST_NEVER_SET_URL (the value is "
            + "${FEATBIT_TEST_NEVER_SET_URL})");
  }

  /** A bare absolute path is a class path location for Spring: the failure says to write {@code file:}. */
  @Test
  void bootstrapFileWithoutPrefixSaysToUseFile(@TempDir Path dir) throws Exception {
    Path flags = dir.resolve("flags.json").toAbsolutePath();
    Files.writeString(flags, "{\"featureFlags\":[],\"segments\":[]}");
    FeatBitConfigurationException e = failure("featbit.bootstrap-file", "featbit.offline=true",
        "featbit.bootstrap-file=" + flags);
    assertThat(e.problems().get(0)).startsWith("featbit.bootstrap-file: cannot read class path resource")
        .endsWith("a value without a prefix is read from the class path: for the file " + flags + " write "
            + "featbit.bootstrap-file=file:" + flags);
    FeatBitConfigurationException missing = failure("featbit.bootstrap-file", "featbit.offline=true",
        "featbit.bootstrap-file=/no/such/featbit-flags.json");
    assertThat(missing.problems().get(0)).endsWith("a file needs the file: prefix "
        + "(featbit.bootstrap-file=file:/path/to/flags.json)");
    runner.withPropertyValues("featbit.offline=true", "featbit.bootstrap-file=file:" + flags)
        .run(context -> assertThat(context).hasNotFailed());
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
