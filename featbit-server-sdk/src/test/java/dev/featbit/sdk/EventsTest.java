package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.sdk.testing.Together;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Insight delivery against the test kit's insight endpoint (EVT-*, PROTO-13..16). */
class EventsTest {
  static final Duration T = Duration.ofSeconds(10);
  FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("on"), TestFlag.bool("off").on(false), TestFlag.strings("text", "hello"),
        TestFlag.bool("targeted").serve(false).targets(true, "vip").exptIncludeAllTargets(true),
        TestFlag.strings("ruled", "a", "b").rule("beta", "b", TestFlag.condition("plan", "Equal", "beta")));
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    server.close();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  FBConfig.Builder config() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).eventsUrl(server.httpUrl())
        .startWait(T).flushInterval(Duration.ofSeconds(30));
  }

  /** All insights received, in order, flattened from every 2xx batch. */
  List<JsonNode> insights() {
    List<JsonNode> out = new ArrayList<>();
    for (RecordedRequest r : server.insightRequests()) {
      if (r.answeredStatus() == 200) {
        r.json().forEach(out::add);
      }
    }
    return out;
  }

  static JsonNode withoutTimestamps(JsonNode insight) {
    ObjectNode copy = insight.deepCopy();
    for (String arr : new String[] {"variations", "metrics"}) {
      for (JsonNode e : copy.path(arr)) {
        assertThat(e.get("timestamp").isIntegralNumber()).isTrue();
        ((ObjectNode) e).remove("timestamp");
      }
    }
    return copy;
  }

  @Test
  void proto14_evt1_evaluationEventShapeForEveryReason() throws Exception {
    FBClient c = client(config());
    FBUser ada = FBUser.builder("u-1").name("Ada").custom("plan", "beta").custom("seats", 12).build();
    FBUser vip = FBUser.builder("vip").build();
    long before = System.currentTimeMillis();
    assertThat(c.boolVariation("on", ada, false)).isTrue();                 // FALLTHROUGH
    assertThat(c.boolVariation("off", ada, true)).isFalse();                // OFF
    assertThat(c.boolVariation("targeted", vip, false)).isTrue();           // TARGET_MATCH, expt all
    assertThat(c.stringVariation("ruled", ada, "x")).isEqualTo("b");        // RULE_MATCH
    assertThat(c.flushAndWait(T)).isTrue();
    long after = System.currentTimeMillis();
    List<JsonNode> got = insights();
    assertThat(got).hasSize(4);
    JsonNode expectedFirst = TestData.M.readTree("{\"user\":{\"keyId\":\"u-1\",\"name\":\"Ada\","
        + "\"customizedProperties\":[{\"name\":\"plan\",\"value\":\"beta\"},{\"name\":\"seats\",\"value\":\"12\"}]},"
        + "\"variations\":[{\"featureFlagKey\":\"on\",\"variation\":{\"id\":\"on-v0\",\"value\":\"true\"},"
        + "\"sendToExperiment\":true}]}");
    assertThat(withoutTimestamps(got.get(0))).isEqualTo(expectedFirst);
    assertThat(got.get(0).at("/variations/0/timestamp").asLong()).isBetween(before, after);
    assertThat(got.get(1).at("/variations/0/variation/value").asText()).isEqualTo("false");
    assertThat(got.get(1).at("/variations/0/sendToExperiment").asBoolean()).isFalse();
    assertThat(got.get(2).at("/user/name").asText()).as("no name is sent as \"\"").isEmpty();
    assertThat(got.get(2).at("/variations/0/sendToExperiment").asBoolean()).isTrue();
    assertThat(got.get(3).at("/variations/0/variation/id").asText()).isEqualTo("ruled-v1");
    RecordedRequest req = server.insightRequests().get(0);
    assertThat(req.header("authorization")).isEqualTo(server.secret());
    assertThat(req.header("content-type")).isEqualToIgnoringCase("application/json; charset=utf-8");
    assertThat(req.header("user-agent")).startsWith("featbit-java-server-sdk/");
    assertThat(c.eventStats().sent()).isEqualTo(4);
  }

  /**
   * A served variation that has no id in the flag data: the insight carries {@code "id": null}, the id the
   * server itself reports and records for that variation.
   */
  @Test
  void aVariationWithoutIdIsSentWithANullId() throws Exception {
    ObjectNode f = TestFlag.bool("idless").on(false).toJson("2025-03-01T08:00:00Z");
    ((ObjectNode) f.get("variations").get(1)).remove("id");
    f.putNull("disabledVariationId");
    ObjectNode data = TestData.M.createObjectNode();
    data.putArray("featureFlags").add(f);
    data.putArray("segments");
    server.load(data.toString());
    FBClient c = client(config());
    assertThat(c.boolVariation("idless", FBUser.builder("u-1").build(), true)).isFalse();
    assertThat(c.flushAndWait(T)).isTrue();
    List<JsonNode> got = insights();
    assertThat(got).hasSize(1);
    JsonNode variation = got.get(0).at("/variations/0/variation");
    assertThat(variation.has("id")).isTrue();
    assertThat(variation.get("id").isNull()).isTrue();
    assertThat(variation.get("value").asText()).isEqualTo("false");
  }

  @Test
  void proto15_metricAndUserInsights() throws Exception {
    FBClient c = client(config());
    FBUser u = FBUser.builder("u-2").name("Bo").build();
    c.trackMetric(u, "checkout");
    c.trackMetric(u, "order-value", 129.95);
    c.trackMetrics(u, Map.of("items", 3.0));
    c.identify(u);
    assertThat(c.flushAndWait(T)).isTrue();
    List<JsonNode> got = insights();
    assertThat(got).hasSize(4);
    assertThat(withoutTimestamps(got.get(1))).isEqualTo(TestData.M.readTree("{\"user\":{\"keyId\":\"u-2\","
        + "\"name\":\"Bo\",\"customizedProperties\":[]},\"metrics\":[{\"route\":\"index/metric\","
        + "\"type\":\"CustomEvent\",\"eventName\":\"order-value\",\"numericValue\":129.95,"
        + "\"appType\":\"javaserverside\"}]}"));
    assertThat(got.get(0).at("/metrics/0/numericValue").asDouble()).isEqualTo(1.0);
    assertThat(got.get(3)).isEqualTo(TestData.M.readTree("{\"user\":{\"keyId\":\"u-2\",\"name\":\"Bo\","
        + "\"customizedProperties\":[]}}"));
  }

  @Test
  void evt2_evt4_noEventsForFallbacksBulkOfflineDisabledOrAfterClose() throws Exception {
    FBClient c = client(config());
    FBUser u = FBUser.builder("u").build();
    c.intVariation("text", u, 0);            // WRONG_TYPE
    c.boolVariation("missing", u, false);    // ERROR
    c.boolVariation("on", null, false);      // ERROR: no user
    c.getAllLatestFlagVariations(u);         // bulk
    c.trackMetric(null, "x");                // invalid
    c.trackMetric(u, " ");
    c.trackMetric(u, "nan", Double.NaN);
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(insights()).isEmpty();
    assertThat(c.eventStats().accepted()).isZero();

    FBClient disabled = client(config().disableEvents());
    disabled.boolVariation("on", u, false);
    disabled.trackMetric(u, "x");
    FBClient offline = client(FBConfig.builder(null).offline(true));
    offline.trackMetric(u, "x");
    c.close();
    c.boolVariation("on", u, false);
    c.trackMetric(u, "after-close");
    assertThat(server.insightRequests()).isEmpty();
  }

  @Test
  void evt3_trackWorksBeforeReadiness() throws Exception {
    server.delayAnswers(Duration.ofSeconds(1));
    FBClient c = client(config().startWait(Duration.ZERO));
    assertThat(c.isInitialized()).isFalse();
    c.trackMetric(FBUser.builder("early").build(), "signup");
    assertThat(c.flushAndWait(T)).isTrue();
    server.delayAnswers(Duration.ZERO);
    assertThat(server.await(s -> s.insightRequests().size() == 1, T)).isTrue();
  }

  @Test
  void evt13_serverErrorIsRetriedWithTheIdenticalPayloadAndDeliveredOnce() throws Exception {
    FBClient c = client(config());
    server.scriptInsightResponses(ScriptedResponse.status(500));
    c.trackMetric(FBUser.builder("u").build(), "retry-me");
    assertThat(c.flushAndWait(T)).isTrue();
    List<RecordedRequest> reqs = server.insightRequests();
    assertThat(reqs).hasSize(2);
    assertThat(reqs.get(0).answeredStatus()).isEqualTo(500);
    assertThat(reqs.get(1).answeredStatus()).isEqualTo(200);
    assertThat(reqs.get(1).body()).isEqualTo(reqs.get(0).body());
    assertThat(c.eventStats().sent()).isEqualTo(1);
    assertThat(c.eventStats().failed()).isZero();
  }

  @Test
  void evt13_retryAfterIsHonoured() throws Exception {
    FBClient c = client(config());
    server.scriptInsightResponses(ScriptedResponse.status(429, "1"));
    c.trackMetric(FBUser.builder("u").build(), "limited");
    assertThat(c.flushAndWait(T)).isTrue();
    List<RecordedRequest> reqs = server.insightRequests();
    assertThat(reqs).hasSize(2);
    assertThat(reqs.get(1).receivedAtMillis() - reqs.get(0).receivedAtMillis()).isGreaterThanOrEqualTo(950);
  }

  /**
   * EVT-13: a 429 (or 503) with {@code Retry-After} pauses all event delivery of the client, not only the batch
   * it answered: a batch flushed during the pause, with a request permit free, waits for its end too.
   */
  @Test
  void evt13_retryAfterPausesAllDeliveryOfTheClient() throws Exception {
    for (int status : new int[] {429, 503}) {
      server.clearInsightRequests();
      FBClient c = client(config().maxConcurrentEventRequests(2));
      FBUser u = FBUser.builder("u").build();
      try (LogCapture logs = new LogCapture()) {
        server.scriptInsightResponses(ScriptedResponse.status(status, "2"));
        c.trackMetric(u, "first");
        c.flush();
        assertThat(server.await(s -> logs.lines().stream().anyMatch(l -> l.contains("Event delivery paused")), T))
            .as("the client has the answer").isTrue();
        c.trackMetric(u, "second");
        assertThat(c.flushAndWait(T)).isTrue();
      }
      List<RecordedRequest> reqs = server.insightRequests();
      assertThat(reqs).hasSize(3);
      assertThat(reqs.get(0).answeredStatus()).isEqualTo(status);
      for (RecordedRequest r : reqs.subList(1, 3)) {
        assertThat(r.receivedAtMillis() - reqs.get(0).receivedAtMillis()).as("sent during the pause")
            .isGreaterThanOrEqualTo(1950);
        assertThat(r.answeredStatus()).isEqualTo(200);
      }
      assertThat(c.eventStats().sent()).isEqualTo(2);
    }
  }

  @Test
  void evt13_retriesAreBounded() throws Exception {
    FBClient c = client(config().eventMaxAttempts(2));
    server.scriptInsightResponses(ScriptedResponse.status(503), ScriptedResponse.status(503));
    c.trackMetric(FBUser.builder("u").build(), "lost");
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(server.insightRequests()).hasSize(2);
    assertThat(c.eventStats().failed()).isEqualTo(1);
    c.trackMetric(FBUser.builder("u").build(), "next");
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(c.eventStats().sent()).as("delivery goes on after a failed batch").isEqualTo(1);
  }

  @Test
  @AllowLogs("featbit.events")
  void evt14_otherClientErrorStopsDeliveryOnly() throws Exception {
    FBClient c = client(config());
    server.scriptInsightResponses(ScriptedResponse.status(404));
    FBUser u = FBUser.builder("u").build();
    c.trackMetric(u, "first");
    assertThat(c.flushAndWait(T)).isTrue();
    c.trackMetric(u, "second");
    c.boolVariation("on", u, false);
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(server.insightRequests()).hasSize(1);
    assertThat(c.eventStats().failed()).isEqualTo(1);
    server.upsertFlag(TestFlag.bool("on").serve(false));
    assertThat(server.await(s -> !c.boolVariation("on", u, true), T)).as("sync goes on").isTrue();
  }

  @Test
  void evt7_floodFromSeveralThreadsNeverBlocksAndDropsAreCounted() throws Exception {
    server.delayAnswers(Duration.ofMillis(500));
    FBClient c = client(config().eventCapacity(200).eventBatchSize(50).maxConcurrentEventRequests(1)
        .shutdownTimeout(Duration.ofSeconds(3)));
    int threads = 4;
    int perThread = 5000;
    List<Thread> ts = trackFromThreads(c, threads, perThread, "u", "flood");
    for (Thread th : ts) {
      th.join(10_000);
      assertThat(th.isAlive()).as("a caller was blocked").isFalse();
    }
    EventStats s = c.eventStats();
    assertThat(s.accepted() + s.dropped()).isEqualTo((long) threads * perThread);
    assertThat(s.dropped()).isPositive();
    assertThat(s.accepted()).isLessThanOrEqualTo(200 + 2 * 50 + 1000); // capacity + batches in flight + drained
  }

  @Test
  void evt19_evt20_flushAndWaitAndCloseAreBoundedWithASlowServer() throws Exception {
    server.delayAnswers(Duration.ofSeconds(3));
    FBClient c = client(config().shutdownTimeout(Duration.ofMillis(300)));
    c.trackMetric(FBUser.builder("u").build(), "slow");
    long start = System.nanoTime();
    assertThat(c.flushAndWait(Duration.ofMillis(200))).isFalse();
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertThat(waited).isLessThan(2500);
    start = System.nanoTime();
    c.close();
    assertThat((System.nanoTime() - start) / 1_000_000).as("close bounded by shutdownTimeout").isLessThan(2500);
  }

  /**
   * EVT-20, GEN-6: a batch still waiting for its retry when close() gives up is counted as failed (the retry
   * would never run: the client stops its threads), so accepted = sent + failed + dropped, and
   * flushAndWait after close does not report work that can never finish.
   */
  @Test
  void evt20_gen6_aRetryStillWaitingAtCloseIsCountedAsFailed() throws Exception {
    server.scriptInsightResponses(ScriptedResponse.status(429, "30"));
    FBClient c = client(config().shutdownTimeout(Duration.ofMillis(200)));
    c.trackMetric(FBUser.builder("u").build(), "never-retried");
    c.flush();
    assertThat(server.await(s -> s.insightRequests().size() == 1, T)).isTrue();
    c.close();
    EventStats s = c.eventStats();
    assertThat(s.accepted()).isEqualTo(1);
    assertThat(s.sent()).isZero();
    assertThat(s.failed()).as("the batch waiting for its retry").isEqualTo(1);
    assertThat(c.flushAndWait(Duration.ZERO)).isTrue();
    assertThat(server.insightRequests()).hasSize(1);
  }

  @Test
  void evt5_userAndTimestampAreSnapshots() throws Exception {
    FBClient c = client(config());
    FBUser.Builder b = FBUser.builder("snap").custom("plan", "free");
    FBUser u = b.build();
    c.trackMetric(u, "m");
    b.custom("plan", "paid");
    assertThat(c.flushAndWait(T)).isTrue();
    ArrayNode props = (ArrayNode) insights().get(0).at("/user/customizedProperties");
    assertThat(props.get(0).get("value").asText()).isEqualTo("free");
  }

  @Test
  void evt19_flushAndWaitCoversTheEventsOfEveryThreadIncludingThreadsThatEnded() throws Exception {
    FBClient c = client(config());
    int threads = 16;
    int perThread = 40;
    List<Thread> ts = Together.start(threads, t -> {
      FBUser u = FBUser.builder("t-" + t).build();
      for (int i = 0; i < perThread; i++) {
        c.trackMetric(u, "m", i);
      }
    });
    for (Thread th : ts) {
      th.join(); // every producer has ended before the flush
    }
    assertThat(c.flushAndWait(T)).isTrue();
    List<JsonNode> got = insights();
    assertThat(got).hasSize(threads * perThread);
    Map<String, List<Integer>> perUser = new java.util.HashMap<>();
    for (JsonNode i : got) {
      perUser.computeIfAbsent(i.at("/user/keyId").asText(), k -> new ArrayList<>())
          .add(i.at("/metrics/0/numericValue").asInt());
    }
    assertThat(perUser).hasSize(threads);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < perThread; i++) {
      expected.add(i);
    }
    for (List<Integer> values : perUser.values()) {
      // each once (two requests in flight may arrive in either order; order in a thread: EventBufferTest)
      assertThat(values).containsExactlyInAnyOrderElementsOf(expected);
    }
    EventStats s = c.eventStats();
    assertThat(s.accepted()).isEqualTo((long) threads * perThread);
    assertThat(s.sent()).isEqualTo((long) threads * perThread);
    assertThat(s.dropped()).isZero();
  }

  @Test
  void evt19_manyShortLivedThreadsEveryEventIsCountedAndSent() throws Exception {
    FBClient c = client(config().eventCapacity(500));
    FBUser u = FBUser.builder("short").build();
    int waves = 10;
    int perWave = 20;
    int perThread = 5;
    for (int w = 0; w < waves; w++) {
      List<Thread> ts = Together.start(perWave, t -> {
        for (int i = 0; i < perThread; i++) {
          c.boolVariation("on", u, false);
        }
      });
      for (Thread th : ts) {
        th.join();
      }
      assertThat(c.flushAndWait(T)).isTrue();
      EventStats s = c.eventStats();
      long expected = (long) (w + 1) * perWave * perThread;
      assertThat(s.accepted()).isEqualTo(expected);
      assertThat(s.sent()).isEqualTo(expected);
    }
    assertThat(insights()).hasSize(waves * perWave * perThread);
  }

  @Test
  void evt8_aFullBatchIsSentWithoutFlushFromOneThreadOrSeveral() throws Exception {
    FBClient c = client(config().eventBatchSize(5)); // flushInterval 30 s: only a full batch is sent
    FBUser u = FBUser.builder("b").build();
    for (int i = 0; i < 5; i++) {
      c.trackMetric(u, "one-thread", i);
    }
    assertThat(server.await(s -> s.insightRequests().size() == 1, T)).isTrue();
    List<Thread> ts = Together.start(5, t -> c.trackMetric(u, "several-threads"));
    for (Thread th : ts) {
      th.join();
    }
    assertThat(server.await(s -> s.insightRequests().size() == 2, T)).isTrue();
    assertThat(server.insightRequests().get(1).json()).hasSize(5);
  }

  @Test
  void evt7_everyEventIsAccountedForWithManyThreadsDuringAnOutage() throws Exception {
    server.stop(); // connection refused
    FBClient c = client(config().startWait(Duration.ZERO).eventCapacity(300).eventBatchSize(10)
        .maxConcurrentEventRequests(1).eventMaxAttempts(1).shutdownTimeout(Duration.ofSeconds(2)));
    int threads = 24;
    int perThread = 2000;
    List<Thread> ts = trackFromThreads(c, threads, perThread, "o", "outage");
    for (Thread th : ts) {
      th.join();
    }
    EventStats s = c.eventStats();
    assertThat(s.accepted() + s.dropped()).isEqualTo((long) threads * perThread);
    assertThat(s.dropped()).isPositive();
    c.close();
    EventStats end = c.eventStats();
    assertThat(end.accepted()).isEqualTo(s.accepted());
    assertThat(end.sent() + end.failed()).as("every accepted event is accounted for at close")
        .isEqualTo(end.accepted());
  }

  @Test
  void proto14_proto15_theBodyIsByteExact() throws Exception {
    FBClient c = client(config());
    FBUser ada = FBUser.builder("u-1").name("Ada").custom("plan", "beta").build();
    assertThat(c.boolVariation("on", ada, false)).isTrue();
    c.trackMetric(ada, "order-value", 129.95);
    c.identify(FBUser.builder("u-2").build());
    assertThat(c.flushAndWait(T)).isTrue();
    assertThat(server.insightRequests()).hasSize(1);
    String body = server.insightRequests().get(0).body();
    List<JsonNode> got = insights();
    long t0 = got.get(0).at("/variations/0/timestamp").asLong();
    long t1 = got.get(1).at("/metrics/0/timestamp").asLong();
    String user = "{\"keyId\":\"u-1\",\"name\":\"Ada\",\"customizedProperties\":[{\"name\":\"plan\",\"value\":\"beta\"}]}";
    assertThat(body).isEqualTo("["
        + "{\"user\":" + user + ",\"variations\":[{\"featureFlagKey\":\"on\",\"variation\":{\"id\":\"on-v0\","
        + "\"value\":\"true\"},\"sendToExperiment\":true,\"timestamp\":" + t0 + "}]},"
        + "{\"user\":" + user + ",\"metrics\":[{\"route\":\"index/metric\",\"type\":\"CustomEvent\","
        + "\"eventName\":\"order-value\",\"numericValue\":129.95,\"appType\":\"javaserverside\",\"timestamp\":" + t1
        + "}]},"
        + "{\"user\":{\"keyId\":\"u-2\",\"name\":\"\",\"customizedProperties\":[]}}"
        + "]");
  }

  /**
   * EVT-7: with an events endpoint that never answers, the events held (accepted, neither sent nor failed) stay
   * within {@code eventCapacity + maxConcurrentEventRequests x eventBatchSize}: the full batch that waits for a
   * request permit still counts against the capacity.
   */
  @Test
  void evt7_eventsHeldDuringAnOutageStayWithinCapacityPlusTheRequestsInFlight() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    server.onInsight(r -> {
      try {
        answer.await(30, TimeUnit.SECONDS); // the endpoint does not answer until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    int capacity = 100;
    int batch = 10;
    int concurrent = 2;
    FBClient c = client(config().eventCapacity(capacity).eventBatchSize(batch).maxConcurrentEventRequests(concurrent)
        .eventRequestTimeout(Duration.ofSeconds(30)).eventMaxAttempts(1).shutdownTimeout(Duration.ofMillis(200)));
    try {
      FBUser u = FBUser.builder("u").build();
      for (int i = 0; i < (concurrent + 1) * batch; i++) {
        c.trackMetric(u, "held");
      }
      // two batches in flight, unanswered; the third one full and waiting for a permit
      assertThat(server.await(s -> s.insightRequests().size() == concurrent, T)).isTrue();
      assertThat(server.await(s -> eventsThreadWaitsForARequestPermit(), T)).isTrue();
      for (int i = 0; i < 2 * capacity; i++) {
        c.trackMetric(u, "more");
      }
      EventStats s = c.eventStats();
      long held = s.accepted() - s.sent() - s.failed();
      assertThat(s.dropped()).isPositive();
      assertThat(held).as("events held").isEqualTo(capacity + (long) concurrent * batch);
    } finally {
      answer.countDown();
    }
  }

  /** Whether a {@code featbit-events} thread is parked, without a deadline, in {@link Semaphore#acquire()}. */
  static boolean eventsThreadWaitsForARequestPermit() {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().equals("featbit-events") && e.getKey().getState() == Thread.State.WAITING) {
        for (StackTraceElement frame : e.getValue()) {
          if (frame.getClassName().equals(Semaphore.class.getName())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Starts {@code threads} threads that each call {@code trackMetric} {@code perThread} times, all released at once. */
  static List<Thread> trackFromThreads(FBClient c, int threads, int perThread, String userPrefix, String event) {
    return Together.start(threads, t -> {
      FBUser u = FBUser.builder(userPrefix + "-" + t).build();
      for (int i = 0; i < perThread; i++) {
        c.trackMetric(u, event);
      }
    });
  }
}
