package dev.featbit.sdk;

import static dev.featbit.sdk.testing.TestData.boolFlag;
import static dev.featbit.sdk.testing.TestData.dataSync;
import static dev.featbit.sdk.testing.TestData.flags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The composition root and the SPI: a data source and a persistent store written here, plugged into a client
 * and driven through full data sets, patches, outages and close.
 */
class CompositionTest {
  static final FBUser U = FBUser.builder("user-1").build();
  static final Duration T = Duration.ofSeconds(10);

  /** A data source driven by the test: it hands its updates object out and records its lifecycle. */
  static final class ScriptedSource implements DataSource {
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    final ComponentContext context;
    final DataSourceUpdates updates;

    ScriptedSource(ComponentContext context, DataSourceUpdates updates) {
      this.context = context;
      this.updates = updates;
      lifecycle.add("created");
    }

    @Override
    public void start() {
      lifecycle.add("started");
    }

    @Override
    public void close() {
      lifecycle.add("closed");
    }
  }

  /** A persistent store kept in maps, which can be made to fail. */
  static class MapStore implements PersistentDataStore {
    final Map<String, StoredItem> flags = new HashMap<>();
    final Map<String, StoredItem> segments = new HashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean initialized;
    volatile boolean down;
    volatile boolean closed;

    private void check() throws Exception {
      if (down) {
        throw new java.io.IOException("store unreachable");
      }
    }

    @Override
    public synchronized void init(Map<String, StoredItem> f, Map<String, StoredItem> s) throws Exception {
      calls.add("init " + f.size() + "/" + s.size());
      check();
      flags.clear();
      flags.putAll(f);
      segments.clear();
      segments.putAll(s);
      initialized = true;
    }

    @Override
    public synchronized boolean upsert(DataKind kind, StoredItem item) throws Exception {
      calls.add("upsert " + kind + " " + item.key());
      check();
      Map<String, StoredItem> m = kind == DataKind.FLAGS ? flags : segments;
      StoredItem old = m.get(item.key());
      if (old != null && old.version() >= item.version()) {
        return false;
      }
      m.put(item.key(), item);
      return true;
    }

    @Override
    public synchronized StoredItem get(DataKind kind, String key) throws Exception {
      check();
      return (kind == DataKind.FLAGS ? flags : segments).get(key);
    }

    @Override
    public synchronized Map<String, StoredItem> getAll(DataKind kind) throws Exception {
      check();
      return new HashMap<>(kind == DataKind.FLAGS ? flags : segments);
    }

    @Override
    public boolean isInitialized() throws Exception {
      check();
      return initialized;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static ObjectNode flag(String key, boolean enabled, String updatedAt) {
    ObjectNode f = boolFlag(key);
    f.put("isEnabled", enabled);
    f.put("updatedAt", updatedAt);
    return f;
  }

  static boolean until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + T.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  @Test
  void aCustomDataSourceAndACustomStoreDriveAClientThroughFullPatchOutageAndClose() {
    AtomicReference<ScriptedSource> source = new AtomicReference<>();
    MapStore store = new MapStore();
    FBConfig config = FBConfig.builder(Secrets.newSecret())
        .dataSync(Components.customDataSource((ctx, updates) -> {
          ScriptedSource s = new ScriptedSource(ctx, updates);
          source.set(s);
          return s;
        }))
        .dataStore(Components.persistentDataStore(ctx -> store))
        .disableEvents()
        .startWait(Duration.ZERO)
        .build();
    FBClient client = new FBClient(config);
    ScriptedSource s = source.get();
    assertThat(s.lifecycle).containsExactly("created", "started");
    assertThat(s.context.config()).isSameAs(client.config());
    assertThat(s.context.environmentId()).hasSize(32);
    assertThat(s.context.scheduler()).isNotNull();
    assertThat(client.isInitialized()).isFalse();
    assertThat(client.boolVariationDetail("a", U, false).reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);

    // full data set
    assertThat(s.updates.apply(dataSync("full", flags(flag("a", true, "2025-03-01T08:00:00Z"),
        flag("b", true, "2025-03-01T08:00:00Z"))))).isTrue();
    assertThat(client.isInitialized()).isTrue();
    assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
    assertThat(client.boolVariation("a", U, false)).isTrue();
    assertThat(until(() -> store.flags.size() == 2)).isTrue();
    assertThat(store.calls).containsExactly("init 2/0");
    assertThat(store.flags.get("a").json()).contains("\"key\":\"a\"");

    // patch: only newer versions apply; the store is written through
    assertThat(s.updates.apply(dataSync("patch", flags(flag("a", false, "2025-03-02T08:00:00Z"))))).isTrue();
    assertThat(client.boolVariationDetail("a", U, true).reason()).isEqualTo(ReasonKind.OFF);
    assertThat(until(() -> store.calls.contains("upsert FLAGS a"))).isTrue();
    assertThat(s.updates.cursor()).isEqualTo(java.time.Instant.parse("2025-03-02T08:00:00Z").toEpochMilli());

    // data-source outage: stale, evaluations keep the data
    s.updates.interrupted(ErrorKind.NETWORK, "bus unreachable");
    DataUpdateStatus st = client.dataUpdateStatusProvider().status();
    assertThat(st.state()).isEqualTo(State.STALE);
    assertThat(st.lastError().message()).isEqualTo("bus unreachable");
    assertThat(client.boolVariation("b", U, false)).isTrue();
    s.updates.upToDate();
    assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);

    // garbage is refused, data kept
    assertThat(s.updates.apply("{\"hello\":")).isFalse();
    assertThat(client.boolVariation("b", U, false)).isTrue();

    // store outage: the client keeps serving and says so; once the store answers it is rewritten whole
    store.down = true;
    assertThat(s.updates.apply(dataSync("patch", flags(flag("b", false, "2025-03-03T08:00:00Z"))))).isTrue();
    assertThat(client.boolVariationDetail("b", U, true).reason()).isEqualTo(ReasonKind.OFF);
    assertThat(until(() -> {
      DataUpdateStatus.ErrorInfo e = client.dataUpdateStatusProvider().status().lastError();
      return e != null && e.kind() == ErrorKind.STORE;
    })).isTrue();
    // the state says it too: STALE (the store no longer holds the client's data), with the store's error
    DataUpdateStatus failing = client.dataUpdateStatusProvider().status();
    assertThat(failing.state()).isEqualTo(State.STALE);
    assertThat(failing.lastError().message()).startsWith("writing to the persistent data store");
    store.down = false;
    assertThat(s.updates.apply(dataSync("patch", flags(flag("c", true, "2025-03-04T08:00:00Z"))))).isTrue();
    assertThat(until(() -> store.calls.contains("init 3/0"))).isTrue();
    assertThat(until(() -> client.dataUpdateStatusProvider().status().state() == State.READY)).isTrue();
    assertThat(store.flags.get("b").version()).isEqualTo(
        java.time.Instant.parse("2025-03-03T08:00:00Z").toEpochMilli());

    client.close();
    assertThat(s.lifecycle).containsExactly("created", "started", "closed");
    assertThat(store.closed).isTrue();
    assertThat(s.updates.apply(dataSync("full", flags()))).isFalse(); // nothing commits after close
    assertThat(client.boolVariation("a", U, true)).isFalse(); // data stays evaluable
  }

