package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.opentelemetry.MetricsHook;
import dev.featbit.opentelemetry.TracingHook;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.spring.opentelemetry.FeatBitOpenTelemetryAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The OpenTelemetry hooks are registered when featbit-opentelemetry and an OpenTelemetry bean are present, and
 * record into that bean's SDK (the real OpenTelemetry SDK with in-memory exporters).
 */
class OpenTelemetryTest {
  static final FBUser USER = FBUser.builder("u-1").build();

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(FeatBitAutoConfiguration.class,
          FeatBitOpenTelemetryAutoConfiguration.class))
      .withPropertyValues(TestSupport.offline());

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  ApplicationContextRunner withOpenTelemetry() {
    return runner.withBean(OpenTelemetry.class, () -> sdk);
  }

  static List<Class<?>> hookTypes(FBConfig config) {
    return config.hooks().stream().<Class<?>>map(Hook::getClass).toList();
  }

  /** Evaluates {@code flag} inside a request span and returns the finished request span. */
  SpanData evaluateInRequestSpan(FBClient client) {
    Span request = sdk.getTracer("app").spanBuilder("GET /greeting").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      assertThat(client.boolVariation("flag", USER, false)).isTrue();
    } finally {
      request.end();
    }
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("GET /greeting")).findFirst()
        .orElseThrow();
  }

  @Test
  void theHooksAreRegisteredAndRecordIntoTheOpenTelemetryBean() {
    withOpenTelemetry().run(context -> {
      assertThat(context).hasNotFailed();
      FBClient client = context.getBean(FBClient.class);
      assertThat(hookTypes(client.config())).containsExactly(TracingHook.class, MetricsHook.class);

      SpanData request = evaluateInRequestSpan(client);
      assertThat(request.getEvents()).hasSize(1);
      Attributes event = request.getEvents().get(0).getAttributes();
      assertThat(request.getEvents().get(0).getName()).isEqualTo("feature_flag.evaluation");
      assertThat(event.get(AttributeKey.stringKey("feature_flag.key"))).isEqualTo("flag");
      assertThat(event.get(AttributeKey.stringKey("feature_flag.result.variant"))).isEqualTo("v-true");
      assertThat(event.get(AttributeKey.stringKey("feature_flag.result.reason"))).isEqualTo("default");
      assertThat(event.get(AttributeKey.stringKey("feature_flag.context.id"))).isNull(); // privacy by default
      assertThat(spans.getFinishedSpanItems()).hasSize(1); // no span per evaluation by default

      MetricData counter = metrics.collectAllMetrics().stream()
          .filter(m -> m.getName().equals(MetricsHook.METRIC)).findFirst().orElseThrow();
      assertThat(counter.getLongSumData().getPoints()).singleElement()
          .satisfies(p -> assertThat(p.getValue()).isEqualTo(1));
    });
  }

  @Test
  void propertiesSetTheTracingOptions() {
    withOpenTelemetry().withPropertyValues("featbit.opentelemetry.spans=true",
        "featbit.opentelemetry.include-user-key=true", "featbit.opentelemetry.include-value=true").run(context -> {
          SpanData request = evaluateInRequestSpan(context.getBean(FBClient.class));
          Attributes event = request.getEvents().get(0).getAttributes();
          assertThat(event.get(AttributeKey.stringKey("feature_flag.context.id"))).isEqualTo("u-1");
          assertThat(event.get(AttributeKey.booleanKey("feature_flag.result.value"))).isTrue();
          SpanData evaluation = spans.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("FBClient.boolVariation")).findFirst().orElseThrow();
          assertThat(evaluation.getParentSpanId()).isEqualTo(request.getSpanId());
        });
  }

  @Test
  void nothingIsRegisteredWhenSwitchedOffWithoutTheBeanOrWithoutTheModule() {
    withOpenTelemetry().withPropertyValues("featbit.opentelemetry.enabled=false").run(context -> {
      assertThat(context).hasNotFailed()
          .doesNotHaveBean(FeatBitOpenTelemetryAutoConfiguration.CUSTOMIZER);
      assertThat(context.getBean(FBClient.class).config().hooks()).isEmpty();
    });
    runner.run(context -> { // no OpenTelemetry bean
      assertThat(context).hasNotFailed().doesNotHaveBean(FeatBitOpenTelemetryAutoConfiguration.CUSTOMIZER);
      assertThat(context.getBean(FBClient.class).config().hooks()).isEmpty();
    });
    withOpenTelemetry().withClassLoader(new FilteredClassLoader(TracingHook.class)).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(FeatBitOpenTelemetryAutoConfiguration.CUSTOMIZER);
      assertThat(context.getBean(FBClient.class).config().hooks()).isEmpty();
    });
    withOpenTelemetry().withPropertyValues("featbit.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(FBClient.class)
          .doesNotHaveBean(FeatBitOpenTelemetryAutoConfiguration.CUSTOMIZER);
    });
  }

  @Test
  void theApplicationsOwnCustomizersStillApply() {
    withOpenTelemetry().withBean(FBConfigCustomizer.class, () -> b -> b.eventCapacity(123)).run(context -> {
      FBConfig config = context.getBean(FBClient.class).config();
      assertThat(config.events().capacity()).isEqualTo(123);
      assertThat(hookTypes(config)).contains(TracingHook.class);
    });
  }

  @Test
  void springBootsOwnOpenTelemetryBeanIsUsed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FeatBitOpenTelemetryAutoConfiguration.class,
            FeatBitAutoConfiguration.class,
            org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration.class))
        .withPropertyValues(TestSupport.offline())
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(OpenTelemetry.class)
              .hasBean(FeatBitOpenTelemetryAutoConfiguration.CUSTOMIZER);
          assertThat(hookTypes(context.getBean(FBClient.class).config()))
              .containsExactly(TracingHook.class, MetricsHook.class);
        });
  }
}
