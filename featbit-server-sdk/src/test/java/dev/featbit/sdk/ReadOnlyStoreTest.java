package dev.featbit.sdk;

import static dev.featbit.sdk.CompositionTest.flag;
import static dev.featbit.sdk.CompositionTest.until;
import static dev.featbit.sdk.testing.TestData.dataSync;
import static dev.featbit.sdk.testing.TestData.flags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A client without a data source reading a persistent store that another process writes: initialized by the
 * store's first full data set after start, refreshed at once by the store's change notices, STALE while the
 * store fails; and a writer that rewrites a store that restarted empty.
 */
class ReadOnlyStoreTest {
  static final FBUser U = CompositionTest.U;

  /** A map store that pushes change notices like a shared store does, and counts whole reads. */
  static final class PushingStore extends CompositionTest.MapStore {
    final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    final AtomicInteger wholeReads = new AtomicInteger();

    @Override
    public void close() {
      super.close();
      subscribers.clear();
    }

    @Override
    public void subscribe(Runnable changed) {
      subscribers.add(changed);
    }

    @Override
    public synchronized Map<DataKind, Map<String, StoredItem>> readAll() throws Exception {
      wholeReads.incrementAndGet();
      return super.readAll();
    }

    void notifyChanged() {
      subscribers.forEach(Runnable::run);
    }
  }

  static StoredItem item(String key, boolean enabled, String updatedAt) {
    return new StoredItem(key, Instant.parse(updatedAt).toEpochMilli(), false,
        flag(key, enabled, updatedAt).toString());
  }

  static FBConfig daemon(PushingStore store, VirtualTime vt, Duration ttl) {
    dev.featbit.sdk.config.DataStoreBuilder ds = Components.persistentDataStore(ctx -> store);
    if (ttl != null) {
      ds = ds.cacheTtl(ttl);
    }
    return FBConfig.builder(Secrets.newSecret()).dataSync(Components.noDataSync()).dataStore(ds)
        .disableEvents().clock(vt.clock()).scheduler(vt.scheduler()).build();
  }

