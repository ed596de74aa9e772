package dev.featbit.openfeature;

import static dev.featbit.testkit.TestFlag.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.ReadmeCompilation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippets, verbatim, run against the test kit; and a check that the README has no other. */
class ReadmeSnippetTest extends ProviderTestBase {
  static final Path README = Path.of("README.md");
  static final Path SELF = Path.of("src/test/java/dev/featbit/openfeature/ReadmeSnippetTest.java");

  @Test
  void usageSnippetsRun() throws Exception {
    server.load(
        TestFlag.bool("new-checkout"),
        TestFlag.strings("search-engine", "classic", "semantic")
            .rule("paying", "semantic", condition("plan", "Equal", "team")),
        TestFlag.of("pricing-page", "json", "{\"columns\":3,\"highlight\":\"team\"}", "{}"));
    String envSecret = server.secret();
    String streamingUrl = server.streamingUrl();

    // ---- README: Usage
    FBConfig config = FBConfig.builder(envSecret).streamingUrl(streamingUrl).build();   // see the SDK README

    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    api.onProviderConfigurationChanged(e -> System.out.println("FeatBit flags changed: " + e.getFlagsChanged()));
    api.setProviderAndWait(new FeatBitProvider(config));   // READY, or throws: no data within startWait (ERROR),
                                                           // secret rejected by the server (FATAL)
    Client client = api.getClient();
    EvaluationContext user = new ImmutableContext("user-42", Map.of(   // targeting key = FeatBit user key
        "name", new Value("Ada"),                                       // FeatBit's built-in name
        "plan", new Value("team"),                                      // custom attributes
        "seats", new Value(12)));

    boolean newCheckout = client.getBooleanValue("new-checkout", false, user);
    FlagEvaluationDetails<String> engine = client.getStringDetails("search-engine", "classic", user);
    // engine.getValue(), engine.getVariant() (the FeatBit variation id), engine.getReason(), engine.getErrorCode()
    Value layout = client.getObjectValue("pricing-page", new Value(), user);     // a JSON flag as Structure/List/...
    client.track("order-value", user, new MutableTrackingEventDetails(129.95)); // FeatBit trackMetric

    api.shutdown();   // shuts the provider down, which closes the FBClient it created
    // ---- end

    assertThat(newCheckout).isTrue();
    assertThat(engine.getValue()).isEqualTo("semantic");
    assertThat(engine.getVariant()).isEqualTo("search-engine-v1");
    assertThat(engine.getReason()).isEqualTo("TARGETING_MATCH");
    assertThat(engine.getErrorCode()).isNull();
    assertThat(layout.asStructure().getValue("columns").asInteger()).isEqualTo(3);
    assertThat(server.await(s -> metricNames(s.insightRequests()).contains("order-value"), T)).isTrue();

    // ---- README: sharing a client
    FBClient shared = new FBClient(config);                // closed by its owner, not by the provider
    api.setProviderAndWait(new FeatBitProvider(shared));   // shutdown() leaves `shared` open
    // ---- end
    assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.READY);
    api.shutdown();
    assertThat(shared.isClosed()).isFalse();

    // ---- README: options
    FeatBitProviderOptions options = FeatBitProviderOptions.builder()
        .initTimeout(Duration.ofSeconds(10))   // instead of the configuration's startWait
        .closeClientOnShutdown(true)           // hand the client over: shutdown() closes it
        .build();
    api.setProviderAndWait(new FeatBitProvider(shared, options));
    // ---- end
    assertThat(api.getClient().getBooleanValue("new-checkout", false, user)).isTrue();
    api.shutdown();
    assertThat(shared.isClosed()).isTrue();
  }

  static List<String> metricNames(List<RecordedRequest> requests) {
    List<String> names = new ArrayList<>();
    for (RecordedRequest r : requests) {
      for (JsonNode insight : r.json()) {
        for (JsonNode m : insight.path("metrics")) {
          names.add(m.path("eventName").asText());
        }
      }
    }
    return names;
  }

  /** A reader who pastes the blocks needs only the imports they show. */
  @Test
  void theBlocksCompileWithTheirImports(@TempDir Path dir) throws IOException {
    ReadmeCompilation.assertCompiles(README, "String envSecret, String streamingUrl", dir);
  }

  @Test
  void everyJavaBlockOfTheReadmeIsInThisTest() throws IOException {
    List<String> self = lines(Files.readString(SELF, StandardCharsets.UTF_8));
    List<List<String>> blocks = javaBlocks(Files.readString(README, StandardCharsets.UTF_8));
    assertThat(blocks).hasSize(3);
    for (List<String> block : blocks) {
      assertThat(Collections.indexOfSubList(self, block)).as("README block in ReadmeSnippetTest:%n%s",
          String.join("\n", block)).isGreaterThanOrEqualTo(0);
    }
  }

  /** The ```java blocks of a Markdown text, as trimmed non-blank lines. */
  static List<List<String>> javaBlocks(String markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      String t = line.trim();
      if (current == null && t.equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && t.equals("```")) {
        blocks.add(current);
        current = null;
      } else if (current != null && !t.isEmpty() && !t.startsWith("import ")) {
        current.add(t);
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
