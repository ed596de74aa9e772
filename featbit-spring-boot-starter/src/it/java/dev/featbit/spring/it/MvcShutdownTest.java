package dev.featbit.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.FBClient;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Health goes DOWN once the client is closed; stopping the application flushes the queued events. */
class MvcShutdownTest {

  @Test
  void closedClientIsDownAndStoppingFlushesTheEvents() throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("flag"));
      ConfigurableApplicationContext app = Apps.start(WebApplicationType.SERVLET, server,
          List.of("featbit.events.flush-interval=1h"), Apps.MvcApp.class);
      try {
        assertThat(Apps.get(app, "/flag", "X-User-Id", "dora").body()).isEqualTo("true");
        assertThat(server.insightRequests()).as("nothing sent before the final flush").isEmpty();
        app.getBean(FBClient.class).close();    // what closing the context does first
        assertThat(server.insightRequests()).as("the final flush delivered the evaluation").isNotEmpty();
        assertThat(server.insightRequests().stream().map(RecordedRequest::body)).anyMatch(b -> b.contains("dora"));
        HttpResponse<String> response = Apps.get(app, "/actuator/health");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode featbit = Apps.json(response.body()).path("components").path("featbit");
        assertThat(featbit.path("status").asText()).isEqualTo("DOWN");
        assertThat(featbit.path("details").path("state").asText()).isEqualTo("CLOSED");
        assertThat(featbit.path("details").path("rejected").asBoolean()).isFalse();
      } finally {
        app.close();
      }
    }
  }
}
