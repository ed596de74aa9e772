package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenFeature {@code track} as FeatBit {@code trackMetric}, delivered to the test kit's insight endpoint. */
class TrackTest extends ProviderTestBase {
  static final EvaluationContext ADA = new ImmutableContext("user-42", Map.of("name", new Value("Ada"),
      "plan", new Value("team")));
  FeatBitProvider provider;
  Client client;

  @BeforeEach
  void setProvider() {
    server.load(TestFlag.bool("flag-a"));
    provider = new FeatBitProvider(configWithEvents().eventsUrl(server.httpUrl()).build());
    api.setProviderAndWait(provider);
    client = api.getClient();
  }

  /** Every metric the server received, in order, with its user. */
  List<JsonNode> metrics() {
    List<JsonNode> out = new ArrayList<>();
    for (RecordedRequest r : server.insightRequests()) {
      for (JsonNode insight : r.json()) {
        for (JsonNode m : insight.path("metrics")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) m).set("user", insight.get("user"));
          out.add(m);
        }
      }
    }
    return out;
  }

  boolean received(String eventName) {
    return metrics().stream().anyMatch(m -> m.get("eventName").asText().equals(eventName));
  }

  @Test
  void trackReachesTheInsightEndpoint() {
    client.track("checkout", ADA);
    client.track("order-value", ADA, new MutableTrackingEventDetails(129.95).add("currency", "EUR"));
    client.track("items", ADA, new MutableTrackingEventDetails(3));
    assertThat(server.await(s -> received("checkout") && received("order-value") && received("items"), T)).isTrue();
    List<JsonNode> ms = metrics();
    assertThat(ms).hasSize(3);
    JsonNode checkout = ms.stream().filter(m -> m.get("eventName").asText().equals("checkout")).findFirst().get();
    assertThat(checkout.get("numericValue").asDouble()).as("no value: 1.0").isEqualTo(1.0);
    assertThat(checkout.get("type").asText()).isEqualTo("CustomEvent");
    assertThat(checkout.at("/user/keyId").asText()).isEqualTo("user-42");
    assertThat(checkout.at("/user/name").asText()).isEqualTo("Ada");
    assertThat(checkout.at("/user/customizedProperties/0/name").asText()).isEqualTo("plan");
    assertThat(checkout.at("/user/customizedProperties/0/value").asText()).isEqualTo("team");
    JsonNode order = ms.stream().filter(m -> m.get("eventName").asText().equals("order-value")).findFirst().get();
    assertThat(order.get("numericValue").asDouble()).isEqualTo(129.95);
    JsonNode items = ms.stream().filter(m -> m.get("eventName").asText().equals("items")).findFirst().get();
    assertThat(items.get("numericValue").asDouble()).isEqualTo(3.0);
    assertThat(server.insightRequests()).allMatch(r -> server.secret().equals(r.header("authorization")));
  }

  @Test
  void trackUsesTheMergedContextAndIgnoresUnusableOnes() {
    client.track("no-key", new ImmutableContext(Map.of("plan", new Value("x"))));
    client.track("nested", new ImmutableContext("u", Map.of("a", new Value(List.of(new Value(1))))));
    api.setEvaluationContext(new ImmutableContext("api-user"));
    client.track("marker");
    assertThat(server.await(s -> received("marker"), T)).isTrue();
    assertThat(provider.getFeatBitClient().flushAndWait(T)).isTrue();
    List<JsonNode> ms = metrics();
    assertThat(ms).hasSize(1);
    assertThat(ms.get(0).at("/user/keyId").asText()).isEqualTo("api-user");
  }
}