  @Test
  void aClientWithoutADataSourceIsInitializedWhenTheStoreGetsItsFirstDataSetAfterStart() throws Exception {
    PushingStore store = new PushingStore();
    try (VirtualTime vt = VirtualTime.startingNow();
        FBClient client = new FBClient(daemon(store, vt, null))) { // cache forever
      assertThat(client.isInitialized()).isFalse();
      assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.NOT_READY);
      assertThat(store.subscribers).hasSize(1);
      store.init(Collections.singletonMap("a", item("a", true, "2025-03-01T08:00:00Z")), Collections.emptyMap());
      // without a notice: the next re-check (every 5 s while the client has no data) loads it
      vt.advance(Duration.ofSeconds(5));
      assertThat(until(client::isInitialized)).isTrue();
      // the data is committed before the status says so: wait for the status too
      assertThat(until(() -> client.dataUpdateStatusProvider().status().state() == State.READY)).isTrue();
      assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
      assertThat(client.boolVariation("a", U, false)).isTrue();
      // once loaded and cached forever, no more reads by time alone
      int reads = store.wholeReads.get();
      vt.advance(Duration.ofMinutes(5));
      assertThat(vt.awaitQuiet(Duration.ofSeconds(5))).isTrue();
      assertThat(store.wholeReads.get()).isEqualTo(reads);
      assertThat(store.calls).containsExactly("init 1/0"); // only the test wrote
    }
  }

  @Test
  void aChangeNoticeRefreshesAtOnceAndTheTtlHealsALostOne() throws Exception {
    PushingStore store = new PushingStore();
    store.init(Collections.singletonMap("a", item("a", true, "2025-03-01T08:00:00Z")), Collections.emptyMap());
    List<String> changes = new CopyOnWriteArrayList<>();
    try (VirtualTime vt = VirtualTime.startingNow();
        FBClient client = new FBClient(daemon(store, vt, Duration.ofSeconds(30)))) {
      client.flagTracker().addFlagChangeListener(e -> changes.addAll(e.flagKeys()));
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.boolVariation("a", U, false)).isTrue();

      // a notice: the client reads the store at once, no time passes
      store.upsert(DataKind.FLAGS, item("a", false, "2025-03-02T08:00:00Z"));
      store.upsert(DataKind.FLAGS, item("b", true, "2025-03-02T08:00:00Z"));
      store.notifyChanged();
      assertThat(until(() -> !client.boolVariation("a", U, true))).isTrue();
      assertThat(until(() -> client.boolVariation("b", U, false))).isTrue();
      assertThat(until(() -> changes.containsAll(List.of("a", "b")))).isTrue();

      // a lost notice: the TTL reads it
      store.upsert(DataKind.FLAGS, item("a", true, "2025-03-03T08:00:00Z"));
      vt.advance(Duration.ofSeconds(29));
      assertThat(vt.awaitQuiet(Duration.ofSeconds(5))).isTrue();
      assertThat(client.boolVariation("a", U, false)).isFalse();
      vt.advance(Duration.ofSeconds(1));
      assertThat(until(() -> client.boolVariation("a", U, false))).isTrue();

      // a full replacement that removes a flag is committed whole
      Map<String, StoredItem> next = new HashMap<>();
      next.put("c", item("c", true, "2025-03-04T08:00:00Z"));
      store.init(next, Collections.emptyMap());
      store.notifyChanged();
      assertThat(until(() -> !client.isFlagKnown("a"))).isTrue();
      assertThat(client.isFlagKnown("b")).isFalse();
      assertThat(client.boolVariation("c", U, false)).isTrue();
      assertThat(store.calls).allMatch(c -> c.startsWith("init") || c.startsWith("upsert"))
          .hasSize(5); // the test's writes only: the client never writes
    }
  }

  @Test
  void aBurstOfNoticesIsOneReadAtATime() throws Exception {
    PushingStore store = new PushingStore();
    store.init(Collections.singletonMap("a", item("a", true, "2025-03-01T08:00:00Z")), Collections.emptyMap());
    try (VirtualTime vt = VirtualTime.startingNow();
        FBClient client = new FBClient(daemon(store, vt, null))) {
      int before = store.wholeReads.get();
      synchronized (store) { // hold the reader back while 100 notices arrive
        for (int i = 0; i < 100; i++) {
          store.notifyChanged();
        }
      }
      store.upsert(DataKind.FLAGS, item("a", false, "2025-03-02T08:00:00Z"));
      store.notifyChanged();
      assertThat(until(() -> !client.boolVariation("a", U, true))).isTrue();
      assertThat(store.wholeReads.get() - before).isBetween(1, 3);
    }
  }

  @Test
  void aFailingStoreMakesTheReaderStaleAndItRecoversByItself() throws Exception {
    PushingStore store = new PushingStore();
    store.init(Collections.singletonMap("a", item("a", true, "2025-03-01T08:00:00Z")), Collections.emptyMap());
    try (VirtualTime vt = VirtualTime.startingNow();
        FBClient client = new FBClient(daemon(store, vt, null))) {
      assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
      store.down = true;
      store.notifyChanged();
      assertThat(until(() -> client.dataUpdateStatusProvider().status().state() == State.STALE)).isTrue();
      assertThat(client.dataUpdateStatusProvider().status().lastError().kind()).isEqualTo(ErrorKind.STORE);
      assertThat(client.boolVariationDetail("a", U, false).reason()).isNotEqualTo(ReasonKind.CLIENT_NOT_READY);
      assertThat(client.boolVariation("a", U, false)).isTrue();
      store.down = false;
      vt.advance(Duration.ofSeconds(5)); // the re-check while failing
      assertThat(until(() -> client.dataUpdateStatusProvider().status().state() == State.READY)).isTrue();
      assertThat(client.boolVariation("a", U, false)).isTrue();
    }
  }

  @Test
  void aWriterRewritesAStoreThatRestartedEmpty() throws Exception {
    PushingStore store = new PushingStore();
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    try (VirtualTime vt = VirtualTime.startingNow()) {
      FBConfig config = FBConfig.builder(Secrets.newSecret())
          .dataSync(Components.customDataSource((ctx, u) -> {
            updates.set(u);
            return new CompositionTest.ScriptedSource(ctx, u);
          }))
          .dataStore(Components.persistentDataStore(ctx -> store))
          .disableEvents().startWait(Duration.ZERO).clock(vt.clock()).scheduler(vt.scheduler()).build();
      try (FBClient client = new FBClient(config)) {
        assertThat(updates.get().apply(dataSync("full", flags(flag("a", true, "2025-03-01T08:00:00Z"))))).isTrue();
        assertThat(until(() -> store.initialized)).isTrue();
        assertThat(store.subscribers).isEmpty(); // a writer does not follow notices
        synchronized (store) { // the store restarts without its data
          store.flags.clear();
          store.initialized = false;
        }
        vt.advance(Duration.ofSeconds(5));
        assertThat(until(() -> store.initialized && store.flags.containsKey("a"))).isTrue();
        assertThat(store.calls).containsExactly("init 1/0", "init 1/0");
        assertThat(client.boolVariation("a", U, false)).isTrue();
      }
    }
  }
}
