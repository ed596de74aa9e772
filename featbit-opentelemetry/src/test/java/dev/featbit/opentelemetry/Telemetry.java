package dev.featbit.opentelemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.testkit.TestFlag;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A real OpenTelemetry SDK whose spans and metrics stay in memory, for one test. */
final class Telemetry implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  final Tracer tracer = sdk.getTracer("test-app");

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Runs {@code body} inside a span named {@code name} and returns what it returns once the span ended. */
  <T> T inSpan(String name, Supplier<T> body) {
    Span span = tracer.spanBuilder(name).startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      return body.get();
    } finally {
      span.end();
    }
  }

  /** The finished span with this name. */
  SpanData span(String name) {
    List<SpanData> found = spans.getFinishedSpanItems();
    return found.stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + found));
  }

  /** Collects the metrics now. */
  Collection<MetricData> collect() {
    return metrics.collectAllMetrics();
  }

  /** The metric with this name in one collection, if reported. */
  static Optional<MetricData> metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  /** Offline bootstrap data holding these flags. */
  static String bootstrap(ObjectNode... flags) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode fs = root.putArray("featureFlags");
    for (ObjectNode f : flags) {
      fs.add(f);
    }
    root.putArray("segments");
    return root.toString();
  }

  static ObjectNode flag(TestFlag f) {
    return f.toJson("2025-03-01T08:00:00Z");
  }

  /**
   * A disabled boolean flag whose disabled variation has no id in the data: {@code disabledVariationId} is
   * {@code null}, which finds that variation, as on the evaluation server.
   */
  static ObjectNode disabledWithoutVariationId(String key) {
    ObjectNode f = flag(TestFlag.bool(key).on(false));
    String off = f.get("disabledVariationId").asText();
    f.get("variations").forEach(v -> {
      if (v.get("id").asText().equals(off)) {
        ((ObjectNode) v).remove("id");
      }
    });
    f.putNull("disabledVariationId");
    return f;
  }

  @Override
  public void close() {
    sdk.close();
  }
}
