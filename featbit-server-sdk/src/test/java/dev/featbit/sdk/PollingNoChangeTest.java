package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An up-to-date poll ({@code latest-all?timestamp=<cursor>}) is answered by the evaluation server with an empty
 * 200 (since FeatBit 3.3.2; the JSON patch with both arrays empty before, and still over the WebSocket): both
 * mean "no change", restore {@code READY} after an interruption and leave the cursor where it was (POLL-10).
 */
class PollingNoChangeTest {
  static final Duration T = Duration.ofSeconds(10);
  static final String EMPTY_PATCH =
      "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":[],\"segments\":[]}}";
  FeatBitTestServer server;
  FBClient client;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void anEmptyAnswerAndAnEmptyPatchAreBothNoChange() throws Exception {
    client = new FBClient(FBConfig.builder(server.secret()).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .pollingUrl(server.httpUrl()).pollingInterval(Duration.ofMillis(100)).firstRetryDelay(Duration.ofMillis(10))
        .maxRetryDelay(Duration.ofMillis(20)).startWait(T).disableEvents().build());
    assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    BlockingQueue<State> states = new LinkedBlockingQueue<>();
    client.dataUpdateStatusProvider().addStatusListener(s -> states.add(s.state()));
    // the test kit's own answer to an up-to-date poll is the server's: 200 with an empty body
    assertThat(server.await(s -> s.pollingRequests().size() >= 2, T)).isTrue();
    RecordedRequest upToDate = server.pollingRequests().get(1);
    assertThat(upToDate.query()).startsWith("timestamp=");
    assertThat(upToDate.answeredStatus()).isEqualTo(200);

    int before = server.pollingRequests().size();
    server.scriptPollingResponses(ScriptedResponse.status(500), ScriptedResponse.body(200, EMPTY_PATCH),
        ScriptedResponse.status(503), ScriptedResponse.status(200));
    for (State expected : new State[] {State.STALE, State.READY, State.STALE, State.READY}) {
      assertThat(states.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(expected);
    }
    assertThat(server.await(s -> s.pollingRequests().size() >= before + 5, T)).isTrue();
    List<RecordedRequest> polls = server.pollingRequests();
    for (RecordedRequest r : polls.subList(1, polls.size())) {
      assertThat(r.query()).as("the cursor never moved").isEqualTo(upToDate.query());
    }
    assertThat(client.boolVariation("flag-a", FBUser.builder("u").build(), false)).isTrue();
    assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
  }
}
