package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's online, status/listener and test-kit snippets, compiled and run so they cannot rot. */
class ReadmeSnippetsTest {
  @Test
  void onlineQuickStartStatusListenersAndTestKit() throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("new-checkout").serve(false).targets(true, "qa-1"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isTrue();
        assertThat(client.boolVariation("new-checkout", FBUser.builder("user-42").build(), true)).isFalse();
        assertThat(client.boolVariation("new-checkout", FBUser.builder("qa-1").build(), false)).isTrue();

        DataUpdateStatusProvider status = client.dataUpdateStatusProvider();
        assertThat(status.state()).isEqualTo(DataUpdateStatus.State.READY);
        assertThat(status.waitForReady(Duration.ofSeconds(10))).isEqualTo(DataUpdateStatusProvider.ReadyResult.READY);
        BlockingQueue<DataUpdateStatus.State> states = new LinkedBlockingQueue<>();
        status.addStatusListener(s -> states.add(s.state()));

        FlagTracker tracker = client.flagTracker();
        Set<String> invalidated = ConcurrentHashMap.newKeySet();
        tracker.addFlagChangeListener(e -> invalidated.addAll(e.flagKeys()));
        FBUser user = FBUser.builder("user-42").build();
        BlockingQueue<String> values = new LinkedBlockingQueue<>();
        Subscription sub = tracker.addFlagValueChangeListener("new-checkout", user,
            e -> values.add(e.flagKey() + " is now " + e.newValue().value()));

        server.upsertFlag(TestFlag.bool("new-checkout").serve(true));
        assertThat(values.poll(10, TimeUnit.SECONDS)).isEqualTo("new-checkout is now true");
        assertThat(invalidated).contains("new-checkout");
        sub.close();

        client.trackMetric(user, "checkout");
        client.trackMetric(user, "order-value", 129.95);
        client.identify(user);
        client.flush();
        boolean done = client.flushAndWait(Duration.ofSeconds(10));
        EventStats stats = client.eventStats();
        assertThat(done).isTrue();
        assertThat(stats.sent()).isEqualTo(stats.accepted()).isGreaterThanOrEqualTo(5);

        server.dropAllConnections();
        assertThat(states.poll(10, TimeUnit.SECONDS)).isEqualTo(DataUpdateStatus.State.STALE);
        server.refuseConnections(503, "2");
        server.scriptInsightResponses(ScriptedResponse.status(500));
        server.refuseConnections(0, null);
        assertThat(server.await(s -> s.acceptedConnections() == 2, Duration.ofSeconds(15))).isTrue();
        assertThat(states.poll(15, TimeUnit.SECONDS)).isEqualTo(DataUpdateStatus.State.READY);
      }
    }
  }
}
