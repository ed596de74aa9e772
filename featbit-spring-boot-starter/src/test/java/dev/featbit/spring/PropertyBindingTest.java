package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Every {@code featbit.*} property reaches the {@link FBConfig}; defaults equal the core's. */
class PropertyBindingTest {
  static FeatBitTestServer server;
  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(TestSupport.all());

  @BeforeAll
  static void startServer() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void everyOptionIsBound() {
    runner.withPropertyValues(
        "featbit.env-secret=" + server.secret(),
        "featbit.streaming-url=" + server.streamingUrl() + "/",
        "featbit.events-url=" + server.httpUrl() + "/events/",
        "featbit.polling-url=" + server.httpUrl(),
        "featbit.offline=false",
        "featbit.start-wait=3s",
        "featbit.data-sync-mode=polling",
        "featbit.regex-step-budget=5000",
        "featbit.evaluation-metrics=false",
        "featbit.ping-interval=15s",
        "featbit.connect-timeout=2s",
        "featbit.first-retry-delay=250ms",
        "featbit.max-retry-delay=20s",
        "featbit.polling.interval=45s",
        "featbit.polling.request-timeout=3s",
        "featbit.polling.fallback-after=90s",
        "featbit.events.enabled=true",
        "featbit.events.capacity=500",
        "featbit.events.flush-interval=200ms",
        "featbit.events.batch-size=20",
        "featbit.events.max-concurrent-requests=3",
        "featbit.events.max-attempts=5",
        "featbit.events.request-timeout=4s",
        "featbit.events.shutdown-timeout=2s",
        "featbit.web.enabled=true",
        "featbit.web.user-header=X-Customer",
        "featbit.web.anonymous-key=guest")
        .run(context -> {
          assertThat(context).hasNotFailed();
          FBConfig c = context.getBean(FBConfig.class);
          assertThat(context.getBean(FBClient.class).config()).isSameAs(c);
          assertThat(c.envSecret()).isEqualTo(server.secret());
          assertThat(c.streamingUrl()).isEqualTo(server.streamingUrl());
          assertThat(c.eventsUrl()).isEqualTo(server.httpUrl() + "/events");
          assertThat(c.pollingUrl()).isEqualTo(server.httpUrl());
          assertThat(c.isOffline()).isFalse();
          assertThat(c.startWait()).isEqualTo(Duration.ofSeconds(3));
          assertThat(c.dataSyncMode()).isEqualTo(FBConfig.DataSyncMode.POLLING);
          assertThat(c.regexStepBudget()).isEqualTo(5000);
          assertThat(c.isEvaluationMetricsEnabled()).isFalse();
          assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(15));
          assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(c.firstRetryDelay()).isEqualTo(Duration.ofMillis(250));
          assertThat(c.maxRetryDelay()).isEqualTo(Duration.ofSeconds(20));
          assertThat(c.pollingInterval()).isEqualTo(Duration.ofSeconds(45));
          assertThat(c.pollingRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(c.pollingFallbackAfter()).isEqualTo(Duration.ofSeconds(90));
          assertThat(c.isEventsDisabled()).isFalse();
          assertThat(c.eventCapacity()).isEqualTo(500);
          assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(200));
          assertThat(c.eventBatchSize()).isEqualTo(20);
          assertThat(c.maxConcurrentEventRequests()).isEqualTo(3);
          assertThat(c.eventMaxAttempts()).isEqualTo(5);
          assertThat(c.eventRequestTimeout()).isEqualTo(Duration.ofSeconds(4));
          assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
          FeatBitProperties.Web web = context.getBean(FeatBitProperties.class).getWeb();
          assertThat(web.isEnabled()).isTrue();
          assertThat(web.getUserHeader()).isEqualTo("X-Customer");
          assertThat(web.getAnonymousKey()).isEqualTo("guest");
          // polling mode against the test kit: the client got its data
          assertThat(context.getBean(FBClient.class).isInitialized()).isTrue();
        });
  }

  @Test
  void propertyDefaultsAreTheCoreDefaults() {
    FeatBitProperties p = new FeatBitProperties();
    assertThat(p.isEnabled()).isTrue();
    assertThat(p.isOffline()).isFalse();
    assertThat(p.getStartWait()).isEqualTo(FBConfig.DEFAULT_START_WAIT);
    assertThat(p.getDataSyncMode()).isEqualTo(FBConfig.DataSyncMode.STREAMING);
    assertThat(p.getRegexStepBudget()).isEqualTo(FBConfig.DEFAULT_REGEX_STEP_BUDGET);
    assertThat(p.isEvaluationMetrics()).isTrue();
    assertThat(p.getPingInterval()).isEqualTo(FBConfig.DEFAULT_PING_INTERVAL);
    assertThat(p.getConnectTimeout()).isEqualTo(FBConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(p.getFirstRetryDelay()).isEqualTo(FBConfig.DEFAULT_FIRST_RETRY_DELAY);
    assertThat(p.getMaxRetryDelay()).isEqualTo(FBConfig.DEFAULT_MAX_RETRY_DELAY);
    assertThat(p.getPolling().getInterval()).isEqualTo(FBConfig.DEFAULT_POLLING_INTERVAL);
    assertThat(p.getPolling().getRequestTimeout()).isEqualTo(FBConfig.DEFAULT_POLLING_REQUEST_TIMEOUT);
    assertThat(p.getPolling().getFallbackAfter()).isEqualTo(FBConfig.DEFAULT_POLLING_FALLBACK_AFTER);
    assertThat(p.getEvents().isEnabled()).isTrue();
    assertThat(p.getEvents().getCapacity()).isEqualTo(FBConfig.DEFAULT_EVENT_CAPACITY);
    assertThat(p.getEvents().getFlushInterval()).isEqualTo(FBConfig.DEFAULT_FLUSH_INTERVAL);
    assertThat(p.getEvents().getBatchSize()).isEqualTo(FBConfig.DEFAULT_EVENT_BATCH_SIZE);
    assertThat(p.getEvents().getMaxConcurrentRequests()).isEqualTo(FBConfig.DEFAULT_MAX_CONCURRENT_EVENT_REQUESTS);
    assertThat(p.getEvents().getMaxAttempts()).isEqualTo(FBConfig.DEFAULT_EVENT_MAX_ATTEMPTS);
    assertThat(p.getEvents().getRequestTimeout()).isEqualTo(FBConfig.DEFAULT_EVENT_REQUEST_TIMEOUT);
    assertThat(p.getEvents().getShutdownTimeout()).isEqualTo(FBConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    assertThat(p.getWeb().isEnabled()).isTrue();
    assertThat(p.getWeb().getUserHeader()).isEqualTo("X-User-Id");
    assertThat(p.getWeb().getAnonymousKey()).isNull();
  }

  @Test
  void onlineDefaultsGiveTheCoreDefaultConfiguration() {
    runner.withPropertyValues("featbit.env-secret=" + server.secret(), "featbit.streaming-url=" + server.streamingUrl())
        .run(context -> {
          FBConfig c = context.getBean(FBConfig.class);
          FBConfig core = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).build();
          assertThat(c.eventsUrl()).isEqualTo(core.eventsUrl()).isEqualTo(server.httpUrl());
          assertThat(c.pollingUrl()).isEqualTo(core.pollingUrl());
          assertThat(c.pollingFallbackAfter()).isEqualTo(core.pollingFallbackAfter());
          assertThat(c.isEventsDisabled()).isFalse();
          assertThat(c.dataSyncMode()).isEqualTo(FBConfig.DataSyncMode.STREAMING);
          assertThat(c.isEvaluationMetricsEnabled()).as("Micrometer is on the test classpath").isTrue();
          assertThat(context.getBean(FBClient.class).isInitialized()).isTrue();
        });
  }

  @Test
  void evaluationMetricsNeedMicrometerAndTheProperty() {
    runner.withPropertyValues(TestSupport.offline()).withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context.getBean(FBConfig.class).isEvaluationMetricsEnabled()).isFalse());
    runner.withPropertyValues(TestSupport.offline()).withPropertyValues("featbit.evaluation-metrics=false")
        .run(context -> assertThat(context.getBean(FBConfig.class).isEvaluationMetricsEnabled()).isFalse());
    runner.withPropertyValues(TestSupport.offline())
        .run(context -> assertThat(context.getBean(FBClient.class).evaluationStats().isEnabled()).isTrue());
  }

  @Test
  void eventsOffAndFallbackOff() {
    runner.withPropertyValues(TestSupport.online(server))
        .withPropertyValues("featbit.events.enabled=false", "featbit.polling.fallback-after=0")
        .run(context -> {
          FBConfig c = context.getBean(FBConfig.class);
          assertThat(c.isEventsDisabled()).isTrue();
          assertThat(c.pollingFallbackAfter()).isNull();
        });
  }

  @Test
  void offlineFromInlineJsonClasspathAndFileResources(@TempDir Path dir) throws Exception {
    FBUser user = FBUser.builder("u").build();
    runner.withPropertyValues(TestSupport.offline()).run(context -> {
      FBClient client = context.getBean(FBClient.class);
      assertThat(client.config().isOffline()).isTrue();
      assertThat(client.boolVariation("flag", user, false)).isTrue();
    });
    runner.withPropertyValues("featbit.offline=true", "featbit.bootstrap-file=classpath:featbit-test-flags.json")
        .run(context -> assertThat(context.getBean(FBClient.class).boolVariation("flag", user, false)).isTrue());
    Path file = dir.resolve("flags.json");
    Files.writeString(file, TestSupport.BOOTSTRAP, StandardCharsets.UTF_8);
    runner.withPropertyValues("featbit.offline=true", "featbit.bootstrap-file=file:" + file)
        .run(context -> assertThat(context.getBean(FBClient.class).boolVariation("flag", user, false)).isTrue());
    runner.withPropertyValues("featbit.offline=true").run(context -> {
      FBClient client = context.getBean(FBClient.class);
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.isFlagKnown("flag")).as("offline without data: empty store").isFalse();
    });
  }

  @Test
  void customizersRunInOrderAfterTheProperties() {
    runner.withPropertyValues(TestSupport.offline()).withUserConfiguration(Customizers.class).run(context -> {
      FBConfig c = context.getBean(FBConfig.class);
      assertThat(c.eventCapacity()).isEqualTo(2);
      assertThat(c.regexStepBudget()).isEqualTo(77);
    });
  }

  @Test
  void readmeCustomizer() {
    runner.withPropertyValues(TestSupport.offline()).withUserConfiguration(Tuning.class)
        .run(context -> assertThat(context.getBean(FBConfig.class).eventCapacity()).isEqualTo(50_000));
  }

  // README
  @Configuration(proxyBeanMethods = false)
  static class Tuning {
    @Bean
    FBConfigCustomizer featBitTuning() {
      return builder -> builder.eventCapacity(50_000);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    @Bean
    @Order(2)
    FBConfigCustomizer second() {
      return b -> b.eventCapacity(2);
    }

    @Bean
    @Order(1)
    FBConfigCustomizer first() {
      return b -> b.eventCapacity(1).regexStepBudget(77);
    }
  }
}
