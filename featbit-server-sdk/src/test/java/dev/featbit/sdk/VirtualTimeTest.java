package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testkit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timing decisions (reconnection backoff, liveness, polling interval, event flushes and retries) tested in
 * virtual time: the client runs on the test kit's {@link VirtualTime} clock and scheduler, against a real
 * server on loopback; only the network takes real time.
 */
class VirtualTimeTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  FeatBitTestServer server;
  VirtualTime vt;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"));
    vt = VirtualTime.startingNow();
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    vt.close();
    server.close();
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(Duration.ZERO)
        .clock(vt.clock()).scheduler(vt.scheduler()).pollingFallbackAfter(null).disableEvents();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  static void awaitState(FBClient c, State state) throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    Subscription s = c.dataUpdateStatusProvider().addStatusListener(st -> {
      if (st.state() == state) {
        reached.countDown();
      }
    });
    try {
      if (c.dataUpdateStatusProvider().status().state() != state) {
        assertThat(reached.await(T.toMillis(), TimeUnit.MILLISECONDS)).as("state %s", state).isTrue();
      }
    } finally {
      s.close();
    }
  }

  @Test
  void sync18_reconnectionDelaysDoubleUpToTheCap() {
    server.refuseConnections(503, null);
    client(config().firstRetryDelay(Duration.ofSeconds(1)).maxRetryDelay(Duration.ofSeconds(8)));
    for (int n = 0; n < 6; n++) {
      assertThat(vt.awaitPending(1, T)).isTrue();
      int attempts = server.upgradeAttempts();
      Duration delay = vt.nextDelay();
      long b = Math.min(1000L << n, 8000L);
      assertThat(delay.toMillis()).as("delay of attempt %d", n).isBetween(b / 2, b - 1);
      vt.advance(delay.minusMillis(1));
      assertThat(server.upgradeAttempts()).isEqualTo(attempts);
      vt.advance(Duration.ofMillis(1));
      assertThat(server.await(s -> s.upgradeAttempts() > attempts, T)).isTrue();
    }
  }

  @Test
  void aConnectionThatCompletedADataSyncReconnectsPromptlyHoweverOftenItIsCut() throws Exception {
    FBClient c = client(config().firstRetryDelay(Duration.ofSeconds(1)).maxRetryDelay(Duration.ofSeconds(60)));
    awaitState(c, State.READY);
    for (int cut = 0; cut < 5; cut++) {
      int accepted = server.acceptedConnections();
      server.closeAll(1001, "cut by a proxy");
      awaitState(c, State.STALE);
      assertThat(vt.awaitQuiet(T)).isTrue();
      Duration delay = vt.nextDelay();
      assertThat(delay.toMillis()).as("delay after cut %d", cut).isBetween(500L, 999L);
      vt.advance(delay);
      assertThat(server.await(s -> s.acceptedConnections() > accepted, T)).isTrue();
      awaitState(c, State.READY);
    }
  }

  @Test
  void sync16_aSilentConnectionIsReplacedAfterThreePingIntervals() throws Exception {
    server.answerPings(false);
    FBClient c = client(config().pingInterval(Duration.ofSeconds(1)));
    awaitState(c, State.READY);
    assertThat(vt.awaitQuiet(T)).isTrue();
    vt.advance(Duration.ofMillis(2999));
    assertThat(c.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
    assertThat(server.acceptedConnections()).isEqualTo(1);
    vt.advance(Duration.ofMillis(1));
    DataUpdateStatus st = c.dataUpdateStatusProvider().status();
    assertThat(st.state()).isEqualTo(State.STALE);
    assertThat(st.lastError().kind()).isEqualTo(ErrorKind.LIVENESS_TIMEOUT);
    assertThat(st.lastError().message()).isEqualTo("nothing received for 3000 ms");
  }

  @Test
  void sync16_aSilenceThatBeginsBetweenPingsIsNoticedWithinATenthOfAnIntervalAfterThreeIntervals()
      throws Exception {
    server.answerPings(false);
    FBClient c = client(config().pingInterval(Duration.ofSeconds(1)));
    awaitState(c, State.READY);
    assertThat(vt.awaitQuiet(T)).isTrue();
    vt.advance(Duration.ofMillis(450));
    server.upsertFlag(TestFlag.bool("flag-b")); // the last message the client receives, between two pings
    assertThat(server.await(s -> c.isFlagKnown("flag-b"), T)).isTrue();
    vt.advance(Duration.ofMillis(2999));
    assertThat(c.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
    vt.advance(Duration.ofMillis(101)); // 3,100 ms after the last message
    assertThat(c.dataUpdateStatusProvider().status().state()).isEqualTo(State.STALE);
    assertThat(c.dataUpdateStatusProvider().status().lastError().message()).isEqualTo("nothing received for 3050 ms");
  }

  @Test
  void poll_theNextPollStartsOneIntervalAfterTheLast() throws Exception {
    FBClient c = client(config().dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl())
        .pollingInterval(Duration.ofSeconds(30)));
    awaitState(c, State.READY);
    assertThat(vt.awaitQuiet(T)).isTrue();
    assertThat(server.pollingRequests()).hasSize(1);
    vt.advance(Duration.ofMillis(29_999));
    assertThat(server.pollingRequests()).hasSize(1);
    vt.advance(Duration.ofMillis(1));
    assertThat(server.await(s -> s.pollingRequests().size() == 2, T)).isTrue();
  }

  @Test
  void evt_eventsAreSentEveryFlushIntervalOfTheClientsClock() throws Exception {
    FBClient c = client(config().events(Components.events().flushInterval(Duration.ofSeconds(10))));
    awaitState(c, State.READY);
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
    vt.advance(Duration.ofMillis(9_999));
    assertThat(server.insightRequests()).isEmpty();
    vt.advance(Duration.ofMillis(1));
    assertThat(server.await(s -> s.insightRequests().size() == 1, T)).isTrue();
  }

  @Test
  void evt_aFailedBatchIsRetriedAfterHalfASecondOfTheClientsClock() throws Exception {
    server.scriptInsightResponses(ScriptedResponse.status(500));
    FBClient c = client(config().events(Components.events().flushInterval(Duration.ofSeconds(60))));
    awaitState(c, State.READY);
    c.trackMetric(U, "checkout");
    c.flush();
    assertThat(server.await(s -> s.insightRequests().size() == 1, T)).isTrue();
    assertThat(vt.awaitPending(3, T)).isTrue(); // the ping, the periodic flush and the retry
    assertThat(vt.pendingDelays()).contains(Duration.ofMillis(500));
    vt.advance(Duration.ofMillis(499));
    assertThat(server.insightRequests()).hasSize(1);
    vt.advance(Duration.ofMillis(1));
    assertThat(server.await(s -> s.insightRequests().size() == 2, T)).isTrue();
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(c.eventStats().sent()).isEqualTo(1);
  }
}
