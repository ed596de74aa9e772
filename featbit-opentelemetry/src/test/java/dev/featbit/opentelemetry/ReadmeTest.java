package dev.featbit.opentelemetry;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.ReadmeCompilation;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java blocks are in this test and run; its sample spans are what the test produces (trace and
 * span ids aside).
 */
class ReadmeTest {
  static final Path README = Path.of("README.md");
  static final Path SELF = Path.of("src/test/java/dev/featbit/opentelemetry/ReadmeTest.java");

  final Telemetry otel = new Telemetry();
  final FeatBitTestServer server = FeatBitTestServer.start();

  @AfterEach
  void stop() {
    otel.close();
    server.close();
  }

  @Test
  void theSnippetsRunAndProduceTheSampleSpans() throws Exception {
    server.load(TestFlag.bool("new-checkout").rule("paying", true, condition("plan", "Equal", "team"))
        .serve(false));
    String envSecret = server.secret();
    String streamingUrl = server.streamingUrl();
    OpenTelemetry openTelemetry = otel.openTelemetry();

    // ---- README: turning it on
    FBConfig config = FBConfig.builder(envSecret).streamingUrl(streamingUrl)
        .hooks(TracingHook.create(openTelemetry),        // feature_flag.evaluation events on the current span
            MetricsHook.create(openTelemetry))           // the featbit.flag.evaluations counter
        .build();
    FBClient client = new FBClient(config);
    HealthMetrics health = HealthMetrics.register(openTelemetry, client);   // sync state, data age, events
    // ---- end

    FBUser user = FBUser.builder("user-42").custom("plan", "team").build();
    evaluateInSpan(client, user);
    String plain = render(otel.spans.getFinishedSpanItems());
    health.close();
    client.close();
    otel.spans.reset();

    // ---- README: options
    TracingHook tracing = TracingHook.builder(openTelemetry)
        .spans(true)               // a child span per evaluation, e.g. FBClient.boolVariation
        .includeUserKey(true)      // feature_flag.context.id = the user key (off by default)
        .includeValue(true)        // feature_flag.result.value = the value returned (off by default)
        .build();
    // ---- end

    try (FBClient withSpans = new FBClient(FBConfig.builder(envSecret).streamingUrl(streamingUrl).hooks(tracing).build())) {
      evaluateInSpan(withSpans, user);
    }
    String detailed = render(otel.spans.getFinishedSpanItems());

    List<String> samples = blocks(Files.readString(README, StandardCharsets.UTF_8), "json");
    assertThat(samples).hasSize(2);
    assertThat(masked(samples.get(0))).isEqualTo(masked(plain));
    assertThat(masked(samples.get(1))).isEqualTo(masked(detailed));
  }

  /** What an application does: evaluates a flag while handling a request, inside the request's span. */
  void evaluateInSpan(FBClient client, FBUser user) {
    Span request = otel.tracer.spanBuilder("GET /checkout").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      assertThat(client.boolVariation("new-checkout", user, false)).isTrue();
    } finally {
      request.end();
    }
  }

  /** Spans as JSON in the OTLP layout (name, ids, attributes, events), attributes sorted by key. */
  static String render(List<SpanData> spans) {
    List<SpanData> ordered = new ArrayList<>(spans);
    ordered.sort((a, b) -> a.getParentSpanContext().isValid() ? 1 : b.getParentSpanContext().isValid() ? -1 : 0);
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < ordered.size(); i++) {
      SpanData s = ordered.get(i);
      out.append("  {\n    \"name\": \"").append(s.getName()).append("\",\n");
      out.append("    \"traceId\": \"").append(s.getTraceId()).append("\",\n");
      out.append("    \"spanId\": \"").append(s.getSpanId()).append("\",\n");
      if (s.getParentSpanContext().isValid()) {
        out.append("    \"parentSpanId\": \"").append(s.getParentSpanId()).append("\",\n");
        out.append("    \"scope\": \"").append(s.getInstrumentationScopeInfo().getName()).append("\",\n");
      }
      if (!s.getAttributes().isEmpty()) {
        out.append("    \"attributes\": ");
        attributes(out, s.getAttributes(), "    ");
        out.append(",\n");
      }
      out.append("    \"status\": \"").append(s.getStatus().getStatusCode()).append("\",\n");
      out.append("    \"events\": [");
      List<EventData> events = s.getEvents();
      for (int j = 0; j < events.size(); j++) {
        out.append(j == 0 ? "\n" : ",\n");
        out.append("      {\n        \"name\": \"").append(events.get(j).getName()).append("\",\n");
        out.append("        \"attributes\": ");
        attributes(out, events.get(j).getAttributes(), "        ");
        out.append("\n      }");
      }
      out.append(events.isEmpty() ? "]\n" : "\n    ]\n");
      out.append(i < ordered.size() - 1 ? "  },\n" : "  }\n");
    }
    return out.append("]\n").toString();
  }

  static void attributes(StringBuilder out, Attributes attributes, String indent) {
    Map<String, Object> sorted = new TreeMap<>();
    attributes.forEach((k, v) -> sorted.put(k.getKey(), v));
    out.append("{\n");
    int n = 0;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      out.append(indent).append("  \"").append(e.getKey()).append("\": ");
      Object v = e.getValue();
      out.append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
      out.append(++n < sorted.size() ? ",\n" : "\n");
    }
    out.append(indent).append("}");
  }

  /** Trace and span ids vary from run to run. */
  static String masked(String json) {
    return json.replaceAll("\"[0-9a-f]{32}\"", "\"TRACE\"").replaceAll("\"[0-9a-f]{16}\"", "\"SPAN\"").trim();
  }

  /** A reader who pastes the blocks needs only the imports they show. */
  @Test
  void theBlocksCompileWithTheirImports(@TempDir Path dir) throws IOException {
    ReadmeCompilation.assertCompiles(README, "String envSecret, String streamingUrl, io.opentelemetry.api.OpenTelemetry openTelemetry", dir);
  }

  @Test
  void everyJavaBlockOfTheReadmeIsInThisTest() throws IOException {
    List<String> self = lines(Files.readString(SELF, StandardCharsets.UTF_8));
    List<String> blocks = blocks(Files.readString(README, StandardCharsets.UTF_8), "java");
    assertThat(blocks).hasSize(2);
    for (String block : blocks) {
      assertThat(Collections.indexOfSubList(self, lines(block))).as("README block in ReadmeTest:%n%s", block)
          .isGreaterThanOrEqualTo(0);
    }
  }

  /** The fenced blocks of one language in a Markdown text. */
  static List<String> blocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.trim().equals("```" + language)) {
        current = new StringBuilder();
      } else if (current != null && line.trim().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.trim().isEmpty() && !line.startsWith("import ")) {   // imports: see theBlocksCompileWithTheirImports
        out.add(line.trim());
      }
    }
    return out;
  }
}