  @Test
  void aStoreWithDataInitializesAClientAtOnceAndATtlFollowsAnotherWriter() throws Exception {
    MapStore store = new MapStore();
    store.init(Collections.singletonMap("a", new StoredItem("a", 1, false,
        flag("a", true, "2025-03-01T08:00:00Z").toString())), Collections.emptyMap());
    try (VirtualTime vt = VirtualTime.startingNow()) {
      FBConfig config = FBConfig.builder(Secrets.newSecret())
          .dataSync(Components.noDataSync())
          .dataStore(Components.persistentDataStore(ctx -> store).cacheTtl(Duration.ofSeconds(30)))
          .disableEvents()
          .clock(vt.clock()).scheduler(vt.scheduler())
          .build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isTrue();
        assertThat(client.dataUpdateStatusProvider().status().state()).isEqualTo(State.READY);
        assertThat(client.boolVariation("a", U, false)).isTrue();
        // another process writes the store
        store.upsert(DataKind.FLAGS, new StoredItem("a", 2, false, flag("a", false, "2025-03-02T08:00:00Z")
            .toString()));
        vt.advance(Duration.ofSeconds(29));
        assertThat(client.boolVariation("a", U, true)).isTrue();
        vt.advance(Duration.ofSeconds(1));
        assertThat(until(() -> !client.boolVariation("a", U, true))).isTrue();
        // the store goes down: the cached data keeps answering, status says why
        store.down = true;
        vt.advance(Duration.ofSeconds(30));
        assertThat(until(() -> client.dataUpdateStatusProvider().status().lastError() != null)).isTrue();
        assertThat(client.dataUpdateStatusProvider().status().lastError().kind()).isEqualTo(ErrorKind.STORE);
        assertThat(client.boolVariationDetail("a", U, true).reason()).isEqualTo(ReasonKind.OFF);
      }
    }
  }

  @Test
  void noDataSyncNeedsAStoreToReadFrom() {
    assertThatThrownBy(() -> FBConfig.builder(Secrets.newSecret()).dataSync(Components.noDataSync()).build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("dataSync"));
  }

