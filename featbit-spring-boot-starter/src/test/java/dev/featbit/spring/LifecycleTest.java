package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.RecordedRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The client starts with the context (waiting for data) and is closed with it (flushing events). */
class LifecycleTest extends OneFlagServerTest {

  @Test
  void contextStartWaitsForDataAndCloseClosesTheClientAfterAFinalFlush() {
    AtomicReference<FBClient> client = new AtomicReference<>();
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.events.flush-interval=1h")
        .run(context -> {
          FBClient c = context.getBean(FBClient.class);
          client.set(c);
          assertThat(c.isInitialized()).as("ready when the context is").isTrue();
          assertThat(c.boolVariation("flag", FBUser.builder("u").build(), false)).isTrue();
          c.trackMetric(FBUser.builder("u").build(), "closing-metric");
          assertThat(c.isClosed()).isFalse();
        });
    assertThat(client.get().isClosed()).isTrue();
    assertThat(client.get().dataUpdateStatusProvider().state()).isEqualTo(DataUpdateStatus.State.CLOSED);
    // close() made the final flush: the metric queued with an hour-long flush interval was delivered
    assertThat(server.insightRequests()).anySatisfy((RecordedRequest r) -> {
      boolean found = false;
      for (JsonNode insight : r.json()) {
        found |= "closing-metric".equals(insight.at("/metrics/0/eventName").asText());
      }
      assertThat(found).isTrue();
    });
    assertThat(client.get().eventStats().sent()).isEqualTo(2);
  }
}
