package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.FBConfig;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One test kit server per test on 127.0.0.1, the OpenFeature singleton reset after each test, and a recorder
 * of every provider event seen by API-level handlers.
 */
abstract class ProviderTestBase {
  static final Duration T = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();

  FeatBitTestServer server;
  OpenFeatureAPI api;
  final Map<ProviderEvent, BlockingQueue<EventDetails>> events = new EnumMap<>(ProviderEvent.class);

  @BeforeEach
  void startServerAndRecordEvents() {
    server = FeatBitTestServer.start();
    api = OpenFeatureAPI.getInstance();
    for (ProviderEvent e : ProviderEvent.values()) {
      BlockingQueue<EventDetails> q = new LinkedBlockingQueue<>();
      events.put(e, q);
      api.on(e, q::add);
    }
  }

  @AfterEach
  void resetOpenFeatureAndStopServer() {
    api.shutdown(); // shuts the providers down and resets the singleton (handlers, context, hooks)
    server.close();
  }

  /** An online configuration for the test server: fast retries, events off unless a test turns them on. */
  FBConfig.Builder config() {
    return configWithEvents().disableEvents();
  }

  /** Like {@link #config()} with events on, sent to the test server every 20 ms. */
  FBConfig.Builder configWithEvents() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(20)).maxRetryDelay(Duration.ofMillis(200))
        .flushInterval(Duration.ofMillis(20));
  }

  /** The next event of this type, failing the test if none comes within {@link #T}. */
  EventDetails next(ProviderEvent event) throws InterruptedException {
    EventDetails d = events.get(event).poll(T.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(d).as("a %s event within %s", event, T).isNotNull();
    return d;
  }

  /** Waits, on status notifications, until the SDK client is in {@code state} or {@link #T} passes. */
  static boolean awaitState(dev.featbit.sdk.FBClient client, dev.featbit.sdk.DataUpdateStatus.State state)
      throws InterruptedException {
    java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    dev.featbit.sdk.Subscription sub = client.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == state) {
        reached.countDown();
      }
    });
    try {
      return client.dataUpdateStatusProvider().state() == state
          || reached.await(T.toMillis(), TimeUnit.MILLISECONDS)
          || client.dataUpdateStatusProvider().state() == state;
    } finally {
      sub.close();
    }
  }

  /** A {@code {"featureFlags": [...], "segments": []}} document of these flags (bootstrap or server data). */
  static String dataSet(ObjectNode... flags) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode fs = root.putArray("featureFlags");
    for (ObjectNode f : flags) {
      fs.add(f);
    }
    root.putArray("segments");
    return root.toString();
  }

  static ObjectNode doc(TestFlag flag) {
    return flag.toJson(Instant.parse("2025-03-01T08:00:00Z").toString());
  }
}
