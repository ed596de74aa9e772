package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.DataUpdateStatusProvider.ReadyResult;
import dev.featbit.sdk.FlagTracker.FlagChangeEvent;
import dev.featbit.sdk.FlagTracker.FlagValueChangeEvent;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live synchronisation against the test kit's FeatBit-compatible server on loopback (SYNC-*, POLL-*, NOTIF-*). */
class StreamingTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"), TestFlag.strings("theme", "light", "dark"));
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    server.close();
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(20)).maxRetryDelay(Duration.ofMillis(200)).disableEvents();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  /** The data-sync requests the server received, as their timestamps. */
  List<Long> dataSyncTimestamps() {
    List<Long> out = new ArrayList<>();
    server.clientMessages().stream().filter(m -> m.get("messageType").asText().equals("data-sync"))
        .forEach(m -> out.add(m.get("data").get("timestamp").asLong()));
    return out;
  }

  @Test
  void sync3_sync15_initialFullSyncThenPatchesAndArchive() throws Exception {
    FBClient c = client(config());
    assertThat(c.isInitialized()).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
    assertThat(dataSyncTimestamps()).containsExactly(0L);
    assertThat(server.upgradeUserAgents()).allMatch(ua -> ua.startsWith("featbit-java-server-sdk/"));

    BlockingQueue<FlagChangeEvent> changes = new LinkedBlockingQueue<>();
    c.flagTracker().addFlagChangeListener(changes::add);
    server.upsertFlag(TestFlag.bool("flag-a").on(false));
    FlagChangeEvent e = changes.poll(10, TimeUnit.SECONDS);
    assertThat(e).isNotNull();
    assertThat(e.flagKeys()).containsExactly("flag-a");
    assertThat(e.isFull()).isFalse();
    assertThat(c.boolVariationDetail("flag-a", U, true).reason()).isEqualTo(ReasonKind.OFF);

    server.archiveFlag("theme");
    assertThat(changes.poll(10, TimeUnit.SECONDS).flagKeys()).containsExactly("theme");
    assertThat(c.isFlagKnown("theme")).isFalse();
    server.upsertFlag(TestFlag.strings("theme", "light", "dark").serve("dark"));
    assertThat(changes.poll(10, TimeUnit.SECONDS).flagKeys()).containsExactly("theme");
    assertThat(c.stringVariation("theme", U, "x")).isEqualTo("dark");
  }

  @Test
  void sync16_sync20_reconnectsAfterClose1000AndAsksForChangesSinceTheCursor() throws Exception {
    FBClient c = client(config());
    long cursor = maxVersion();
    BlockingQueue<DataUpdateStatus> statuses = new LinkedBlockingQueue<>();
    c.dataUpdateStatusProvider().addStatusListener(statuses::add);
    server.closeAll(1000, "");
    assertThat(statuses.poll(10, TimeUnit.SECONDS).state()).isEqualTo(State.STALE);
    assertThat(statuses.poll(10, TimeUnit.SECONDS).state()).isEqualTo(State.READY);
    assertThat(server.acceptedConnections()).isEqualTo(2);
    assertThat(dataSyncTimestamps()).containsExactly(0L, cursor);
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
  }

  long maxVersion() {
    return Math.max(java.time.Instant.parse(server.flag("flag-a").get("updatedAt").asText()).toEpochMilli(),
        java.time.Instant.parse(server.flag("theme").get("updatedAt").asText()).toEpochMilli());
  }

  @Test
  @AllowLogs("featbit.sync")
  void sync17_d12_close4003StopsForGood() throws Exception {
    String otherSecret = Secrets.newSecret();
    FBConfig.Builder b = FBConfig.builder(otherSecret).streamingUrl(server.streamingUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(20)).disableEvents();
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(b);
      assertThat(c.isInitialized()).isFalse();
      assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.CLOSED);
      assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.REJECTED);
      assertThat(c.dataUpdateStatusProvider().status().lastError().kind())
          .isEqualTo(DataUpdateStatus.ErrorKind.REJECTED);
      assertThat(c.boolVariationDetail("flag-a", U, false).reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
      assertThat(server.rejectedConnections()).isEqualTo(1);
      assertThat(String.join("\n", logs.lines())).contains("4003").doesNotContain(otherSecret);
    }
    // nothing reconnects: a later change of the server's behaviour is never seen
    assertThat(server.await(s -> s.upgradeAttempts() > 1, Duration.ofMillis(500))).isFalse();
  }

  /**
   * SYNC-17, D-12: after a 4003 nothing fetches data by another route, not even the polling fallback whose
   * start was already scheduled when the connection was attempted (due 300 ms after it; if the rejection
   * comes later than that on a slow machine, the fallback has started and the rejection stops it).
   */
  @Test
  @AllowLogs("featbit.sync")
  void sync17_d12_close4003NeverStartsThePollingFallback() throws Exception {
    FBClient c = client(FBConfig.builder(Secrets.newSecret()).streamingUrl(server.streamingUrl())
        .pollingUrl(server.httpUrl()).pollingFallbackAfter(Duration.ofMillis(300))
        .pollingInterval(Duration.ofMillis(100)).startWait(T).disableEvents());
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.REJECTED);
    int polls = server.pollingRequests().size();
    assertThat(server.await(s -> s.pollingRequests().size() > polls, Duration.ofSeconds(1)))
        .as("no polling after the rejection").isFalse();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.CLOSED);
  }

  /**
   * A 401/403 answered to the polling fallback stops the fallback only: whether the secret is rejected is the
   * WebSocket's call (4003), and streaming goes on reconnecting and recovers.
   */
  @Test
  @AllowLogs("featbit.sync")
  void pollingFallbackRefusedStopsOnlyTheFallback() throws Exception {
    server.refuseConnections(503, null);
    server.scriptPollingResponses(ScriptedResponse.status(403));
    FBClient c = client(config().startWait(Duration.ZERO).pollingUrl(server.httpUrl())
        .pollingFallbackAfter(Duration.ofMillis(100)).pollingInterval(Duration.ofMillis(100)));
    assertThat(server.await(s -> s.pollingRequests().size() == 1, T)).isTrue();
    assertThat(server.await(s -> s.pollingRequests().size() > 1, Duration.ofMillis(500)))
        .as("the refused fallback stopped polling").isFalse();
    assertThat(c.dataUpdateStatusProvider().state()).isNotEqualTo(State.CLOSED);
    server.refuseConnections(0, null);
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.READY);
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
  }

  /**
   * D-19: the liveness limit (3 x pingInterval without input) counts every frame. A data set that takes longer
   * than the limit to arrive (a large environment on a slow link) is received once, not cut off and asked
   * for again for ever.
   */
  @Test
  void d19_aSlowlyArrivingDataSetIsNotMistakenForADeadConnection() throws Exception {
    server.trickleDataSync(8, Duration.ofMillis(100)); // about 700 ms for the full data set; limit 300 ms
    FBClient c = client(config().pingInterval(Duration.ofMillis(100)));
    assertThat(c.isInitialized()).isTrue();
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
    assertThat(server.acceptedConnections()).as("the one connection was kept").isEqualTo(1);
  }

  /**
   * API-21: close() while the WebSocket handshake is still running. The socket that opens after close() is
   * closed at once: the client's tasks thread, which closes a socket opened too late, is already stopped, so
   * the listener closes it itself.
   */
  @Test
  void api21_closeDuringTheHandshakeClosesTheSocketThatOpensLate() throws Exception {
    server.delayUpgrades(Duration.ofMillis(500));
    FBClient c = client(config().startWait(Duration.ZERO).pollingFallbackAfter(null)
        .connectTimeout(Duration.ofSeconds(30))); // the JDK would close the socket at this timeout at the latest
    assertThat(server.await(s -> s.upgradeAttempts() >= 1, T)).isTrue();
    c.close();
    assertThat(server.await(s -> s.acceptedConnections() == 1, T)).as("the handshake completed").isTrue();
    assertThat(server.await(s -> s.openConnections() == 0, Duration.ofSeconds(5)))
        .as("the late socket was closed").isTrue();
  }

  @Test
  void serverKilledAndRestartedMidStream() throws Exception {
    FBClient c = client(config().pingInterval(Duration.ofMillis(200)));
    server.stop();
    assertThat(waitForState(c, State.STALE)).isTrue();
    assertThat(c.boolVariation("flag-a", U, false)).as("data survives the outage").isTrue();
    server.upsertFlag(TestFlag.bool("flag-a").serve(false));
    server.restart();
    assertThat(waitFor(() -> !c.boolVariation("flag-a", U, true))).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
  }

  @Test
  void d19_halfOpenConnectionIsDetected() throws Exception {
    FBClient c = client(config().pingInterval(Duration.ofMillis(100)));
    server.answerPings(false);
    assertThat(server.await(s -> s.acceptedConnections() >= 2, T)).isTrue();
    assertThat(c.dataUpdateStatusProvider().status().lastError().kind())
        .isEqualTo(DataUpdateStatus.ErrorKind.LIVENESS_TIMEOUT);
  }

  @Test
  @AllowLogs("featbit.sync")
  void sync10_malformedFramesAreSkipped() throws Exception {
    FBClient c = client(config());
    server.sendRawToAll("not json");
    server.sendRawToAll("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"rp_full\",\"featureFlags\":[]}}");
    server.sendRawToAll("{\"messageType\":\"something-new\",\"data\":{}}");
    server.upsertFlag(TestFlag.bool("flag-a").serve(false));
    assertThat(waitFor(() -> !c.boolVariation("flag-a", U, true))).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    assertThat(c.dataUpdateStatusProvider().status().lastError().kind())
        .isEqualTo(DataUpdateStatus.ErrorKind.INVALID_DATA);
    assertThat(server.acceptedConnections()).as("bad data never forces a reconnect").isEqualTo(1);
  }

  @Test
  void sync4_startWaitTimeoutThenLateSuccess() {
    server.delayAnswers(Duration.ofMillis(700));
    FBClient c = client(config().startWait(Duration.ofMillis(50)));
    assertThat(c.isInitialized()).isFalse();
    assertThat(c.boolVariationDetail("flag-a", U, false).reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
    assertThat(c.dataUpdateStatusProvider().waitForReady(Duration.ofMillis(1))).isEqualTo(ReadyResult.TIMED_OUT);
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.READY);
    assertThat(c.boolVariation("flag-a", U, false)).isTrue();
  }

  @Test
  void poll1_poll5_pollingMode() throws Exception {
    FBClient c = client(FBConfig.builder(server.secret()).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .pollingUrl(server.httpUrl()).pollingInterval(Duration.ofMillis(100)).startWait(T).disableEvents());
    assertThat(c.isInitialized()).isTrue();
    assertThat(server.pollingRequests().get(0).query()).isNull();
    assertThat(server.pollingRequests().get(0).header("authorization")).isEqualTo(server.secret());
    server.upsertFlag(TestFlag.bool("flag-a").serve(false));
    assertThat(waitFor(() -> !c.boolVariation("flag-a", U, true))).isTrue();
    assertThat(server.pollingRequests().get(1).query()).startsWith("timestamp=");
    assertThat(server.upgradeAttempts()).isZero();
  }

  @Test
  void poll7_poll8_retryAfterIsHonouredAndDataKept() throws Exception {
    FBClient c = client(FBConfig.builder(server.secret()).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .pollingUrl(server.httpUrl()).pollingInterval(Duration.ofMillis(100)).firstRetryDelay(Duration.ofMillis(10))
        .startWait(T).disableEvents());
    server.scriptPollingResponses(ScriptedResponse.status(429, "1"), ScriptedResponse.status(500));
    assertThat(waitForState(c, State.STALE)).isTrue();
    assertThat(c.boolVariation("flag-a", U, false)).as("data kept").isTrue();
    assertThat(waitForState(c, State.READY)).isTrue();
    List<RecordedRequest> reqs = server.pollingRequests();
    int limited = -1;
    for (int i = 0; i < reqs.size(); i++) {
      if (reqs.get(i).answeredStatus() == 429) {
        limited = i;
      }
    }
    assertThat(limited).isPositive();
    assertThat(reqs.get(limited + 1).answeredStatus()).isEqualTo(500);
    long gap = reqs.get(limited + 1).receivedAtMillis() - reqs.get(limited).receivedAtMillis();
    assertThat(gap).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(950);
    long retryGap = reqs.get(limited + 2).receivedAtMillis() - reqs.get(limited + 1).receivedAtMillis();
    assertThat(retryGap).as("a 500 is retried after the short backoff, not the interval").isLessThan(950);
  }

  @Test
  void pollingFallbackWhileStreamingIsRefused() throws Exception {
    server.refuseConnections(503, null);
    FBClient c = client(config().pollingUrl(server.httpUrl()).pollingFallbackAfter(Duration.ofMillis(200))
        .pollingInterval(Duration.ofMillis(100)));
    assertThat(c.isInitialized()).as("initialized by the polling fallback").isTrue();
    assertThat(server.pollingRequests()).isNotEmpty();
    server.refuseConnections(0, null);
    assertThat(server.await(s -> s.acceptedConnections() >= 1, T)).isTrue();
    assertThat(server.await(s -> s.clientMessages().size() >= 1, T)).as("streaming data-sync sent").isTrue();
    server.upsertFlag(TestFlag.bool("flag-a").serve(false));
    assertThat(waitFor(() -> !c.boolVariation("flag-a", U, true))).isTrue();
    // streaming has committed data again: polling stops (at most a request already in flight completes)
    int polls = server.pollingRequests().size();
    assertThat(server.await(s -> s.pollingRequests().size() > polls + 1, Duration.ofMillis(600))).isFalse();
  }

  @Test
  void sync21_api21_closeDuringReconnectLeavesNoThreadAndOpensNothing() throws Exception {
    server.refuseConnections(503, null);
    FBClient c = client(config().startWait(Duration.ZERO).pollingFallbackAfter(null));
    assertThat(server.await(s -> s.upgradeAttempts() >= 2, T)).isTrue();
    c.close();
    int attempts = server.upgradeAttempts();
    server.refuseConnections(0, null);
    assertThat(server.await(s -> s.upgradeAttempts() > attempts, Duration.ofMillis(500))).isFalse();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.CLOSED);
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.CLOSED);
    assertNoSdkThreads();
  }

  @Test
  void closeDuringConnectBeforeTheFirstDataSet() throws Exception {
    server.delayAnswers(Duration.ofSeconds(2));
    FBClient c = client(config().startWait(Duration.ZERO));
    assertThat(server.await(s -> s.clientMessages().size() >= 1, T)).as("data-sync sent").isTrue();
    c.close();
    assertThat(c.isInitialized()).isFalse();
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.CLOSED);
    assertThat(server.await(s -> s.openConnections() == 0, T)).isTrue();
    int attempts = server.upgradeAttempts();
    assertThat(server.await(s -> s.upgradeAttempts() > attempts, Duration.ofMillis(500))).isFalse();
    assertNoSdkThreads();
  }

  @Test
  void closeWhileConnectedStopsEverything() throws Exception {
    FBClient c = client(config());
    assertThat(server.await(s -> s.openConnections() == 1, T)).isTrue();
    c.close();
    assertThat(server.await(s -> s.openConnections() == 0, T)).isTrue();
    assertThat(c.boolVariation("flag-a", U, false)).as("API-22: still evaluates").isTrue();
    assertNoSdkThreads();
  }

  static void assertNoSdkThreads() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (n.startsWith("featbit-tasks") || n.startsWith("featbit-http") || n.startsWith("featbit-listeners")) {
        t.join(5000);
        assertThat(t.isAlive()).as(n + " still alive").isFalse();
      }
    }
  }

  @Test
  void notif_listenersRunInOrderAreIsolatedAndMayEvaluateOrClose() throws Exception {
    FBClient c = client(config());
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    c.flagTracker().addFlagChangeListener(e -> {
      throw new IllegalStateException("boom");
    });
    c.flagTracker().addFlagChangeListener(e -> seen.add("change " + e.flagKeys() + " now "
        + c.stringVariation("theme", U, "?")));
    BlockingQueue<FlagValueChangeEvent> values = new LinkedBlockingQueue<>();
    c.flagTracker().addFlagValueChangeListener("theme", U, values::add);
    server.upsertFlag(TestFlag.strings("theme", "light", "dark").serve("dark"));
    server.upsertFlag(TestFlag.strings("theme", "light", "dark").serve("dark").offValue("light"));
    server.upsertFlag(TestFlag.strings("theme", "light", "dark").serve("light"));
    // a listener may evaluate: it sees data at least as new as its commit (later commits may be visible too)
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isIn("change [theme] now dark", "change [theme] now light");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isIn("change [theme] now dark", "change [theme] now light");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("change [theme] now light");
    FlagValueChangeEvent first = values.poll(10, TimeUnit.SECONDS);
    assertThat(first.oldValue().value()).isEqualTo("light");
    assertThat(first.newValue().value()).isEqualTo("dark");
    FlagValueChangeEvent second = values.poll(10, TimeUnit.SECONDS);
    assertThat(second.newValue().value()).as("the second push did not change the value").isEqualTo("light");
    BlockingQueue<Boolean> closedFromListener = new LinkedBlockingQueue<>();
    c.flagTracker().addFlagChangeListener(e -> {
      c.close();
      closedFromListener.add(c.isClosed());
    });
    server.upsertFlag(TestFlag.bool("flag-a"));
    assertThat(closedFromListener.poll(10, TimeUnit.SECONDS)).isTrue();
    assertNoSdkThreads();
  }

  @Test
  void gen7_secretAndTokenNeverLogged() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      FBClient c = client(config().pingInterval(Duration.ofMillis(50)));
      server.closeAll(1000, "");
      server.dropAllConnections();
      assertThat(server.await(s -> s.acceptedConnections() >= 2, T)).isTrue();
      c.close();
      String all = String.join("\n", logs.lines());
      assertThat(all).isNotEmpty().doesNotContain(server.secret()).doesNotContain("token=");
      assertThat(all).doesNotContain(server.secret().substring(0, 17)).doesNotContain(server.secret().substring(22));
    }
  }

  boolean waitForState(FBClient c, State state) throws InterruptedException {
    BlockingQueue<State> q = new LinkedBlockingQueue<>();
    Subscription s = c.dataUpdateStatusProvider().addStatusListener(st -> q.add(st.state()));
    try {
      if (c.dataUpdateStatusProvider().state() == state) {
        return true;
      }
      long deadline = System.nanoTime() + T.toNanos();
      while (System.nanoTime() < deadline) {
        State got = q.poll(100, TimeUnit.MILLISECONDS);
        if (got == state || c.dataUpdateStatusProvider().state() == state) {
          return true;
        }
      }
      return false;
    } finally {
      s.close();
    }
  }

  /** Waits for a condition on the client, re-checked on every flag change notification. */
  boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    FBClient c = clients.get(clients.size() - 1);
    BlockingQueue<Object> q = new LinkedBlockingQueue<>();
    Subscription s = c.flagTracker().addFlagChangeListener(q::add);
    try {
      long deadline = System.nanoTime() + T.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        q.poll(50, TimeUnit.MILLISECONDS);
      }
      return true;
    } finally {
      s.close();
    }
  }

  @Test
  void aFailedConnectionNamesTheUrlWithoutTokenAndTheCause() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    for (String[] c : new String[][] {
        {"ws://127.0.0.1:" + port, "ws://127.0.0.1:" + port + "/streaming: connection refused or unreachable"},
        {"ws://no-such-host.invalid", "ws://no-such-host.invalid/streaming: unknown host"}}) {
      try (LogCapture logs = new LogCapture()) {
        FBClient client = client(FBConfig.builder(server.secret()).streamingUrl(c[0]).startWait(Duration.ZERO)
            .pollingFallbackAfter(null).firstRetryDelay(Duration.ofSeconds(30)).disableEvents());
        logs.awaitLine(l -> l.contains("Reconnecting in"), T); // logged once the status has the error
        DataUpdateStatus.ErrorInfo e = client.dataUpdateStatusProvider().status().lastError();
        assertThat(e.message()).startsWith(c[1]).doesNotContain("token").doesNotContain(server.secret());
        assertThat(logs.lines()).anyMatch(l -> l.equals("WARN Streaming connection failed: " + e.message()));
      }
    }
  }
}
