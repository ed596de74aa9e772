package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.sync.DataUpdater;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last-known-good snapshot: loads it at start (provisional data, see {@link DataUpdater#applyProvisional}),
 * and keeps the file up to date with what the data source commits. Every commit is handed to the
 * {@code featbit-snapshot} thread, which keeps the complete data set as JSON per item; a write is scheduled on
 * the client's scheduler at most once per interval and runs on the {@code featbit-snapshot} thread, never on the
 * evaluation path or under the updater's lock. Nothing is written before the data source delivered a complete
 * data set, so the file always holds a data set the server sent.
 */
public final class SnapshotStore implements DataUpdater.WriteThrough {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.snapshot");

  private final ClientContext ctx;
  private final DataUpdater updater;
  private final Path file;
  private final String environmentId;
  private final long intervalMillis;
  private final ExecutorService io;
  // owned by the io thread
  private final Map<String, Item> flags = new HashMap<>();
  private final Map<String, Item> segments = new HashMap<>();
  private boolean complete;
  private boolean dirty;
  private boolean scheduled;
  private boolean failing;
  private volatile ScheduledFuture<?> timer;
  private volatile boolean closed;
  private volatile long writes; // completed writes, for tests and probes

  private static final class Item {
    final long version;
    final String json;

    Item(long version, String json) {
      this.version = version;
      this.json = json;
    }
  }

  public SnapshotStore(ClientContext ctx, DataUpdater updater, Path file, Duration interval) {
    this.ctx = ctx;
    this.updater = updater;
    this.file = file;
    this.environmentId = ctx.environmentId();
    this.intervalMillis = interval.toMillis();
    this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        ClientContext.threads("snapshot"));
  }

  /**
   * Loads the snapshot into the client as provisional data (on the calling thread, before the data source
   * starts); a missing file is silent, a refused one is logged and ignored.
   *
   * @return true when the client was initialized from the snapshot
   */
  public boolean load() {
    SnapshotFile.removeLeftover(file);
    SnapshotFile.Loaded loaded;
    try {
      loaded = SnapshotFile.read(file, environmentId);
    } catch (SnapshotFile.Refused e) {
      LOG.warn("Ignoring the snapshot {}: {}", file, e.getMessage());
      return false;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the snapshot {}: cannot read it ({})", file, e.toString());
      return false;
    }
    if (loaded == null) {
      LOG.info("No snapshot at {} yet: it is written once the data source delivers", file);
      return false;
    }
    DataSyncMessage message;
    try {
      message = DataSyncMessage.parseBootstrap(loaded.body,
          new FullDataCompiler(ctx.config().regexStepBudget())).asFull();
    } catch (DataSyncMessage.InvalidMessageException e) {
      LOG.warn("Ignoring the snapshot {}: not FeatBit flag data ({})", file, e.getMessage());
      return false;
    }
    if (updater.applyProvisional(message) == null) {
      return false;
    }
    String age = age(ctx.millis() - loaded.writtenAt);
    LOG.info("Loaded {} flags and {} segments from the snapshot {} written {} ago", message.flags.size(),
        message.segments.size(), file, age);
    updater.status().provisional(ErrorKind.STORE, "serving the snapshot " + file + " written " + age
        + " ago until the data source delivers");
    return true;
  }

  /** A short human age: {@code 42 s}, {@code 5 min}, {@code 3 h}, {@code 2 d}. */
  static String age(long millis) {
    long s = Math.max(0, millis) / 1000;
    if (s < 120) {
      return s + " s";
    }
    if (s < 2 * 3600) {
      return s / 60 + " min";
    }
    if (s < 2 * 86400) {
      return s / 3600 + " h";
    }
    return s / 86400 + " d";
  }

  /** Called under the updater's lock for every data-source commit: handed to the snapshot thread as is. */
  @Override
  public void committed(DataSyncMessage message, CommitResult result) {
    if (closed) {
      return;
    }
    boolean full = message.eventType == DataSyncMessage.EventType.FULL;
    submit(() -> absorb(full, message.flags, message.segments));
  }

  private void absorb(boolean full, List<EntityDoc> f, List<EntityDoc> s) {
    if (full) {
      flags.clear();
      segments.clear();
      complete = true;
    }
    boolean changed = full;
    changed |= merge(flags, f);
    changed |= merge(segments, s);
    if (changed && complete) {
      dirty = true;
      scheduleWrite(intervalMillis);
    }
  }

  private static boolean merge(Map<String, Item> m, List<EntityDoc> docs) {
    boolean changed = false;
    for (EntityDoc d : docs) {
      Item old = m.get(d.key);
      // a full data set starts from empty maps; a key it holds twice keeps its first copy of the greatest
      // version, as the store does (and a patch only what is newer)
      if (old == null || d.version > old.version) {
        m.put(d.key, new Item(d.version, d.json()));
        changed = true;
      }
    }
    return changed;
  }

  private void scheduleWrite(long delay) {
    if (scheduled || closed) {
      return;
    }
    scheduled = true;
    try {
      timer = ctx.scheduler().schedule(() -> submit(this::writeNow), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      scheduled = false;
    }
  }

  private void writeNow() {
    scheduled = false;
    if (!dirty || !complete) {
      return;
    }
    try {
      SnapshotFile.write(file, environmentId, body(), ctx.millis());
      dirty = false;
      writes++;
      if (failing) {
        failing = false;
        LOG.info("The snapshot {} is written again", file);
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn("Cannot write the snapshot {} ({}); the previous snapshot stays, retrying", file, e.toString());
      }
      scheduleWrite(intervalMillis);
    }
  }

  private byte[] body() {
    int size = 40;
    for (Item i : flags.values()) {
      size += i.json.length() + 1;
    }
    for (Item i : segments.values()) {
      size += i.json.length() + 1;
    }
    StringBuilder b = new StringBuilder(size);
    b.append("{\"featureFlags\":[");
    append(b, flags);
    b.append("],\"segments\":[");
    append(b, segments);
    b.append("]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder b, Map<String, Item> items) {
    boolean first = true;
    for (Item i : items.values()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(i.json);
    }
  }

  private void submit(Runnable r) {
    try {
      io.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.error("Snapshot task failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException closed) {
      // closed
    }
  }

  /** Completed writes since start. */
  public long writes() {
    return writes;
  }

  /**
   * Stops the timer, writes what is not written yet, and stops the thread (waiting at most {@code waitMillis}).
   */
  public void close(long waitMillis) {
    closed = true;
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    submit(this::writeNow);
    io.shutdown();
    try {
      if (!io.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("The last snapshot write did not finish within {} ms", waitMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io.shutdownNow();
  }
}
