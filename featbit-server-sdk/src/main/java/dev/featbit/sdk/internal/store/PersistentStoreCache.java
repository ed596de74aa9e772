package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.sync.DataUpdater;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.StoredItem;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caching layer in front of a {@link PersistentDataStore}: evaluations read the client's in-memory
 * snapshot; this class loads the store into it at start, writes every data-source commit through to the
 * store (on its own {@code featbit-store} thread, in commit order), refreshes from the store every cache TTL,
 * and rewrites the store with the complete data set once it answers again after a failure.
 *
 * <p>A read-only cache (a client without a data source) never writes: it loads the store as soon as it holds
 * a complete data set, reads it again on every change notice the store pushes (and every TTL), and makes the
 * client {@code STALE} while the store fails. A writer re-checks every few seconds that the store still holds
 * a data set (a store restarted empty) and rewrites it when not.
 */
public final class PersistentStoreCache implements DataUpdater.WriteThrough {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.store");
  private static final long RECHECK_MILLIS = 5_000;

  private final ClientContext ctx;
  private final PersistentDataStore store;
  private final DataUpdater updater;
  private final Duration ttl;
  private final boolean readOnly;
  private final ExecutorService io;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  // the complete data set as the store should hold it; owned by the io thread
  private final Map<String, StoredItem> flags = new HashMap<>();
  private final Map<String, StoredItem> segments = new HashMap<>();
  private boolean mirrorComplete;
  private boolean needsRewrite;
  private boolean emptyReported; // owned by the io thread
  private volatile boolean failing;
  private volatile boolean closed;
  private volatile ScheduledFuture<?> timer;

  public PersistentStoreCache(ClientContext ctx, PersistentDataStore store, DataUpdater updater, Duration ttl) {
    this(ctx, store, updater, ttl, false);
  }

