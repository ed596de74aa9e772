package dev.featbit.redis;

import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.StoredItem;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * A {@link PersistentDataStore} over Redis, created by {@link RedisDataStoreBuilder} (see
 * {@link #builder()}). It keeps one environment's data under {@code <prefix>:<environment id>}:
 *
 * <ul>
 *   <li>{@code …:gen}: the generation of the current full data set (absent until the first full set);</li>
 *   <li>{@code …:<gen>:flags} and {@code …:<gen>:segments}: one hash per kind, field = key, value =
 *   {@code <version>|<0 or 1 archived>|<the item's JSON>};</li>
 *   <li>{@code …:seq}: the counter that numbers generations;</li>
 *   <li>{@code …:changes}: the pub/sub channel on which every write publishes a change notice.</li>
 * </ul>
 *
 * <p>A patch ({@link #upsert}) is a Lua script that compares versions and writes only a strictly newer item,
 * so a slower writer never overwrites a newer one. A full data set ({@link #init}) is written into fresh
 * hashes under a new generation, then one Lua script switches the generation pointer, deletes the old hashes
 * and publishes the notice: readers, which read the pointer and the hashes in one script
 * ({@link #readAll()}), see the old data set or the new one, never a mix.
 *
 * <p>Thread-safe; the connections come from a pool. {@link #subscribe} starts one thread,
 * {@code featbit-redis-notices}, holding a subscription connection; {@link #close()} stops it and closes the
 * pool.
 *
 * @since 0.1.0
 */
public final class RedisDataStore implements PersistentDataStore {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.redis");
  /** Fields per HSET command when a full data set is written. */
  private static final int CHUNK = 500;
  /** Hashes of a full data set being written expire unless the switch makes them current (a writer died). */
  private static final long PENDING_TTL_SECONDS = 3600;
  /** The notice published for a full data set. */
  static final String ALL = "*";

  private static final String UPSERT = String.join("\n",
      "local g = redis.call('GET', KEYS[1])",
      "if not g then return -1 end",
      "local h = ARGV[1] .. ':' .. g .. ':' .. ARGV[2]",
      "local old = redis.call('HGET', h, ARGV[3])",
      "if old then",
      "  local v = tonumber(string.match(old, '^(-?%d+)|'))",
      "  if v and v >= tonumber(ARGV[4]) then return 0 end",
      "end",
      "redis.call('HSET', h, ARGV[3], ARGV[5])",
      "redis.call('PUBLISH', KEYS[2], ARGV[6])",
      "return 1");
  private static final String SWITCH = String.join("\n",
      "local old = redis.call('GET', KEYS[1])",
      "redis.call('SET', KEYS[1], ARGV[2])",
      "redis.call('PERSIST', ARGV[1] .. ':' .. ARGV[2] .. ':flags')",
      "redis.call('PERSIST', ARGV[1] .. ':' .. ARGV[2] .. ':segments')",
      "if old and old ~= ARGV[2] then",
      "  redis.call('UNLINK', ARGV[1] .. ':' .. old .. ':flags', ARGV[1] .. ':' .. old .. ':segments')",
      "end",
      "redis.call('PUBLISH', KEYS[2], ARGV[3])",
      "return 1");
  private static final String READ_ALL = String.join("\n",
      "local g = redis.call('GET', KEYS[1])",
      "if not g then return false end",
      "return {g, redis.call('HGETALL', ARGV[1] .. ':' .. g .. ':flags'),",
      "  redis.call('HGETALL', ARGV[1] .. ':' .. g .. ':segments')}");
  private static final String READ_KIND = String.join("\n",
      "local g = redis.call('GET', KEYS[1])",
      "if not g then return false end",
      "return redis.call('HGETALL', ARGV[1] .. ':' .. g .. ':' .. ARGV[2])");
  /** The items of the given kinds and keys, if the generation is still the given one; else nil. */
  private static final String READ_KEYS = String.join("\n",
      "local g = redis.call('GET', KEYS[1])",
      "if g ~= ARGV[2] then return false end",
      "local out = {}",
      "for i = 3, #ARGV, 2 do",
      "  out[#out + 1] = redis.call('HGET', ARGV[1] .. ':' .. g .. ':' .. ARGV[i], ARGV[i + 1])",
      "end",
      "return out");
  private static final String READ_ONE = String.join("\n",
      "local g = redis.call('GET', KEYS[1])",
      "if not g then return false end",
      "return redis.call('HGET', ARGV[1] .. ':' .. g .. ':' .. ARGV[2], ARGV[3])");

  /** How often the notices connection is sent a PING (it carries nothing else while no data changes). */
  static final long PING_INTERVAL_MILLIS = 10_000;
  /** A notices connection that answered nothing (no pong, no notice) for this long is replaced. */
  static final long SILENCE_LIMIT_MILLIS = 3 * PING_INTERVAL_MILLIS;

  private final RedisClient client;
  private final String base;
  private final String genKey;
  private final String seqKey;
  private final String channel;
  private final String description;
  private final Object lifecycle = new Object();
  private Thread subscriber; // guarded by lifecycle
  private Notices notices; // guarded by lifecycle
  private boolean closed; // guarded by lifecycle
  // the liveness check of the notices connection: on the client's scheduler, in the client's time
  private java.util.concurrent.ScheduledExecutorService scheduler; // guarded by lifecycle
  private java.time.Clock clock = java.time.Clock.systemUTC(); // guarded by lifecycle
  private java.util.concurrent.ScheduledFuture<?> liveness; // guarded by lifecycle

  // What this store last read whole, and what the notices since then say changed: a notice costs a read of
  // the changed items only, as long as the generation is the same (the view is a complete data set of it)
  private final Object readLock = new Object();
  private final Object viewLock = new Object();
  private String viewGen; // guarded by viewLock
  private Map<String, StoredItem> viewFlags; // guarded by viewLock
  private Map<String, StoredItem> viewSegments; // guarded by viewLock
  private java.util.Set<String> dirty = new java.util.HashSet<>(); // "f:key" / "s:id"; guarded by viewLock
  private boolean needFull = true; // guarded by viewLock

  RedisDataStore(RedisClient client, String base, String description) {
    this.client = client;
    this.base = base;
    this.genKey = base + ":gen";
    this.seqKey = base + ":seq";
    this.channel = base + ":changes";
    this.description = description;
  }

  /**
   * Checks the notices connection on {@code scheduler} in {@code clock}'s time once {@link #subscribe} has
   * started it: a PING every {@link #PING_INTERVAL_MILLIS}, and a connection that answered nothing for
   * {@link #SILENCE_LIMIT_MILLIS} (a half-open connection, a proxy or NAT that dropped it silently) is closed,
   * so that the notices thread reconnects.
   */
  void checkNoticesOn(java.util.concurrent.ScheduledExecutorService scheduler, java.time.Clock clock) {
    synchronized (lifecycle) {
      this.scheduler = scheduler;
      this.clock = clock;
    }
  }

  /**
   * A builder for the store's factory: {@code Components.persistentDataStore(RedisDataStore.builder()
   * .uri("redis://localhost:6379").build())}.
   *
   * @return a new builder with the defaults
   */
  public static RedisDataStoreBuilder builder() {
    return new RedisDataStoreBuilder();
  }

  /** The key under which this store keeps its environment's data ({@code <prefix>:<environment id>}). */
  String baseKey() {
    return base;
  }

  /** The pub/sub channel of the change notices. */
  String channel() {
    return channel;
  }

  private static String suffix(DataKind kind) {
    return kind == DataKind.FLAGS ? "flags" : "segments";
  }

  static String encode(StoredItem item) {
    return item.version() + "|" + (item.isArchived() ? '1' : '0') + "|" + item.json();
  }

  /** Decodes a hash value; {@code null} (logged) for a value this store did not write. */
  static StoredItem decode(String key, String value) {
    int a = value.indexOf('|');
    if (a > 0 && value.length() > a + 3 && value.charAt(a + 2) == '|') {
      try {
        long version = Long.parseLong(value.substring(0, a));
        char archived = value.charAt(a + 1);
        if (archived == '0' || archived == '1') {
          return new StoredItem(key, version, archived == '1', value.substring(a + 3));
        }
      } catch (NumberFormatException e) {
        // below
      }
    }
    LOG.warn("Redis holds an item that is not in this store's format (key length {}); skipped", key.length());
    return null;
  }

  @Override
  public void init(Map<String, StoredItem> flags, Map<String, StoredItem> segments) throws Exception {
    String gen = Long.toString(client.incr(seqKey));
    write(base + ":" + gen + ":flags", flags);
    write(base + ":" + gen + ":segments", segments);
    client.eval(SWITCH, Arrays.asList(genKey, channel), Arrays.asList(base, gen, ALL));
  }

  private void write(String key, Map<String, StoredItem> items) {
    if (items.isEmpty()) {
      return;
    }
    Map<String, String> chunk = new HashMap<>();
    Iterator<StoredItem> it = items.values().iterator();
    while (it.hasNext()) {
      StoredItem i = it.next();
      chunk.put(i.key(), encode(i));
      if (chunk.size() == CHUNK || !it.hasNext()) {
        client.hset(key, chunk);
        chunk = new HashMap<>();
      }
    }
    client.expire(key, PENDING_TTL_SECONDS);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when Redis holds no full data set (never written, or restarted without
   *     its data): the client then writes its complete data set again
   */
  @Override
  public boolean upsert(DataKind kind, StoredItem item) throws Exception {
    String notice = (kind == DataKind.FLAGS ? "f:" : "s:") + item.key();
    Object r = client.eval(UPSERT, Arrays.asList(genKey, channel), Arrays.asList(base, suffix(kind), item.key(),
        Long.toString(item.version()), encode(item), notice));
    long result = r instanceof Long ? (Long) r : -2;
    if (result == -1) {
      throw new IllegalStateException("Redis holds no full data set for this environment");
    }
    return result == 1;
  }

  @Override
  public StoredItem get(DataKind kind, String key) throws Exception {
    Object r = client.eval(READ_ONE, Collections.singletonList(genKey), Arrays.asList(base, suffix(kind), key));
    return r instanceof String ? decode(key, (String) r) : null;
  }

  @Override
  public Map<String, StoredItem> getAll(DataKind kind) throws Exception {
    Object r = client.eval(READ_KIND, Collections.singletonList(genKey), Arrays.asList(base, suffix(kind)));
    return r instanceof List ? items((List<?>) r) : new HashMap<>();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One Lua script reads the generation pointer and both hashes: the result is always one data set. After
   * change notices for single items of the generation read last, only those items are read (one script that
   * checks the generation is still the same; otherwise everything is read). A read without such notices (the
   * TTL refresh) reads everything, which heals a lost notice.
   */
  @Override
  public Map<DataKind, Map<String, StoredItem>> readAll() throws Exception {
    synchronized (readLock) {
      java.util.Set<String> keys;
      String gen;
      boolean full;
      synchronized (viewLock) {
        full = needFull || viewGen == null || dirty.isEmpty();
        keys = dirty;
        dirty = new java.util.HashSet<>();
        needFull = false;
        gen = viewGen;
      }
      try {
        if (!full) {
          Map<DataKind, Map<String, StoredItem>> changed = readChanged(gen, keys);
          if (changed != null) {
            return changed;
          }
        }
        return readWhole();
      } catch (RuntimeException e) {
        synchronized (viewLock) {
          needFull = true;
        }
        throw e;
      }
    }
  }

  private Map<DataKind, Map<String, StoredItem>> readWhole() {
    Object r = client.eval(READ_ALL, Collections.singletonList(genKey), Collections.singletonList(base));
    Map<DataKind, Map<String, StoredItem>> all = new EnumMap<>(DataKind.class);
    if (r instanceof List && ((List<?>) r).size() == 3) {
      List<?> l = (List<?>) r;
      Map<String, StoredItem> f = items((List<?>) l.get(1));
      Map<String, StoredItem> s = items((List<?>) l.get(2));
      synchronized (viewLock) {
        viewGen = String.valueOf(l.get(0));
        viewFlags = f;
        viewSegments = s;
      }
      all.put(DataKind.FLAGS, new HashMap<>(f));
      all.put(DataKind.SEGMENTS, new HashMap<>(s));
    } else {
      synchronized (viewLock) {
        viewGen = null;
      }
      all.put(DataKind.FLAGS, new HashMap<>());
      all.put(DataKind.SEGMENTS, new HashMap<>());
    }
    return all;
  }

  /** The view with the changed items read again; null when the generation moved on (read everything). */
  private Map<DataKind, Map<String, StoredItem>> readChanged(String gen, java.util.Set<String> keys) {
    List<String> args = new java.util.ArrayList<>(2 + 2 * keys.size());
    List<String> order = new java.util.ArrayList<>(keys);
    args.add(base);
    args.add(gen);
    for (String k : order) {
      args.add(k.startsWith("f:") ? "flags" : "segments");
      args.add(k.substring(2));
    }
    Object r = client.eval(READ_KEYS, Collections.singletonList(genKey), args);
    if (!(r instanceof List) || ((List<?>) r).size() != order.size()) {
      return null;
    }
    List<?> values = (List<?>) r;
    synchronized (viewLock) {
      if (!gen.equals(viewGen)) {
        return null;
      }
      for (int i = 0; i < order.size(); i++) {
        String k = order.get(i);
        Map<String, StoredItem> m = k.startsWith("f:") ? viewFlags : viewSegments;
        Object v = values.get(i);
        StoredItem item = v instanceof String ? decode(k.substring(2), (String) v) : null;
        if (item != null) {
          m.put(item.key(), item);
        } else {
          m.remove(k.substring(2));
        }
      }
      Map<DataKind, Map<String, StoredItem>> all = new EnumMap<>(DataKind.class);
      all.put(DataKind.FLAGS, new HashMap<>(viewFlags));
      all.put(DataKind.SEGMENTS, new HashMap<>(viewSegments));
      return all;
    }
  }

  /** Records what a notice says changed, for the next {@link #readAll()}. */
  void noticed(String message) {
    synchronized (viewLock) {
      if (message != null && message.length() > 2 && (message.startsWith("f:") || message.startsWith("s:"))) {
        dirty.add(message);
      } else {
        needFull = true;
      }
    }
  }

  private static Map<String, StoredItem> items(List<?> flat) {
    Map<String, StoredItem> m = new HashMap<>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      String key = String.valueOf(flat.get(i));
      StoredItem item = decode(key, String.valueOf(flat.get(i + 1)));
      if (item != null) {
        m.put(key, item);
      }
    }
    return m;
  }

  @Override
  public boolean isInitialized() throws Exception {
    return client.exists(genKey);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Starts the {@code featbit-redis-notices} thread, which subscribes to this environment's channel and
   * calls {@code changed} for every notice and after every (re)subscription (notices may have been lost while
   * it was not subscribed); it reconnects by itself, waiting 0.5 s to 30 s between attempts. A store made by
   * the factory for a client also checks that connection on the client's scheduler: a PING every 10 s, and a
   * connection that answered nothing for 30 s (dropped silently on the way) is closed and replaced.
   */
  @Override
  public void subscribe(Runnable changed) {
    synchronized (lifecycle) {
      if (closed || subscriber != null) {
        return;
      }
      notices = new Notices(changed, clock);
      subscriber = new Thread(notices::run, "featbit-redis-notices");
      subscriber.setDaemon(true);
      subscriber.start();
      if (scheduler != null) {
        Notices n = notices;
        try {
          liveness = scheduler.scheduleWithFixedDelay(n::checkLiveness, PING_INTERVAL_MILLIS, PING_INTERVAL_MILLIS,
              java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // the client is closing: so is this store
        }
      }
    }
  }

  /** Closes the subscription and the connection pool; idempotent, never throws. */
  @Override
  public void close() {
    Thread t;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      lifecycle.notifyAll();
      t = subscriber;
      if (liveness != null) {
        liveness.cancel(false);
      }
      if (notices != null) {
        notices.stop();
      }
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing the Redis connections failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * Describes the store without credentials: where it connects and its key.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "RedisDataStore{" + description + ", key " + base + "}";
  }

  /** The subscription loop of the notices thread. */
  private final class Notices extends JedisPubSub {
    private final Runnable changed;
    private final java.time.Clock clock;
    private volatile boolean stopping;
    private volatile boolean failing;
    /** The connection subscribed now, or null. */
    private volatile Connection connection;
    /** When the connection last answered (a pong, a notice, the subscription), in the clock's millis. */
    private volatile long lastHeard;

    Notices(Runnable changed, java.time.Clock clock) {
      this.changed = changed;
      this.clock = clock;
    }

    /** Subscribes on a connection of the pool and reads its notices until it is unsubscribed or fails. */
    private void subscribeOnce() {
      Connection c = client.getPool().getResource();
      try {
        lastHeard = clock.millis();
        connection = c;
        proceed(c, channel); // returns once unsubscribed
      } finally {
        connection = null;
        c.close();
      }
    }

    /** On the scheduler: a PING, or, after too long a silence, the connection closed so that it is replaced. */
    void checkLiveness() {
      Connection c = connection;
      if (c == null || stopping || !isSubscribed()) {
        return;
      }
      long silent = clock.millis() - lastHeard;
      try {
        if (silent >= SILENCE_LIMIT_MILLIS) {
          LOG.warn("The Redis change notices connection answered nothing for {} s; replacing it", silent / 1000);
          c.disconnect(); // the notices thread's read fails, and it reconnects
        } else {
          ping();
        }
      } catch (RuntimeException e) {
        // the connection is failing: the notices thread sees it too and reconnects
      }
    }

    @Override
    public void onPong(String pattern) {
      lastHeard = clock.millis();
    }

    void run() {
      long backoff = 500;
      while (!isClosed()) {
        try {
          subscribeOnce();
          backoff = 500;
        } catch (RuntimeException e) {
          if (isClosed()) {
            return;
          }
          if (!failing) {
            failing = true;
            LOG.warn("The Redis change notices are interrupted ({}); reconnecting, the cache TTL applies meanwhile",
                e.getClass().getSimpleName());
            noticed(ALL);
            notifyChanged(); // the client reads the store now, and so learns whether Redis is down
          }
          synchronized (lifecycle) {
            long until = System.nanoTime() + backoff * 1_000_000;
            long left;
            while (!closed && (left = until - System.nanoTime()) > 0) {
              try {
                lifecycle.wait(Math.max(1, left / 1_000_000));
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          }
          backoff = Math.min(30_000, backoff * 2);
        }
      }
    }

    private boolean isClosed() {
      synchronized (lifecycle) {
        return closed;
      }
    }

    void stop() {
      stopping = true;
      try {
        if (isSubscribed()) {
          unsubscribe();
        }
      } catch (RuntimeException e) {
        // the connection is gone already
      }
    }

    @Override
    public void onSubscribe(String ch, int subscribedChannels) {
      lastHeard = clock.millis();
      if (stopping) {
        unsubscribe();
        return;
      }
      if (failing) {
        failing = false;
        LOG.info("The Redis change notices are back");
      }
      noticed(ALL);
      notifyChanged(); // notices may have been lost meanwhile
    }

    @Override
    public void onMessage(String ch, String message) {
      lastHeard = clock.millis();
      noticed(message);
      notifyChanged();
    }

    private void notifyChanged() {
      try {
        changed.run();
      } catch (RuntimeException e) {
        LOG.warn("The change listener failed: {}", e.toString());
      }
    }
  }
}
