package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * IDE metadata exists for every property, with description and the core's default; the README documents every
 * property.
 */
class MetadataTest {
  static final List<String> PROPERTIES = List.of("featbit.enabled", "featbit.env-secret", "featbit.streaming-url",
      "featbit.events-url", "featbit.polling-url", "featbit.offline", "featbit.bootstrap", "featbit.bootstrap-file",
      "featbit.start-wait", "featbit.regex-step-budget", "featbit.evaluation-metrics", "featbit.defaults",
      "featbit.data-sync.mode", "featbit.data-sync.ping-interval", "featbit.data-sync.first-retry-delay",
      "featbit.data-sync.max-retry-delay", "featbit.data-sync.polling-interval",
      "featbit.data-sync.polling-request-timeout", "featbit.data-sync.polling-fallback-after",
      "featbit.events.enabled", "featbit.events.capacity", "featbit.events.flush-interval",
      "featbit.events.batch-size", "featbit.events.max-concurrent-requests", "featbit.events.max-attempts",
      "featbit.events.request-timeout", "featbit.events.shutdown-timeout", "featbit.http.connect-timeout",
      "featbit.http.proxy.host", "featbit.http.proxy.port", "featbit.http.proxy.username",
      "featbit.http.proxy.password", "featbit.http.headers", "featbit.web.enabled",
      "featbit.web.user-header", "featbit.web.anonymous-key", "featbit.openfeature.enabled",
      "featbit.openfeature.domain", "featbit.opentelemetry.enabled", "featbit.opentelemetry.spans",
      "featbit.opentelemetry.include-user-key", "featbit.opentelemetry.include-value", "featbit.metrics.flag-tag");

  static JsonNode metadata() throws Exception {
    try (InputStream in = MetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  /** {@code featbit.data-sync.ping-interval} as a bean path: {@code dataSync.pingInterval}. */
  static String beanPath(String property) {
    String path = property.substring(FeatBitProperties.PREFIX.length() + 1);
    Matcher m = Pattern.compile("-([a-z])").matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group(1).toUpperCase(Locale.ROOT));
    }
    return m.appendTail(out).toString();
  }

  @Test
  void theShapeOfThePropertiesIsTheListedOne() {
    assertThat(PropertyPaths.all()).containsExactlyInAnyOrderElementsOf(PROPERTIES);
  }

  @Test
  void metadataDefaultsAreThePropertyDefaults() throws Exception {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (JsonNode p : metadata().get("properties")) {
      if (p.has("defaultValue") && p.get("name").asText().startsWith(FeatBitProperties.PREFIX + ".")) {
        defaults.put(p.get("name").asText(), p.get("defaultValue").asText());
      }
    }
    // every property with a default value has it in the metadata (so the IDE shows it)...
    BeanWrapperImpl unbound = new BeanWrapperImpl(new FeatBitProperties());
    for (String property : PROPERTIES) {
      Object value = unbound.getPropertyValue(beanPath(property));
      boolean hasDefault = value != null && !(value instanceof Map<?, ?> m && m.isEmpty());
      assertThat(defaults.containsKey(property)).as("metadata default of %s (%s)", property, value)
          .isEqualTo(hasDefault);
    }
    // ... and binding the metadata's defaults gives the properties' (the core's) defaults
    FeatBitProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
        .bind(FeatBitProperties.PREFIX, FeatBitProperties.class).get();
    assertThat(bound).usingRecursiveComparison().isEqualTo(new FeatBitProperties());
    assertThat(defaults).containsEntry("featbit.data-sync.ping-interval", "10s")
        .containsEntry("featbit.events.capacity", "10000").containsEntry("featbit.http.connect-timeout", "5s");
  }

  @Test
  void everyPropertyHasMetadata() throws Exception {
    JsonNode metadata = metadata();
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
        "featbit.events.failed", "featbit.evaluations", "featbit.evaluation.errors", "featbit.sync.state", "featbit.data.update.age",
        "management.health.featbit.enabled"}) {
      assertThat(readme).as(meter).contains("`" + meter + "`");
    }
    // what Actuator needs to show the health details and the meters over HTTP
    assertThat(readme).contains("management.endpoints.web.exposure.include=health,metrics\n")
        .contains("management.endpoint.health.show-details=always\n");
  }
}