  /**
   * @param readOnly true for a client without a data source: the store is its only source of data
   */
  public PersistentStoreCache(ClientContext ctx, PersistentDataStore store, DataUpdater updater, Duration ttl,
      boolean readOnly) {
    this.readOnly = readOnly;
    this.ctx = ctx;
    this.store = store;
    this.updater = updater;
    this.ttl = ttl;
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        ClientContext.threads("store"));
    this.io = e;
  }

  /**
   * Loads the store into the snapshot when it holds a complete data set (on the calling thread, before any
   * data source starts), then schedules the TTL refresh and the availability re-check.
   *
   * @return true when the client was initialized from the store
   */
  public boolean start() {
    boolean loaded = false;
    if (readOnly) {
      try {
        store.subscribe(this::changed);
      } catch (RuntimeException e) {
        LOG.warn("The persistent data store could not subscribe to changes ({}); the cache TTL alone applies",
            e.toString());
      }
    }
    try {
      if (store.isInitialized()) {
        Map<DataKind, Map<String, StoredItem>> all = store.readAll();
        Map<String, StoredItem> f = all.get(DataKind.FLAGS);
        Map<String, StoredItem> s = all.get(DataKind.SEGMENTS);
        loaded = commitFromStore(f, s);
        if (loaded) {
          io.execute(() -> {
            mirror(f, s);
            mirrorComplete = true;
          });
          LOG.info("Loaded {} flags and {} segments from the persistent data store", f.size(), s.size());
        }
      }
    } catch (Exception e) {
      failed("reading the persistent data store at start", e);
    }
    long period = ttl != null ? ttl.toMillis() : RECHECK_MILLIS;
    try {
      timer = ctx.scheduler().scheduleWithFixedDelay(() -> submit(this::tick), period, period,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the client is closing
    }
    return loaded;
  }

  /** A change notice from the store: one read of the store, however many notices arrive meanwhile. */
  private void changed() {
    if (!closed && refreshQueued.compareAndSet(false, true)) {
      submit(() -> {
        refreshQueued.set(false);
        refresh();
      });
    }
  }

  private boolean commitFromStore(Map<String, StoredItem> f, Map<String, StoredItem> s) {
    DataSyncMessage message;
    try {
      message = DataSyncMessage.parseBootstrap(json(f, s),
          new FullDataCompiler(ctx.config().regexStepBudget())).asFull();
    } catch (DataSyncMessage.InvalidMessageException e) {
      LOG.error("The persistent data store holds data that is not FeatBit flag data: {}", e.getMessage());
      return false;
    }
    return updater.apply(message, false) != null;
  }

  /** Commits what the store holds beyond the client's data (newer versions, new items) as a patch. */
  private boolean commitPatchFromStore(List<StoredItem> f, List<StoredItem> s) {
    DataSyncMessage message;
    try {
      message = DataSyncMessage.parseUpdate("{\"eventType\":\"patch\","
          + json(f, s).substring(1));
    } catch (DataSyncMessage.InvalidMessageException e) {
      LOG.error("The persistent data store holds data that is not FeatBit flag data: {}", e.getMessage());
      return false;
    }
    return updater.apply(message, false) != null;
  }

  private static String json(Map<String, StoredItem> f, Map<String, StoredItem> s) {
    return json(f.values(), s.values());
  }

  private static String json(java.util.Collection<StoredItem> f, java.util.Collection<StoredItem> s) {
    StringBuilder b = new StringBuilder(64 + 512 * (f.size() + s.size()));
    b.append("{\"featureFlags\":[");
    append(b, f);
    b.append("],\"segments\":[");
    append(b, s);
    return b.append("]}").toString();
  }

  private static void append(StringBuilder b, java.util.Collection<StoredItem> items) {
    boolean first = true;
    for (StoredItem i : items) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(i.json());
    }
  }

  /** Called under the updater's lock for every data-source commit: converted here, written on the io thread. */
  @Override
  public void committed(DataSyncMessage message, CommitResult result) {
    if (closed) {
      return;
    }
    List<StoredItem> f = items(message.flags);
    List<StoredItem> s = items(message.segments);
    boolean full = message.eventType == DataSyncMessage.EventType.FULL;
    submit(() -> write(full, f, s));
  }

  private static List<StoredItem> items(List<EntityDoc> docs) {
    List<StoredItem> out = new java.util.ArrayList<>(docs.size());
    for (EntityDoc d : docs) {
      out.add(new StoredItem(d.key, d.version, d.archived, d.json()));
    }
    return out;
  }

  private void write(boolean full, List<StoredItem> f, List<StoredItem> s) {
    if (full) {
      flags.clear();
      segments.clear();
      mirrorComplete = true;
    }
    for (StoredItem i : f) {
      newer(flags, i);
    }
    for (StoredItem i : s) {
      newer(segments, i);
    }
    if (needsRewrite || full) {
      rewrite();
      return;
    }
    try {
      for (StoredItem i : s) {
        store.upsert(DataKind.SEGMENTS, i);
      }
      for (StoredItem i : f) {
        store.upsert(DataKind.FLAGS, i);
      }
      holdsData();
    } catch (Exception e) {
      needsRewrite = true;
      failed("writing to the persistent data store", e);
    }
  }

  private static void newer(Map<String, StoredItem> m, StoredItem i) {
    StoredItem old = m.get(i.key());
    if (old == null || i.version() > old.version()) {
      m.put(i.key(), i);
    }
  }

  private void mirror(Map<String, StoredItem> f, Map<String, StoredItem> s) {
    flags.clear();
    flags.putAll(f);
    segments.clear();
    segments.putAll(s);
  }

  /** Writes the complete data set (after a full data set, or once the store answers again). */
  private void rewrite() {
    if (!mirrorComplete) {
      return; // nothing complete to write yet
    }
    try {
      store.init(new HashMap<>(flags), new HashMap<>(segments));
      needsRewrite = false;
      holdsData();
    } catch (Exception e) {
      needsRewrite = true;
      failed("writing to the persistent data store", e);
    }
  }

  private void tick() {
    if (needsRewrite) {
      rewrite();
      return;
    }
    if (ttl != null || (readOnly && (!mirrorComplete || failing))) {
      refresh();
    } else if (!readOnly && mirrorComplete) {
      try {
        boolean present = store.isInitialized();
        if (present) {
          holdsData();
        } else {
          recovered();
          LOG.warn("The persistent data store holds no data set (restarted empty?); writing it again");
          rewrite();
        }
      } catch (Exception e) {
        failed("reading the persistent data store", e);
      }
    }
  }

  /** Reads the whole store and commits what differs from the client's data. */
  private void refresh() {
    try {
      if (!store.isInitialized()) {
        recovered();
        if (!readOnly && mirrorComplete) {
          LOG.warn("The persistent data store holds no data set (restarted empty?); writing it again");
          rewrite();
        } else if (readOnly && mirrorComplete) {
          if (!emptyReported) {
            emptyReported = true;
            LOG.warn("The persistent data store holds no data set; evaluations keep using the data in memory");
          }
          updater.status().interrupted(ErrorKind.STORE, "the persistent data store holds no data set");
        }
        return;
      }
      Map<DataKind, Map<String, StoredItem>> all = store.readAll();
      Map<String, StoredItem> f = all.get(DataKind.FLAGS);
      Map<String, StoredItem> s = all.get(DataKind.SEGMENTS);
      holdsData();
      emptyReported = false;
      if (mirrorComplete && f.equals(flags) && s.equals(segments)) {
        if (readOnly) {
          updater.status().committed(updater.isInitialized()); // STALE after an outage: READY again
        }
        return;
      }
      List<StoredItem> newerFlags = new java.util.ArrayList<>();
      List<StoredItem> newerSegments = new java.util.ArrayList<>();
      boolean asPatch = mirrorComplete && updater.isInitialized() && newer(flags, f, newerFlags)
          && newer(segments, s, newerSegments);
      boolean committed = asPatch ? commitPatchFromStore(newerFlags, newerSegments) : commitFromStore(f, s);
      if (committed) { // the commit makes a STALE client READY again
        mirror(f, s);
        mirrorComplete = true;
      }
    } catch (Exception e) {
      failed("reading the persistent data store", e);
    }
  }

  /**
   * Collects the items of {@code read} that are new or newer than in {@code held}; false when applying them
   * as a patch would not give {@code read} (an item removed, an older or an equal version with other content).
   */
  private static boolean newer(Map<String, StoredItem> held, Map<String, StoredItem> read, List<StoredItem> out) {
    if (!read.keySet().containsAll(held.keySet())) {
      return false;
    }
    for (StoredItem i : read.values()) {
      StoredItem old = held.get(i.key());
      if (old == null || i.version() > old.version()) {
        out.add(i);
      } else if (!old.equals(i)) {
        return false;
      }
    }
    return true;
  }

  private void submit(Runnable r) {
    if (closed) {
      return;
    }
    try {
      io.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.error("Persistent data store task failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException closing) {
      // closed
    }
  }

  private void failed(String what, Exception e) {
    if (!failing) {
      failing = true;
      LOG.warn("The persistent data store failed ({}): {}; evaluations keep using the data in memory", what,
          e.toString());
    }
    if (readOnly) {
      updater.status().interrupted(ErrorKind.STORE, what + ": " + e.getClass().getSimpleName());
    } else {
      updater.status().storeFailed(what + ": " + e.getClass().getSimpleName());
    }
  }

  private void recovered() {
    if (failing) {
      failing = false;
      LOG.info("The persistent data store answers again");
    }
  }

  /** The store holds the client's complete data again (after a rewrite or a successful write). */
  private void holdsData() {
    recovered();
    if (!readOnly) {
      updater.status().storeRecovered();
    }
  }

  /** Whether the last store operation failed. */
  public boolean isFailing() {
    return failing;
  }

  /**
   * Stops the refresh, lets queued writes finish (at most {@code waitMillis}), then closes the store.
   */
  public void close(long waitMillis) {
    closed = true;
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    io.shutdown();
    try {
      io.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io.shutdownNow();
    try {
      store.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing the persistent data store failed: {}", e.toString());
    }
  }
}
