package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.config.DataSyncConfig;
import dev.featbit.sdk.config.EventsConfig;
import dev.featbit.sdk.config.HttpConfig;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Every {@code featbit.*} property reaches the {@link FBConfig}: the top-level ones, and each area group its area
 * (data sync, events, HTTP); defaults equal the core's.
 */
@ExtendWith(OutputCaptureExtension.class)
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
  void topLevelPropertiesAreBound() {
    runner.withPropertyValues(
        "featbit.env-secret=" + server.secret(),
        "featbit.streaming-url=" + server.streamingUrl() + "/",
        "featbit.events-url=" + server.httpUrl() + "/events/",
        "featbit.polling-url=" + server.httpUrl(),
        "featbit.offline=false",
        "featbit.start-wait=3s",
        "featbit.regex-step-budget=5000",
        "featbit.evaluation-metrics=false",
        "featbit.defaults.new-checkout=true",
        "featbit.defaults.Plan=gold",
        "featbit.defaults[beta.reports]=42",
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
          assertThat(c.regexStepBudget()).isEqualTo(5000);
          assertThat(c.isEvaluationMetricsEnabled()).isFalse();
          assertThat(c.defaults()).containsExactly(entry("new-checkout", "true"), entry("Plan", "gold"),
              entry("beta.reports", "42"));
          FeatBitProperties.Web web = context.getBean(FeatBitProperties.class).getWeb();
          assertThat(web.isEnabled()).isTrue();
          assertThat(web.getUserHeader()).isEqualTo("X-Customer");
          assertThat(web.getAnonymousKey()).isEqualTo("guest");
          FBClient client = context.getBean(FBClient.class);
          assertThat(client.isInitialized()).isTrue();
          // a per-flag default answers for a flag the environment does not have
          assertThat(client.boolVariation("new-checkout", FBUser.builder("u").build(), false)).isTrue();
        });
  }

  @Test
  void dataSyncGroupBuildsTheDataSyncArea() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues(
        "featbit.data-sync.mode=polling",
        "featbit.data-sync.ping-interval=15s",
        "featbit.data-sync.first-retry-delay=250ms",
        "featbit.data-sync.max-retry-delay=20s",
        "featbit.data-sync.polling-interval=45s",
        "featbit.data-sync.polling-request-timeout=3s",
        "featbit.data-sync.polling-fallback-after=90s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          DataSyncConfig d = context.getBean(FBConfig.class).dataSync();
          assertThat(d.kind()).isEqualTo(DataSyncConfig.Kind.POLLING);
          assertThat(d.pingInterval()).isEqualTo(Duration.ofSeconds(15));
          assertThat(d.firstRetryDelay()).isEqualTo(Duration.ofMillis(250));
          assertThat(d.maxRetryDelay()).isEqualTo(Duration.ofSeconds(20));
          assertThat(d.pollingInterval()).isEqualTo(Duration.ofSeconds(45));
          assertThat(d.pollingRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(d.pollingFallbackAfter()).isEqualTo(Duration.ofSeconds(90));
          assertThat(context.getBean(FBConfig.class).dataSyncMode()).isEqualTo(FBConfig.DataSyncMode.POLLING);
          // polling mode against the test kit: the client got its data
          assertThat(context.getBean(FBClient.class).isInitialized()).isTrue();
          assertThat(server.pollingRequests()).isNotEmpty();
        });
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.data-sync.mode=STREAMING")
        .run(context -> assertThat(context.getBean(FBConfig.class).dataSync().kind())
            .isEqualTo(DataSyncConfig.Kind.STREAMING));
  }

  @Test
  void eventsGroupBuildsTheEventsArea() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues(
        "featbit.events.enabled=true",
        "featbit.events.capacity=500",
        "featbit.events.flush-interval=200ms",
        "featbit.events.batch-size=20",
        "featbit.events.max-concurrent-requests=3",
        "featbit.events.max-attempts=5",
        "featbit.events.request-timeout=4s",
        "featbit.events.shutdown-timeout=2s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          FBConfig c = context.getBean(FBConfig.class);
          EventsConfig e = c.events();
          assertThat(e.isEnabled()).isTrue();
          assertThat(c.isEventsDisabled()).isFalse();
          assertThat(e.capacity()).isEqualTo(500);
          assertThat(e.flushInterval()).isEqualTo(Duration.ofMillis(200));
          assertThat(e.batchSize()).isEqualTo(20);
          assertThat(e.maxConcurrentRequests()).isEqualTo(3);
          assertThat(e.maxAttempts()).isEqualTo(5);
          assertThat(e.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
          assertThat(e.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
  }

  @Test
  void httpGroupBuildsTheHttpArea(CapturedOutput output) {
    String password = "pr0xy-Pa55-" + System.nanoTime();
    String apiKey = "gw-key-" + System.nanoTime();
    runner.withPropertyValues(TestSupport.offline()).withPropertyValues(
        "featbit.http.connect-timeout=2s",
        "featbit.http.proxy.host=proxy.corp.example",
        "featbit.http.proxy.port=3128",
        "featbit.http.proxy.username=svc-featbit",
        "featbit.http.proxy.password=" + password,
        "featbit.http.headers.X-Tenant=shop",
        "featbit.http.headers[X-Api-Key]=" + apiKey)
        .run(context -> {
          assertThat(context).hasNotFailed();
          FBConfig c = context.getBean(FBConfig.class);
          HttpConfig h = c.http();
          assertThat(h.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(h.proxy().getHostString()).isEqualTo("proxy.corp.example");
          assertThat(h.proxy().getPort()).isEqualTo(3128);
          assertThat(h.proxyUsername()).isEqualTo("svc-featbit");
          assertThat(h.proxyPassword()).isEqualTo(password);
          assertThat(h.hasProxyCredentials()).isTrue();
          assertThat(h.headers()).containsExactly(entry("X-Tenant", "shop"), entry("X-Api-Key", apiKey));
          // credentials and header values are never printed
          assertThat(c.toString()).contains("X-Api-Key").doesNotContain(password).doesNotContain(apiKey);
          assertThat(h.toString()).doesNotContain(password).doesNotContain(apiKey);
          assertThat(context.getBean(FBClient.class).toString()).doesNotContain(password).doesNotContain(apiKey);
        });
    assertThat(output.getAll()).doesNotContain(password).doesNotContain(apiKey);
  }

  @Test
  void headersReachTheServer() {
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.data-sync.mode=polling",
        "featbit.http.headers.X-Tenant=shop")
        .run(context -> {
          assertThat(context.getBean(FBClient.class).isInitialized()).isTrue();
          // the test server is shared: only this test's requests carry the header
          assertThat(server.pollingRequests()).anySatisfy(r -> assertThat(r.header("x-tenant")).isEqualTo("shop"));
        });
  }

  @Test
  void propertyDefaultsAreTheCoreDefaults() {
    FeatBitProperties p = new FeatBitProperties();
    assertThat(p.isEnabled()).isTrue();
    assertThat(p.isOffline()).isFalse();
    assertThat(p.getStartWait()).isEqualTo(FBConfig.DEFAULT_START_WAIT);
    assertThat(p.getRegexStepBudget()).isEqualTo(FBConfig.DEFAULT_REGEX_STEP_BUDGET);
    assertThat(p.isEvaluationMetrics()).isTrue();
    assertThat(p.getDefaults()).isEmpty();
    FeatBitProperties.DataSync d = p.getDataSync();
    assertThat(d.getMode()).isEqualTo(FeatBitProperties.DataSync.Mode.STREAMING);
    assertThat(d.getPingInterval()).isEqualTo(DataSyncConfig.DEFAULT_PING_INTERVAL);
    assertThat(d.getFirstRetryDelay()).isEqualTo(DataSyncConfig.DEFAULT_FIRST_RETRY_DELAY);
    assertThat(d.getMaxRetryDelay()).isEqualTo(DataSyncConfig.DEFAULT_MAX_RETRY_DELAY);
    assertThat(d.getPollingInterval()).isEqualTo(DataSyncConfig.DEFAULT_POLLING_INTERVAL);
    assertThat(d.getPollingRequestTimeout()).isEqualTo(DataSyncConfig.DEFAULT_POLLING_REQUEST_TIMEOUT);
    assertThat(d.getPollingFallbackAfter()).isEqualTo(DataSyncConfig.DEFAULT_POLLING_FALLBACK_AFTER);
    FeatBitProperties.Events e = p.getEvents();
    assertThat(e.isEnabled()).isTrue();
    assertThat(e.getCapacity()).isEqualTo(EventsConfig.DEFAULT_CAPACITY);
    assertThat(e.getFlushInterval()).isEqualTo(EventsConfig.DEFAULT_FLUSH_INTERVAL);
    assertThat(e.getBatchSize()).isEqualTo(EventsConfig.DEFAULT_BATCH_SIZE);
    assertThat(e.getMaxConcurrentRequests()).isEqualTo(EventsConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);
    assertThat(e.getMaxAttempts()).isEqualTo(EventsConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(e.getRequestTimeout()).isEqualTo(EventsConfig.DEFAULT_REQUEST_TIMEOUT);
    assertThat(e.getShutdownTimeout()).isEqualTo(EventsConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    FeatBitProperties.Http h = p.getHttp();
    assertThat(h.getConnectTimeout()).isEqualTo(HttpConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(h.getProxy().getHost()).isNull();
    assertThat(h.getProxy().getPort()).isNull();
    assertThat(h.getProxy().getUsername()).isNull();
    assertThat(h.getProxy().getPassword()).isNull();
    assertThat(h.getHeaders()).isEmpty();
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
          assertThat(c.startWait()).isEqualTo(core.startWait());
          assertThat(c.regexStepBudget()).isEqualTo(core.regexStepBudget());
          assertThat(c.defaults()).isEqualTo(core.defaults());
          assertThat(c.dataSync()).usingRecursiveComparison().isEqualTo(core.dataSync());
          assertThat(c.events()).usingRecursiveComparison().isEqualTo(core.events());
          assertThat(c.http()).usingRecursiveComparison().isEqualTo(core.http());
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
        .withPropertyValues("featbit.events.enabled=false", "featbit.data-sync.polling-fallback-after=0")
        .run(context -> {
          FBConfig c = context.getBean(FBConfig.class);
          assertThat(c.isEventsDisabled()).isTrue();
          assertThat(c.events().isEnabled()).isFalse();
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

  @Test
  void aCustomizerCanAddToTheAreaThePropertiesBuilt() {
    runner.withPropertyValues(TestSupport.offline()).withPropertyValues("featbit.http.connect-timeout=2s",
        "featbit.http.headers.X-Tenant=shop").withUserConfiguration(CorporateTrust.class).run(context -> {
          HttpConfig h = context.getBean(FBConfig.class).http();
          assertThat(h.sslContext()).isSameAs(context.getBean(SSLContext.class));
          assertThat(h.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(h.headers()).containsExactly(entry("X-Tenant", "shop"));
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class CorporateTrust {
    @Bean
    SSLContext corporateSsl() throws Exception {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return context;
    }

    // README
    @Bean
    FBConfigCustomizer corporateTrust(FeatBitProperties properties, SSLContext corporateSsl) {
      return builder -> builder.http(FeatBitConfigFactory.http(properties.getHttp()).sslContext(corporateSsl));
    }
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
