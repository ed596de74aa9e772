package dev.featbit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.redis.RedisDataStore;
import dev.featbit.redis.RedisDataStoreBuilder;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import dev.featbit.sdk.spi.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featbit relay}: syncs an environment from a FeatBit evaluation server into Redis, for fleets whose
 * instances all read Redis (daemon mode). Prints a JSON status line on every change of its health and every
 * {@code --status-interval}; runs until Ctrl-C, through outages of either side.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
    description = {"Syncs flags from a FeatBit evaluation server into Redis (and nothing else: no events, no "
        + "evaluation), for application instances that read their flags from Redis. Survives outages of the "
        + "server and of Redis, reconnecting to both.",
        "Prints one JSON status line per health change and every --status-interval: "
            + "{\"event\":\"status\",\"health\":\"ok|degraded|starting\",\"featbit\":STATE,\"redis\":\"ok|failing|unknown\",...}.",
        "Exit codes: 0 stopped (Ctrl-C, SIGTERM), 1 the server rejected the env secret, 2 bad input.",
        "The env secret is read from FEATBIT_ENV_SECRET and the Redis password from FEATBIT_REDIS_PASSWORD when "
            + "not given, so they stay out of shell history; neither is ever printed."})
final class RelayCommand implements Callable<Integer> {
  @ParentCommand
  FeatBitCli cli;

  @Mixin
  ServerOptions server;

  @Option(names = "--redis", required = true, paramLabel = "URI",
      description = "Redis: redis://host[:port][/db], or rediss://... for TLS.")
  String redisUri;

  @Option(names = "--redis-user", paramLabel = "USER",
      description = "The Redis ACL user (default: the URI's, else none).")
  String redisUser;