  @Test
  void aPerFlagDefaultReplacesTheCallersFallbackWhenItConverts() {
    FBConfig config = FBConfig.builder(null).offline(true)
        .bootstrap(dataSync("full", flags(boolFlag("present"))))
        .flagDefault("missing", "true")
        .defaults(Map.of("limit", 25, "theme", "dark", "layout", "{\"cols\":3}"))
        .flagDefault("present", "false")
        .build();
    try (FBClient client = new FBClient(config)) {
      EvalDetail<Boolean> d = client.boolVariationDetail("missing", U, false);
      assertThat(d.value()).isTrue();
      assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(d.variationId()).isEmpty();
      assertThat(client.intVariation("limit", U, 1)).isEqualTo(25);
      assertThat(client.doubleVariation("limit", U, 1.5)).isEqualTo(25.0);
      assertThat(client.boolVariation("limit", U, false)).isFalse(); // "25" is no boolean: caller's fallback
      assertThat(client.stringVariation("theme", U, "light")).isEqualTo("dark");
      assertThat(client.jsonVariation("layout", U, "{}")).isEqualTo("{\"cols\":3}");
      assertThat(client.jsonValueVariation("layout", U, null)).isEqualTo(Map.of("cols", 3));
      assertThat(client.jsonVariation("theme", U, "{}")).isEqualTo("{}"); // "dark" is no JSON
      // a served value always wins over a configured default
      assertThat(client.boolVariation("present", U, false)).isTrue();
      assertThat(client.config().defaults()).containsEntry("limit", "25");
    }
  }

  @Test
  void aPerFlagDefaultAlsoAnswersBeforeTheClientIsReady() {
    FBConfig config = FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://127.0.0.1:1")
        .startWait(Duration.ZERO).disableEvents().flagDefault("kill-switch", "true").build();
    try (FBClient client = new FBClient(config)) {
      EvalDetail<Boolean> d = client.boolVariationDetail("kill-switch", U, false);
      assertThat(d.value()).isTrue();
      assertThat(d.reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
    }
  }

  @Test
  void toBuilderKeepsDerivedUrlsDerived() {
    FBConfig a = FBConfig.builder(Secrets.newSecret()).streamingUrl("wss://one.example.com/").build();
    assertThat(a.eventsUrl()).isEqualTo("https://one.example.com");
    assertThat(a.pollingUrl()).isEqualTo("https://one.example.com");
    FBConfig b = a.toBuilder().streamingUrl("ws://two.example.com:5100").build();
    assertThat(b.eventsUrl()).isEqualTo("http://two.example.com:5100");
    assertThat(b.pollingUrl()).isEqualTo("http://two.example.com:5100");
    FBConfig c = FBConfig.builder(Secrets.newSecret()).streamingUrl("wss://one.example.com")
        .eventsUrl("https://events.example.com").build().toBuilder().streamingUrl("wss://two.example.com").build();
    assertThat(c.eventsUrl()).isEqualTo("https://events.example.com"); // set explicitly: kept
    assertThat(c.pollingUrl()).isEqualTo("https://events.example.com");
  }

  @Test
  void flatSettersAndAreaBuildersConfigureTheSameThing() {
    FBConfig flat = FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://h").pingInterval(Duration.ofSeconds(3))
        .eventCapacity(77).connectTimeout(Duration.ofSeconds(2)).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .build();
    FBConfig areas = FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://h")
        .dataSync(Components.polling().pingInterval(Duration.ofSeconds(3)))
        .events(Components.events().capacity(77))
        .http(Components.http().connectTimeout(Duration.ofSeconds(2)))
        .build();
    for (FBConfig c : new FBConfig[] {flat, areas}) {
      assertThat(c.dataSync().kind()).isEqualTo(dev.featbit.sdk.config.DataSyncConfig.Kind.POLLING);
      assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(3));
      assertThat(c.events().capacity()).isEqualTo(77);
      assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }
    // an area builder is copied when given: changing it afterwards changes nothing
    dev.featbit.sdk.config.EventsBuilder events = Components.events().capacity(5);
    FBConfig.Builder b = FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://h").events(events);
    events.capacity(6);
    assertThat(b.build().eventCapacity()).isEqualTo(5);
  }

  @Test
  void httpResponsesAreHandledOnTheClientsOwnThreads() throws Exception {
    try (dev.featbit.testkit.FeatBitTestServer server = dev.featbit.testkit.FeatBitTestServer.start()) {
      server.load(dev.featbit.testkit.TestFlag.bool("flag-a"));
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingUrl(server.httpUrl())
          .pollingInterval(Duration.ofMillis(100)).flushInterval(Duration.ofMillis(20)).build();
      java.util.Set<Thread> existing = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isTrue();
        long started = mx.getTotalStartedThreadCount();
        for (int i = 0; i < 30; i++) {
          int before = server.insightRequests().size();
          client.trackMetric(U, "m");
          client.flush();
          assertThat(server.await(s -> s.insightRequests().size() > before, T)).isTrue();
        }
        int polls = server.pollingRequests().size();
        assertThat(server.await(s -> s.pollingRequests().size() >= polls + 10, T)).isTrue();
        // 30 event posts and 10 polls: before, each response started a new common-pool thread on small hosts
        assertThat(mx.getTotalStartedThreadCount() - started).isLessThan(12);
        List<String> foreign = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          if (!existing.contains(t) && (t.getName().startsWith("ForkJoinPool") || t.getName().matches("Thread-\\d+"))) {
            foreign.add(t.getName());
          }
        }
        assertThat(foreign).isEmpty();
      }
    }
  }
}
