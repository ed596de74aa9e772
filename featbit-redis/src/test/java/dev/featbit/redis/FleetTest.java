package dev.featbit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.AllowLogs;
import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A fleet against a real redis-server and the test kit's evaluation server: writers (clients that sync from
 * the server and write Redis) and daemons (clients that only read Redis).
 */
class FleetTest {
  static final FBUser U = FBUser.builder("user-1").build();
  static final Duration T = Duration.ofSeconds(30);

  RedisTestServer redis;
  FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = Redis.start();
    server = FeatBitTestServer.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    server.close();
    redis.close();
  }

  PersistentDataStoreFactory store() {
    return RedisDataStore.builder().uri(redis.uri()).connectTimeout(Duration.ofMillis(500))
        .socketTimeout(Duration.ofMillis(1000)).build();
  }

  FBClient writer() {
    FBClient c = new FBClient(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
        .dataStore(Components.persistentDataStore(store())).disableEvents().build());
    clients.add(c);
    return c;
  }

  FBClient daemon(Duration ttl) {
    FBConfig config = FBConfig.builder(server.secret()).dataSync(Components.noDataSync())
        .dataStore(ttl == null ? Components.persistentDataStore(store()).cacheForever()
            : Components.persistentDataStore(store()).cacheTtl(ttl))
        .disableEvents().build();
    FBClient c = new FBClient(config);
    clients.add(c);
    return c;
  }

  static boolean until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + T.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(2_000_000);
    }
    return true;
  }

  static State state(FBClient c) {
    return c.dataUpdateStatusProvider().status().state();
  }

  @Test
  void aWriterAndTenDaemonsFollowTheServerThroughRedis() {
    server.load(TestFlag.bool("checkout").serve(true), TestFlag.strings("theme", "dark", "light").serve("dark"));
    List<FBClient> daemons = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // before any writer: not ready, then ready as soon as Redis gets data
      daemons.add(daemon(null));
    }
    assertThat(daemons).noneMatch(FBClient::isInitialized);
    assertThat(daemons).allMatch(d -> d.boolVariationDetail("checkout", U, false).reason()
        == ReasonKind.CLIENT_NOT_READY);
    FBClient writer = writer();
    assertThat(writer.isInitialized()).isTrue();
    // the writer's write-through reaches Redis, whose notice initializes the waiting daemons
    assertThat(until(() -> daemons.stream().allMatch(FBClient::isInitialized))).isTrue();
    for (int i = 0; i < 5; i++) { // after: initialized at once from Redis
      FBClient d = daemon(null);
      assertThat(d.isInitialized()).isTrue();
      daemons.add(d);
    }
    assertThat(until(() -> daemons.stream().allMatch(d -> d.boolVariation("checkout", U, false)))).isTrue();
    assertThat(daemons).allMatch(d -> state(d) == State.READY);

    // changes at the server reach every daemon (cache forever: through the change notices only)
    for (int change = 0; change < 5; change++) {
      String theme = "theme-" + change;
      server.upsertFlag(TestFlag.strings("theme", "dark", theme).serve(theme));
      assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals(theme))))
          .isTrue();
    }
    server.archiveFlag("checkout");
    assertThat(until(() -> daemons.stream().noneMatch(d -> d.isFlagKnown("checkout")))).isTrue();
    // no daemon ever talked to the evaluation server: the writer's connection only (a reconnection at most)
    assertThat(server.acceptedConnections()).isBetween(1, 2);
    assertThat(server.pollingRequests()).isEmpty();
  }

  @Test
  void redisKilledAndRestartedMidRun() {
    server.load(TestFlag.strings("theme", "a", "b").serve("a"));
    FBClient writer = writer();
    List<FBClient> daemons = List.of(daemon(null), daemon(null), daemon(Duration.ofSeconds(2)));
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("a"))))
        .isTrue();

    redis.kill();
    // the daemons keep serving what they hold, and say the store fails
    assertThat(until(() -> daemons.stream().allMatch(d -> state(d) == State.STALE))).isTrue();
    assertThat(daemons).allMatch(d -> d.dataUpdateStatusProvider().status().lastError().kind() == ErrorKind.STORE);
    assertThat(daemons).allMatch(d -> d.stringVariation("theme", U, "fallback").equals("a"));
    // a change while Redis is down: the writer has it, Redis cannot
    server.upsertFlag(TestFlag.strings("theme", "a", "b").serve("b"));
    assertThat(until(() -> writer.stringVariation("theme", U, "").equals("b"))).isTrue();
    assertThat(daemons).allMatch(d -> d.stringVariation("theme", U, "fallback").equals("a"));

    redis.restart(); // empty: the writer writes its complete data set again, the daemons read it
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("b"))))
        .isTrue();
    assertThat(until(() -> daemons.stream().allMatch(d -> state(d) == State.READY))).isTrue();
    // and the notices work again
    server.upsertFlag(TestFlag.strings("theme", "a", "c").serve("c"));
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("c"))))
        .isTrue();
  }

  /**
   * The writer's own status shows a failing Redis: STALE with a STORE error naming the store (its data is
   * current, Redis no longer holds it), kept through commits while Redis is down, and READY again once
   * Redis holds the writer's data set again.
   */
  @Test
  void aWritersStatusShowsRedisFailingAndRecovers() throws Exception {
    server.load(TestFlag.strings("theme", "a", "b").serve("a"));
    FBClient writer = writer();
    assertThat(state(writer)).isEqualTo(State.READY);
    BlockingQueue<DataUpdateStatus> seen = new LinkedBlockingQueue<>();
    writer.dataUpdateStatusProvider().addStatusListener(seen::add);

    redis.kill();
    server.upsertFlag(TestFlag.strings("theme", "a", "b").serve("b")); // a write Redis cannot take
    DataUpdateStatus stale = seen.poll(T.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(stale).as("a status change").isNotNull();
    assertThat(stale.state()).isEqualTo(State.STALE);
    assertThat(stale.lastError().kind()).isEqualTo(ErrorKind.STORE);
    assertThat(stale.lastError().message()).contains("persistent data store");
    // evaluations are not affected (the status may have turned STALE before the patch, from the writer's
    // periodic check of Redis)
    assertThat(until(() -> writer.stringVariation("theme", U, "").equals("b"))).isTrue();
    server.upsertFlag(TestFlag.strings("theme", "a", "c").serve("c"));  // a commit while Redis is down
    assertThat(until(() -> writer.stringVariation("theme", U, "").equals("c"))).isTrue();
    assertThat(state(writer)).isEqualTo(State.STALE);

    redis.restart(); // empty: the writer writes its complete data set again
    DataUpdateStatus ready;
    do { // STALE again for each failed write meanwhile, then READY
      ready = seen.poll(T.toMillis(), TimeUnit.MILLISECONDS);
    } while (ready != null && ready.state() == State.STALE);
    assertThat(ready).as("a status change").isNotNull();
    assertThat(ready.state()).isEqualTo(State.READY);
    FBClient daemon = daemon(null);
    assertThat(daemon.isInitialized()).isTrue();
    assertThat(daemon.stringVariation("theme", U, "")).isEqualTo("c");
    assertThat(seen).isEmpty();
  }

  @Test
  void theWriterStopsTheDaemonsKeepServingAndFollowANewWriter() {
    server.load(TestFlag.strings("theme", "a", "b").serve("a"));
    FBClient first = writer();
    List<FBClient> daemons = List.of(daemon(null), daemon(null), daemon(null));
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("a"))))
        .isTrue();
    first.close();
    server.upsertFlag(TestFlag.strings("theme", "a", "b").serve("b")); // nobody writes it
    assertThat(daemons).allMatch(d -> d.stringVariation("theme", U, "").equals("a"));
    assertThat(daemons).allMatch(d -> state(d) == State.READY);

    FBClient second = writer(); // its full data set replaces Redis's, the daemons follow
    assertThat(second.isInitialized()).isTrue();
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("b"))))
        .isTrue();
    server.upsertFlag(TestFlag.strings("theme", "a", "c").serve("c"));
    assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("theme", U, "").equals("c"))))
        .isTrue();
  }

  static Map<String, StoredItem> generation(int g, int flags) {
    Map<String, StoredItem> m = new HashMap<>();
    String updatedAt = Instant.ofEpochMilli(1_700_000_000_000L + g).toString();
    for (int i = 0; i < flags; i++) {
      String key = "flag-" + i;
      m.put(key, new StoredItem(key, Instant.parse(updatedAt).toEpochMilli(), false,
          TestFlag.strings(key, "g" + g, "other").serve("g" + g).toJson(updatedAt).toString()));
    }
    return m;
  }

  @Test
  @AllowLogs("featbit.client")   // the factory that captures the component context refuses the store
  void noDaemonEverSeesAMixOfTwoFullDataSets() throws Exception {
    int flags = 40;
    RedisDataStore writer = RedisDataStore.builder().uri(redis.uri()).open(environmentOf(server.secret()));
    try {
      writer.init(generation(0, flags), Collections.emptyMap());
      List<FBClient> daemons = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        daemons.add(daemon(null));
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<String> mixes = new CopyOnWriteArrayList<>();
      AtomicInteger observations = new AtomicInteger();
      List<Thread> readers = new ArrayList<>();
      for (FBClient d : daemons) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            AllFlagStates all = d.getAllLatestFlagVariations(U); // one snapshot
            Set<String> seen = new TreeSet<>();
            for (String k : all.flagKeys()) {
              seen.add(all.stringValue(k, "?"));
            }
            if (seen.size() != 1 || all.size() != flags) {
              mixes.add(seen + " in " + all.size() + " flags");
            }
            observations.incrementAndGet();
          }
        });
        t.start();
        readers.add(t);
      }
      int last = 30;
      for (int g = 1; g <= last; g++) {
        writer.init(generation(g, flags), Collections.emptyMap());
      }
      assertThat(until(() -> daemons.stream().allMatch(d -> d.stringVariation("flag-7", U, "").equals("g" + last))))
          .isTrue();
      stop.set(true);
      for (Thread t : readers) {
        t.join(10_000);
      }
      assertThat(mixes).isEmpty();
      assertThat(observations.get()).isGreaterThan(100);
    } finally {
      writer.close();
    }
  }

  @Test
  @AllowLogs("featbit.client")   // the factory that captures the component context refuses the store
  void aLostNoticeIsHealedByTheTtl() throws Exception {
    server.load(TestFlag.strings("theme", "a", "b").serve("a"));
    writer();
    FBClient withTtl = daemon(Duration.ofMillis(500));
    FBClient forever = daemon(null);
    // the writer's write-through is asynchronous: the daemons get the data set by its notice
    assertThat(until(() -> withTtl.stringVariation("theme", U, "").equals("a")
        && forever.stringVariation("theme", U, "").equals("a"))).isTrue();
    // a change written to Redis without its notice (as if the notice were lost)
    String updatedAt = Instant.now().plusSeconds(60).toString();
    StoredItem changed = new StoredItem("theme", Instant.parse(updatedAt).toEpochMilli(), false,
        TestFlag.strings("theme", "a", "b").serve("b").toJson(updatedAt).toString());
    String base = "featbit:" + environmentOf(server.secret());
    try (RedisClient raw = RedisClient.create(redis.uri())) {
      raw.hset(base + ":" + raw.get(base + ":gen") + ":flags", "theme", RedisDataStore.encode(changed));
    }
    assertThat(until(() -> withTtl.stringVariation("theme", U, "").equals("b"))).isTrue();
    // the client that relies on notices alone has not seen it
    assertThat(forever.stringVariation("theme", U, "")).isEqualTo("a");
    // a notice makes a daemon read the items it names only: the other change arrives, the lost one does not
    server.upsertFlag(TestFlag.bool("other").serve(true));
    assertThat(until(() -> forever.boolVariation("other", U, false))).isTrue();
    assertThat(forever.stringVariation("theme", U, "")).isEqualTo("a");
    assertThat(until(() -> withTtl.boolVariation("other", U, false))).isTrue();
    assertThat(withTtl.stringVariation("theme", U, "")).isEqualTo("b");
  }

  /** The environment id the SDK reads from a secret (what the store keys by). */
  static String environmentOf(String secret) {
    java.util.concurrent.atomic.AtomicReference<String> env = new java.util.concurrent.atomic.AtomicReference<>();
    FBConfig config = FBConfig.builder(secret).dataSync(Components.noDataSync())
        .dataStore(Components.persistentDataStore(ctx -> {
          env.set(ctx.environmentId());
          throw new IllegalStateException("only the context was needed");
        })).disableEvents().build();
    new FBClient(config).close();
    return env.get();
  }
}