  @Option(names = "--redis-password", paramLabel = "PASSWORD", defaultValue = "${env:FEATBIT_REDIS_PASSWORD}",
      description = "The Redis password (default: $FEATBIT_REDIS_PASSWORD, else the URI's).")
  String redisPassword;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = RedisDataStoreBuilder.DEFAULT_PREFIX,
      description = "The Redis key prefix (default: ${DEFAULT-VALUE}); the daemons must use the same.")
  String prefix;

  @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "PT30S", converter = Durations.class,
      description = "How often to print the status line when nothing changes (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Override
  public Integer call() throws Exception {
    server.requireSecret();
    if (statusInterval.isNegative() || statusInterval.isZero()) {
      throw CliException.badInput("--status-interval must be positive");
    }
    PersistentDataStoreFactory redis;
    try {
      RedisDataStoreBuilder b = RedisDataStore.builder().uri(redisUri).prefix(prefix);
      if (redisPassword != null && !redisPassword.isEmpty()) {
        b.password(redisPassword);
      }
      if (redisUser != null && !redisUser.isEmpty()) {
        b.user(redisUser);
      }
      redis = b.build();
    } catch (FBConfigException e) {
      throw CliException.badInput("--" + ("prefix".equals(e.setting()) ? "prefix" : "user".equals(e.setting())
          || "password".equals(e.setting()) ? "redis-" + e.setting() : "redis") + ": " + e.getMessage());
    }
    Health health = new Health();
    FBConfig config;
    try {
      config = server.configBuilder()
          .dataStore(Components.persistentDataStore(ctx -> new Tracked(redis.create(ctx), health)).cacheForever())
          .build();
    } catch (FBConfigException e) {
      throw CliException.badInput(WatchCommand.optionNames(e.getMessage()));
    }
    try (FBClient client = new FBClient(config)) {
      health.client = client;
      client.dataUpdateStatusProvider().addStatusListener(s -> health.changed());
      health.print(true);
      long intervalNanos = statusInterval.toNanos();
      long next = System.nanoTime() + intervalNanos;
      while (!cli.stop.await(100, TimeUnit.MILLISECONDS)) {
        DataUpdateStatus s = client.dataUpdateStatusProvider().status();
        if (s.state() == DataUpdateStatus.State.CLOSED) {
          health.print(true);
          if (s.lastError() != null && s.lastError().kind() == DataUpdateStatus.ErrorKind.REJECTED) {
            throw CliException.failed("the server rejected the env secret; the relay stopped");
          }
          throw CliException.failed("synchronisation stopped: "
              + (s.lastError() == null ? "closed" : s.lastError().message()));
        }
        boolean due = System.nanoTime() - next >= 0;
        if (health.print(due)) {
          next = System.nanoTime() + intervalNanos;
        }
      }
      health.print(true);
    }
    return 0;
  }

  /** What the status line reports; Redis's side is seen through the store calls the SDK makes. */
  final class Health {
    volatile FBClient client;
    final AtomicReference<String> redis = new AtomicReference<>("unknown");
    final AtomicLong writes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile Instant lastWrite;
    volatile String redisError;
    private String lastKey = "";
    private volatile boolean dirty;

    void ok() {
      redis.set("ok");
      redisError = null;
      dirty = true;
    }

    void wrote() {
      writes.incrementAndGet();
      lastWrite = Instant.now();
      ok();
    }

    void failed(Exception e) {
      failures.incrementAndGet();
      redis.set("failing");
      redisError = e.getClass().getSimpleName();
      dirty = true;
    }

    void changed() {
      dirty = true;
    }

    /** Prints the line when forced or when the health changed; returns whether it printed. */
    synchronized boolean print(boolean force) {
      FBClient c = client;
      if (c == null || (!force && !dirty)) {
        return false;
      }
      dirty = false;
      DataUpdateStatus s = c.dataUpdateStatusProvider().status();
      String r = redis.get();
      String featbit = s.state().name();
      String h = s.state() == DataUpdateStatus.State.READY && r.equals("ok") ? "ok"
          : s.state() == DataUpdateStatus.State.NOT_READY && !r.equals("failing") ? "starting" : "degraded";
      String key = h + featbit + r;
      if (!force && key.equals(lastKey)) {
        return false;
      }
      lastKey = key;
      ObjectNode line = Inputs.JSON.createObjectNode();
      line.put("time", Instant.now().toString());
      line.put("event", "status");
      line.put("health", h);
      line.put("featbit", featbit);
      if (s.lastError() != null && s.lastError().kind() != DataUpdateStatus.ErrorKind.STORE) {
        line.put("featbitError", s.lastError().kind().name() + ": " + s.lastError().message());
      }
      line.put("redis", r);
      if (redisError != null) {
        line.put("redisError", redisError);
      }
      line.put("flags", c.getAllLatestFlagVariations(FBUser.builder("featbit-relay").build()).size());
      line.put("redisWrites", writes.get());
      line.put("redisFailures", failures.get());
      if (lastWrite != null) {
        line.put("lastRedisWrite", lastWrite.toString());
      }
      synchronized (cli.out) {
        cli.out.println(line.toString());
        cli.out.flush();
      }
      return true;
    }
  }

  /** The Redis store, with every call's outcome recorded for the status line. */
  static final class Tracked implements PersistentDataStore {
    private final PersistentDataStore store;
    private final Health health;

    Tracked(PersistentDataStore store, Health health) {
      this.store = store;
      this.health = health;
    }

    @Override
    public void init(Map<String, StoredItem> flags, Map<String, StoredItem> segments) throws Exception {
      try {
        store.init(flags, segments);
        health.wrote();
      } catch (Exception e) {
        health.failed(e);
        throw e;
      }
    }

    @Override
    public boolean upsert(DataKind kind, StoredItem item) throws Exception {
      try {
        boolean stored = store.upsert(kind, item);
        health.wrote();
        return stored;
      } catch (Exception e) {
        health.failed(e);
        throw e;
      }
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
      try {
        boolean initialized = store.isInitialized();
        if (!"ok".equals(health.redis.get()) && initialized) {
          health.ok();
        }
        return initialized;
      } catch (Exception e) {
        health.failed(e);
        throw e;
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
