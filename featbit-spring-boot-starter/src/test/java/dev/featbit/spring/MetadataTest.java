package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IDE metadata exists for every property, with description; the README documents every property. */
class MetadataTest {
  static final List<String> PROPERTIES = List.of("featbit.enabled", "featbit.env-secret", "featbit.streaming-url",
      "featbit.events-url", "featbit.polling-url", "featbit.offline", "featbit.bootstrap", "featbit.bootstrap-file",
      "featbit.start-wait", "featbit.data-sync-mode", "featbit.regex-step-budget", "featbit.evaluation-metrics",
      "featbit.ping-interval", "featbit.connect-timeout", "featbit.first-retry-delay", "featbit.max-retry-delay",
      "featbit.polling.interval", "featbit.polling.request-timeout", "featbit.polling.fallback-after",
      "featbit.events.enabled", "featbit.events.capacity", "featbit.events.flush-interval",
      "featbit.events.batch-size", "featbit.events.max-concurrent-requests", "featbit.events.max-attempts",
      "featbit.events.request-timeout", "featbit.events.shutdown-timeout", "featbit.web.enabled",
      "featbit.web.user-header", "featbit.web.anonymous-key", "featbit.openfeature.enabled",
      "featbit.openfeature.domain");

  @Test
  void everyPropertyHasMetadata() throws Exception {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode p : metadata.get("properties")) {
      names.add(p.get("name").asText());
      assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank();
    }
    List<String> expected = new ArrayList<>(PROPERTIES);
    expected.add("management.health.featbit.enabled");
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(metadata.toString()).contains("\"defaultValue\":\"5s\"").contains("\"defaultValue\":\"X-User-Id\"");
  }

  @Test
  void readmeDocumentsEveryProperty() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (String p : PROPERTIES) {
      assertThat(readme).as(p).contains("`" + p + "`");
    }
    for (String meter : new String[] {"featbit.events.accepted", "featbit.events.sent", "featbit.events.dropped",
        "featbit.events.failed", "featbit.evaluations", "featbit.sync.state", "featbit.data.update.age",
        "management.health.featbit.enabled"}) {
      assertThat(readme).as(meter).contains("`" + meter + "`");
    }
  }
}
