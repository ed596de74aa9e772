package dev.featbit.sdk.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.DataUpdateStatusProvider.ReadyResult;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming receive buffer does not keep the size of the largest message for the connection's lifetime: after
 * a data set of several megabytes, what the connection retains is small.
 */
class StreamingBufferTest {
  static final Duration T = Duration.ofSeconds(30);
  FeatBitTestServer server;
  ListenerDispatcher listeners;
  ScheduledThreadPoolExecutor tasks;
  ClientContext ctx;
  StreamingDataSource source;
  StatusManager status;
  DataStore store;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    listeners = new ListenerDispatcher();
    tasks = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "test-tasks");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    tasks.shutdownNow();
    if (ctx != null) {
      ctx.close();
    }
    listeners.close(1000);
    server.close();
  }

  /** {@code n} flags with {@code padding} characters of description each (one of them beyond Latin-1). */
  static TestFlag[] flags(int n, int padding) {
    String pad = "x".repeat(padding - 1) + "\u20ac";
    TestFlag[] out = new TestFlag[n];
    for (int i = 0; i < n; i++) {
      out[i] = TestFlag.strings("flag-" + i, "a-" + pad, "b");
    }
    return out;
  }

  @Test
  void aLargeDataSetDoesNotLeaveALargeBufferBehind() throws Exception {
    server.load(flags(4000, 1000)); // more than 8 MB of JSON, received in many parts
    connectAndWaitForReady();
    assertThat(store.snapshot().flagCount()).isEqualTo(4000);
    assertThat(source.receiveBufferCapacity()).as("retained receive buffer, in characters")
        .isBetween(0, StreamingDataSource.RETAINED_BUFFER_CHARS);
    // the connection goes on receiving, small messages and large ones
    server.upsertFlag(TestFlag.bool("pushed"));
    assertThat(server.await(s -> store.snapshot().flag("pushed") != null, T)).isTrue();
    assertThat(source.receiveBufferCapacity()).isBetween(0, StreamingDataSource.RETAINED_BUFFER_CHARS);
    StringBuilder edited = new StringBuilder("{\"featureFlags\":[");
    TestFlag[] next = flags(4000, 900);
    for (int i = 0; i < next.length; i++) {
      edited.append(i == 0 ? "" : ",").append(next[i].toJson("2025-03-01T08:00:00Z"));
    }
    server.replaceData(edited.append("],\"segments\":[]}").toString()); // one patch of several MB
    assertThat(server.await(s -> store.snapshot().flag("pushed") == null, T)).as("patch committed").isTrue();
    assertThat(source.receiveBufferCapacity()).isBetween(0, StreamingDataSource.RETAINED_BUFFER_CHARS);
    assertThat(status.status().state()).isEqualTo(State.READY);
  }

  private void connectAndWaitForReady() {
    FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
        .firstRetryDelay(Duration.ofSeconds(30)).disableEvents().scheduler(tasks).build();
    ctx = new ClientContext(config);
    ctx.start(true);
    status = new StatusManager(listeners, State.NOT_READY);
    store = new DataStore(new Compiler(config.regexStepBudget()));
    DataUpdater updater = new DataUpdater(store, status,
        new FlagTrackerImpl(listeners, (s, k, u) -> null, store::snapshot));
    source = new StreamingDataSource(ctx, updater, null);
    source.start();
    assertThat(status.waitForReady(T)).isEqualTo(ReadyResult.READY);
  }
}
