package dev.featbit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The store against a real redis-server: versions, atomic full replacement, racing writers, notices. */
class RedisDataStoreTest {
  static final String ENV = "0123456789abcdef0123456789abcdef";
  RedisTestServer redis;
  final List<RedisDataStore> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = Redis.start();
  }

  @AfterEach
  void stop() {
    stores.forEach(RedisDataStore::close);
    redis.close();
  }

  RedisDataStore open() {
    return open(RedisDataStore.builder().uri(redis.uri()));
  }

  RedisDataStore open(RedisDataStoreBuilder b) {
    RedisDataStore s = b.open(ENV);
    stores.add(s);
    return s;
  }

  static StoredItem flag(String key, long version, String value) {
    return new StoredItem(key, version, false, "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
  }

  static Map<String, StoredItem> dataSet(int n, String value, long version) {
    Map<String, StoredItem> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      StoredItem f = flag("f" + i, version, value);
      m.put(f.key(), f);
    }
    return m;
  }

  @Test
  void fullDataSetsPatchesAndReadsRoundTrip() throws Exception {
    RedisDataStore s = open();
    assertThat(s.isInitialized()).isFalse();
    assertThat(s.readAll().get(DataKind.FLAGS)).isEmpty();
    assertThatThrownBy(() -> s.upsert(DataKind.FLAGS, flag("a", 1, "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no full data set");

    Map<String, StoredItem> segments = Collections.singletonMap("seg",
        new StoredItem("seg", 5, true, "{\"id\":\"seg\",\"isArchived\":true}"));
    s.init(dataSet(3, "g1", 10), segments);
    assertThat(s.isInitialized()).isTrue();
    assertThat(s.getAll(DataKind.FLAGS)).isEqualTo(dataSet(3, "g1", 10));
    assertThat(s.get(DataKind.SEGMENTS, "seg")).isEqualTo(segments.get("seg"));
    assertThat(s.get(DataKind.SEGMENTS, "seg").isArchived()).isTrue();
    assertThat(s.get(DataKind.FLAGS, "nope")).isNull();

    // only a strictly newer version is stored
    assertThat(s.upsert(DataKind.FLAGS, flag("f0", 10, "same version"))).isFalse();
    assertThat(s.upsert(DataKind.FLAGS, flag("f0", 9, "older"))).isFalse();
    assertThat(s.upsert(DataKind.FLAGS, flag("f0", 11, "newer"))).isTrue();
    assertThat(s.upsert(DataKind.FLAGS, flag("new", 1, "x"))).isTrue();
    assertThat(s.get(DataKind.FLAGS, "f0")).isEqualTo(flag("f0", 11, "newer"));
    Map<DataKind, Map<String, StoredItem>> all = s.readAll();
    assertThat(all.get(DataKind.FLAGS)).hasSize(4).containsEntry("new", flag("new", 1, "x"));
    assertThat(all.get(DataKind.SEGMENTS)).isEqualTo(segments);

    // a full replacement removes what it does not hold, and the old hashes
    s.init(dataSet(1, "g2", 20), Collections.emptyMap());
    assertThat(s.readAll().get(DataKind.FLAGS)).isEqualTo(dataSet(1, "g2", 20));
    assertThat(s.readAll().get(DataKind.SEGMENTS)).isEmpty();
    try (RedisClient raw = RedisClient.create(redis.uri())) {
      assertThat(raw.keys("featbit:" + ENV + ":*")).containsExactlyInAnyOrder("featbit:" + ENV + ":gen",
          "featbit:" + ENV + ":seq", "featbit:" + ENV + ":" + raw.get("featbit:" + ENV + ":gen") + ":flags");
    }
    // a second store instance (another process) sees the same
    assertThat(open().readAll().get(DataKind.FLAGS)).isEqualTo(dataSet(1, "g2", 20));
  }

  @Test
  void aLargeDataSetIsWrittenInChunks() throws Exception {
    RedisDataStore s = open();
    s.init(dataSet(1234, "big", 1), Collections.emptyMap());
    assertThat(s.getAll(DataKind.FLAGS)).hasSize(1234).isEqualTo(dataSet(1234, "big", 1));
  }

  @Test
  void prefixesEnvironmentsAndDatabasesKeepDataApart() throws Exception {
    RedisDataStore a = open();
    RedisDataStore b = open(RedisDataStore.builder().uri(redis.uri()).prefix("other"));
    RedisDataStore c = open(RedisDataStore.builder().uri(redis.uri()).environmentId("another-env"));
    RedisDataStore d = open(RedisDataStore.builder().uri(redis.uri() + "/3"));
    a.init(dataSet(1, "a", 1), Collections.emptyMap());
    assertThat(b.isInitialized()).isFalse();
    assertThat(c.isInitialized()).isFalse();
    assertThat(d.isInitialized()).isFalse();
    d.init(dataSet(2, "d", 1), Collections.emptyMap());
    assertThat(a.getAll(DataKind.FLAGS)).hasSize(1);
    assertThat(b.baseKey()).isEqualTo("other:" + ENV);
    assertThat(c.baseKey()).isEqualTo("featbit:another-env");
    try (RedisClient raw = RedisClient.builder().fromURI(redis.uri() + "/3").build()) {
      assertThat(raw.exists("featbit:" + ENV + ":gen")).isTrue();
    }
  }

  @Test
  void twoWritersRacingPatchesLeaveTheNewestVersion() throws Exception {
    RedisDataStore w1 = open();
    RedisDataStore w2 = open();
    w1.init(dataSet(10, "v0", 0), Collections.emptyMap());
    int rounds = 400;
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicInteger stored = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    // each writer writes every version of every flag, one ascending and one descending: whoever is slower
    // must never put an older version over a newer one
    for (RedisDataStore w : List.of(w1, w2)) {
      boolean ascending = w == w1;
      Thread t = new Thread(() -> {
        try {
          go.await();
          for (int r = 1; r <= rounds; r++) {
            int v = ascending ? r : rounds + 1 - r;
            if (w.upsert(DataKind.FLAGS, flag("f" + (v % 10), v, "v" + v))) {
              stored.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          error.set(e);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
    assertThat(error.get()).isNull();
    Map<String, StoredItem> all = w1.getAll(DataKind.FLAGS);
    for (int i = 0; i < 10; i++) {
      // the greatest version written for flag i
      int max = 0;
      for (int r = 1; r <= rounds; r++) {
        if (r % 10 == i) {
          max = Math.max(max, r);
        }
      }
      assertThat(all.get("f" + i)).isEqualTo(flag("f" + i, max, "v" + max));
    }
    assertThat(stored.get()).isBetween(10, rounds); // every stored write raised a version
  }

  @Test
  void aFullReplacementIsAtomicForReaders() throws Exception {
    RedisDataStore writer = open();
    RedisDataStore reader = open();
    writer.init(dataSet(300, "g0", 0), Collections.singletonMap("s", flag("s", 0, "g0")));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<String> mixes = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      try {
        while (!stop.get()) {
          Map<DataKind, Map<String, StoredItem>> all = reader.readAll();
          java.util.Set<String> generations = new java.util.TreeSet<>();
          all.get(DataKind.FLAGS).values().forEach(i -> generations.add(value(i)));
          all.get(DataKind.SEGMENTS).values().forEach(i -> generations.add(value(i)));
          if (generations.size() != 1 || all.get(DataKind.FLAGS).size() != 300) {
            mixes.add(generations + " in " + all.get(DataKind.FLAGS).size() + " flags");
          }
          reads.incrementAndGet();
        }
      } catch (Exception e) {
        mixes.add(e.toString());
      }
    });
    t.start();
    for (int g = 1; g <= 40; g++) {
      writer.init(dataSet(300, "g" + g, g), Collections.singletonMap("s", flag("s", g, "g" + g)));
    }
    stop.set(true);
    t.join(30_000);
    assertThat(mixes).isEmpty();
    assertThat(reads.get()).isGreaterThan(5);
    assertThat(value(reader.get(DataKind.FLAGS, "f7"))).isEqualTo("g40");
  }

  static String value(StoredItem i) {
    String j = i.json();
    int v = j.indexOf("\"value\":\"") + 9;
    return j.substring(v, j.indexOf('"', v));
  }

  @Test
  void everyCommitPublishesANoticeAndTheSubscriberResubscribesAfterAnOutage() throws Exception {
    RedisDataStore writer = open();
    RedisDataStore reader = open();
    AtomicInteger notices = new AtomicInteger();
    java.util.concurrent.Semaphore seen = new java.util.concurrent.Semaphore(0);
    reader.subscribe(() -> {
      notices.incrementAndGet();
      seen.release();
    });
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // the subscription itself
    writer.init(dataSet(2, "g1", 1), Collections.emptyMap());
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    writer.upsert(DataKind.FLAGS, flag("f1", 2, "g1"));
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(writer.upsert(DataKind.FLAGS, flag("f1", 2, "again"))).isFalse(); // not stored: no notice
    writer.upsert(DataKind.SEGMENTS, flag("s", 1, "g1"));
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.tryAcquire(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(notices.get()).isEqualTo(4);

    // Redis restarts: the subscriber comes back by itself and says so (notices may have been lost)
    redis.restart();
    assertThat(seen.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
    writer.init(dataSet(1, "g2", 3), Collections.emptyMap());
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    reader.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().equals("featbit-redis-notices")
        && th.isAlive());
  }

  @Test
  void aNoticesConnectionThatWentSilentIsReplaced() throws Exception {
    RedisDataStore writer = open();
    try (FreezingProxy proxy = new FreezingProxy(redis.port()); VirtualTime vt = VirtualTime.startingNow()) {
      RedisDataStore reader = open(RedisDataStore.builder().uri("redis://127.0.0.1:" + proxy.port()));
      reader.checkNoticesOn(vt.scheduler(), vt.clock());
      java.util.concurrent.Semaphore seen = new java.util.concurrent.Semaphore(0);
      reader.subscribe(seen::release);
      assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // the subscription itself
      vt.advance(Duration.ofMillis(RedisDataStore.PING_INTERVAL_MILLIS)); // a ping, answered
      writer.init(dataSet(1, "g1", 1), Collections.emptyMap());
      assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      int connections = proxy.accepted();

      // the connection goes silent without closing: notices stop arriving, and nothing fails
      proxy.freeze();
      writer.upsert(DataKind.FLAGS, flag("f0", 2, "g1"));
      assertThat(seen.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
      // unanswered pings, then the connection is replaced: the new subscription says notices may be lost
      for (long waited = 0; waited < RedisDataStore.SILENCE_LIMIT_MILLIS; waited += RedisDataStore.PING_INTERVAL_MILLIS) {
        vt.advance(Duration.ofMillis(RedisDataStore.PING_INTERVAL_MILLIS));
      }
      assertThat(seen.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
      assertThat(proxy.accepted()).isGreaterThan(connections);
      writer.upsert(DataKind.FLAGS, flag("f0", 3, "g1"));
      assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // notices flow on the new connection
      reader.close();
    }
  }

  static long hgetalls(RedisClient raw) {
    String stats = raw.info("commandstats");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_hgetall:calls=(\\d+)").matcher(stats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void afterItemNoticesOnlyTheChangedItemsAreReadAndAReadWithoutNoticesReadsEverything() throws Exception {
    RedisDataStore writer = open();
    RedisDataStore reader = open();
    java.util.concurrent.Semaphore seen = new java.util.concurrent.Semaphore(0);
    reader.subscribe(seen::release);
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    writer.init(dataSet(200, "g1", 1), Collections.emptyMap());
    assertThat(seen.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    try (RedisClient raw = RedisClient.create(redis.uri())) {
      assertThat(reader.readAll().get(DataKind.FLAGS)).isEqualTo(dataSet(200, "g1", 1)); // whole
      long whole = hgetalls(raw);
      writer.upsert(DataKind.FLAGS, flag("f3", 2, "patched"));
      writer.upsert(DataKind.FLAGS, flag("new", 2, "added"));
      writer.upsert(DataKind.SEGMENTS, flag("seg", 2, "added"));
      assertThat(seen.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
      Map<DataKind, Map<String, StoredItem>> after = reader.readAll();
      assertThat(hgetalls(raw)).isEqualTo(whole); // only the three items were read
      assertThat(after).isEqualTo(writer.readAll());
      assertThat(after.get(DataKind.FLAGS)).hasSize(201).containsEntry("f3", flag("f3", 2, "patched"));
      assertThat(after.get(DataKind.SEGMENTS)).containsOnlyKeys("seg");

      // a change whose notice is lost: the next read without notices (the TTL's) reads everything
      String gen = raw.get("featbit:" + ENV + ":gen");
      raw.hset("featbit:" + ENV + ":" + gen + ":flags", "f4", RedisDataStore.encode(flag("f4", 3, "silent")));
      long before = hgetalls(raw);
      assertThat(reader.readAll().get(DataKind.FLAGS).get("f4")).isEqualTo(flag("f4", 3, "silent"));
      assertThat(hgetalls(raw)).isEqualTo(before + 2);

      // an item notice of a generation that was replaced meanwhile: everything, of the new generation
      writer.upsert(DataKind.FLAGS, flag("f5", 4, "g1-late"));
      writer.init(dataSet(10, "g2", 5), Collections.emptyMap());
      assertThat(seen.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
      assertThat(reader.readAll().get(DataKind.FLAGS)).isEqualTo(dataSet(10, "g2", 5));
    }
  }

  @Test
  void anItemInAnotherFormatIsSkipped() throws Exception {
    RedisDataStore s = open();
    s.init(dataSet(2, "g1", 1), Collections.emptyMap());
    try (RedisClient raw = RedisClient.create(redis.uri())) {
      String gen = raw.get("featbit:" + ENV + ":gen");
      raw.hset("featbit:" + ENV + ":" + gen + ":flags", "junk", "not|this|format");
    }
    assertThat(s.getAll(DataKind.FLAGS)).hasSize(2).doesNotContainKey("junk");
    assertThat(RedisDataStore.decode("k", "12|1|{}")).isEqualTo(new StoredItem("k", 12, true, "{}"));
    assertThat(RedisDataStore.decode("k", "-3|0|{\"a\":\"|\"}").json()).isEqualTo("{\"a\":\"|\"}");
    assertThat(RedisDataStore.decode("k", "x|0|{}")).isNull();
    assertThat(RedisDataStore.encode(new StoredItem("k", 7, false, "{}"))).isEqualTo("7|0|{}");
  }

  @Test
  void aStoppedRedisMakesCallsThrowAndTheyWorkAgainAfterARestart() throws Exception {
    RedisDataStore s = open(RedisDataStore.builder().uri(redis.uri()).socketTimeout(Duration.ofMillis(500))
        .connectTimeout(Duration.ofMillis(500)));
    s.init(dataSet(1, "g1", 1), Collections.emptyMap());
    redis.kill();
    assertThatThrownBy(s::isInitialized).isInstanceOf(RuntimeException.class);
    redis.restart();
    assertThat(s.isInitialized()).isFalse(); // restarted empty
    s.init(dataSet(1, "g2", 2), Collections.emptyMap());
    assertThat(s.isInitialized()).isTrue();
  }
}
