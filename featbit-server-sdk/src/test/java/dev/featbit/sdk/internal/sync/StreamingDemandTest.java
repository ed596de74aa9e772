package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.ClientContext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.DataUpdateStatusProvider.ReadyResult;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the streaming connection asks the JDK's WebSocket for messages.
 *
 * <p>SYNC-16: a server that goes away (no close frame) while the client is still processing a message is noticed at
 * once, not only by the liveness check. The JDK's WebSocket drops an end of input that it reads while the listener
 * has not asked for another message (no {@code onClose}, no {@code onError}, the socket stays in CLOSE_WAIT), so the
 * data source asks for the next message before it processes the current one.
 *
 * <p>The test holds the commit (the {@link DataUpdater}'s monitor) while the server drops the socket, and waits for
 * the close to reach the tasks queue before letting the commit finish. Asking only after processing, the close never
 * arrives.
 *
 * <p>Asking ahead is bounded ({@link StreamingDataSource#MAX_QUEUED} messages waiting for the tasks thread); past
 * the bound the tasks thread asks once it has caught up, and no message is lost or stuck.
 */
class StreamingDemandTest {
  static final Duration T = Duration.ofSeconds(10);
  FeatBitTestServer server;
  ListenerDispatcher listeners;
  ScheduledThreadPoolExecutor tasks;
  ClientContext ctx;
  StreamingDataSource source;
  StatusManager status;
  DataStore store;
  DataUpdater updater;
  Thread tasksThread;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"));
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

  @Test
  void sync16_serverGoneWhileAMessageIsProcessedIsNoticedWithoutTheLivenessCheck() throws Exception {
    // default ping interval (10 s): the liveness check would take 30 s, far beyond every wait below
    connectAndWaitForReady();

    CountDownLatch stale = new CountDownLatch(1);
    status.addStatusListener(s -> {
      if (s.state() == State.STALE) {
        stale.countDown();
      }
    });
    boolean closeQueued;
    synchronized (updater) {
      // a large patch: it is parsed (long after the JDK asked for the next message, where that is done before
      // processing), then the commit blocks
      StringBuilder json = new StringBuilder("{\"featureFlags\":[");
      for (int i = 0; i < 2000; i++) {
        json.append(i == 0 ? "" : ",").append(TestFlag.bool("flag-" + i).toJson("2025-03-01T08:00:00Z"));
      }
      server.replaceData(json.append("],\"segments\":[]}").toString());
      assertThat(until(() -> tasksThread.getState() == Thread.State.BLOCKED)).isTrue();
      int queuedBefore = tasks.getQueue().size();
      server.dropAllConnections();
      closeQueued = until(() -> tasks.getQueue().size() > queuedBefore);
    }
    assertThat(closeQueued).as("the end of input reached the data source").isTrue();
    assertThat(stale.await(T.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(store.snapshot().flag("flag-1999")).as("the message before the drop is committed").isNotNull();
  }

  @Test
  void pastTheBoundTheTasksThreadAsksForTheNextMessage() throws Exception {
    connectAndWaitForReady();
    int messages = 3 * StreamingDataSource.MAX_QUEUED;
    int queuedBefore = tasks.getQueue().size();
    synchronized (updater) {
      server.upsertFlag(TestFlag.bool("held")); // blocked on the commit
      assertThat(until(() -> tasksThread.getState() == Thread.State.BLOCKED)).isTrue();
      for (int i = 0; i < messages; i++) {
        server.upsertFlag(TestFlag.bool("pushed-" + i));
      }
      // the messages asked for ahead reach the tasks queue while the commit is held
      assertThat(until(() -> tasks.getQueue().size() >= queuedBefore + StreamingDataSource.MAX_QUEUED)).isTrue();
    }
    assertThat(until(() -> store.snapshot().flag("pushed-" + (messages - 1)) != null)).isTrue();
    for (int i = 0; i < messages; i++) {
      assertThat(store.snapshot().flag("pushed-" + i)).as("pushed-%d", i).isNotNull();
    }
    assertThat(status.status().state()).isEqualTo(State.READY);
  }

  /** A data source on the test's own executors (default ping interval and a 30 s retry delay), once ready. */
  private void connectAndWaitForReady() throws Exception {
    FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
        .firstRetryDelay(Duration.ofSeconds(30)).disableEvents().scheduler(tasks).build();
    ctx = new ClientContext(config);
    ctx.start(true);
    status = new StatusManager(listeners, State.NOT_READY);
    store = new DataStore(new Compiler(config.regexStepBudget()));
    updater = new DataUpdater(store, status, new FlagTrackerImpl(listeners, (s, k, u) -> null, store::snapshot));
    source = new StreamingDataSource(ctx, updater, null);
    source.start();
    assertThat(status.waitForReady(T)).isEqualTo(ReadyResult.READY);
    tasksThread = threadOf(tasks);
  }

  private static Thread threadOf(ScheduledThreadPoolExecutor executor) throws Exception {
    Thread[] holder = new Thread[1];
    executor.submit(() -> holder[0] = Thread.currentThread()).get();
    return holder[0];
  }

  /** Re-checks {@code condition} until it holds or {@link #T} passes (parking, not sleeping, between checks). */
  private static boolean until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + T.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return condition.getAsBoolean();
  }
}
