package dev.featbit.sdk.benchmarks;

import dev.featbit.redis.RedisDataStore;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.config.DataStoreBuilder;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Propagation through Redis: from a flag change on the test evaluation server to the value-change listener of
 * a daemon-mode client (which reads only Redis), via a writer client (streaming from the server, writing
 * Redis) and a real {@code redis-server}, all on loopback. Mode {@code push}: the daemon follows the change
 * notices (cache forever); mode {@code ttl}: the same store without notices, refreshed every TTL, each change
 * made at a random moment of the TTL period (so the expected wait is half the TTL). Not JMH: a
 * latency distribution of real events. Usage: {@code java -cp benchmarks.jar
 * dev.featbit.sdk.benchmarks.RedisPropagationProbe [push|ttl] [changes=1000] [warmup=200] [ttlMillis=1000]}.
 */
public final class RedisPropagationProbe {
  private RedisPropagationProbe() {}

  public static void main(String[] args) throws Exception {
    boolean push = args.length == 0 || !args[0].equals("ttl");
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : push ? 1000 : 60;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : push ? 200 : 5;
    long ttlMillis = args.length > 3 ? Long.parseLong(args[3]) : 1000;
    try (RedisTestServer redis = RedisTestServer.start();
        FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.strings("propagation", "a", "b"));
      PersistentDataStoreFactory store = RedisDataStore.builder().uri(redis.uri()).build();
      FBConfig writerConfig = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .dataStore(Components.persistentDataStore(store)).startWait(Duration.ofSeconds(10)).disableEvents()
          .build();
      DataStoreBuilder daemonStore = push ? Components.persistentDataStore(store).cacheForever()
          : Components.persistentDataStore(ctx -> new WithoutNotices(store.create(ctx)))
              .cacheTtl(Duration.ofMillis(ttlMillis));
      FBConfig daemonConfig = FBConfig.builder(server.secret()).dataSync(Components.noDataSync())
          .dataStore(daemonStore).disableEvents().build();
      try (FBClient writer = new FBClient(writerConfig)) {
        FBUser user = FBUser.builder("user-1").build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (FBClient daemon = new FBClient(daemonConfig)) {
          while (!daemon.isInitialized() && System.nanoTime() < deadline) {
            daemon.dataUpdateStatusProvider().waitForReady(Duration.ofMillis(100));
          }
          if (!writer.isInitialized() || !daemon.isInitialized()) {
            throw new IllegalStateException("writer or daemon did not initialize");
          }
          BlockingQueue<Long> fired = new LinkedBlockingQueue<>();
          daemon.flagTracker().addFlagValueChangeListener("propagation", user, e -> fired.add(System.nanoTime()));
          long[] latencies = new long[changes];
          String current = "a";
          for (int i = 0; i < warmup + changes; i++) {
            current = current.equals("a") ? "b" : "a";
            if (!push) { // changes at random moments of the TTL period, not right after a refresh
              Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(ttlMillis));
            }
            long start = System.nanoTime();
            server.upsertFlag(TestFlag.strings("propagation", "a", "b").serve(current));
            Long at = fired.poll(ttlMillis + 10_000, TimeUnit.MILLISECONDS);
            if (at == null) {
              throw new IllegalStateException("no value change in the daemon at change " + i);
            }
            if (!daemon.stringVariation("propagation", user, "?").equals(current)) {
              throw new IllegalStateException("listener fired but the value is not visible");
            }
            if (i >= warmup) {
              latencies[i - warmup] = at - start;
            }
          }
          Arrays.sort(latencies);
          System.out.printf("mode=%s%s changes=%d (after %d warm-up) p50=%.3f ms p90=%.3f ms p99=%.3f ms "
                  + "max=%.3f ms mean=%.3f ms%n", push ? "push" : "ttl", push ? "" : " ttl=" + ttlMillis + "ms",
              changes, warmup, ms(latencies[changes / 2]), ms(latencies[(int) (changes * 0.90)]),
              ms(latencies[(int) Math.min(changes - 1, Math.ceil(changes * 0.99) - 1)]), ms(latencies[changes - 1]),
              ms((long) Arrays.stream(latencies).average().orElse(0)));
        }
      }
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** The Redis store with its change notices left out: the daemon follows it by the TTL alone. */
  static final class WithoutNotices implements PersistentDataStore {
    private final PersistentDataStore store;

    WithoutNotices(PersistentDataStore store) {
      this.store = store;
    }

    @Override
    public void init(Map<String, StoredItem> flags, Map<String, StoredItem> segments) throws Exception {
      store.init(flags, segments);
    }

    @Override
    public boolean upsert(DataKind kind, StoredItem item) throws Exception {
      return store.upsert(kind, item);
    }

    @Override
    public StoredItem get(DataKind kind, String key) throws Exception {
      return store.get(kind, key);
    }

    @Override
    public Map<String, StoredItem> getAll(DataKind kind) throws Exception {
      return store.getAll(kind);
    }

    @Override
    public Map<DataKind, Map<String, StoredItem>> readAll() throws Exception {
      return store.readAll();
    }

    @Override
    public boolean isInitialized() throws Exception {
      return store.isInitialized();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
