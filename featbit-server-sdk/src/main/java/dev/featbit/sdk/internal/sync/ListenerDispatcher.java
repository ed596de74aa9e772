package dev.featbit.sdk.internal.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs application callbacks (status, flag-change and value-change listeners) on one owned daemon thread,
 * {@code featbit-listeners}, in submission order, so that callbacks never run on a network thread, see
 * commits in order, and a slow callback delays only other callbacks. A throwing callback is logged and
 * isolated.
 */
public final class ListenerDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.client");
  static final String THREAD_NAME = "featbit-listeners";

  private final ExecutorService executor;
  private volatile Thread thread;

  public ListenerDispatcher() {
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Queues a callback; silently dropped after {@link #close(long)}. */
  public void dispatch(Runnable callback) {
    try {
      executor.execute(() -> {
        try {
          callback.run();
        } catch (RuntimeException | Error e) {
          LOG.warn("A listener threw {}; other listeners are unaffected", e.toString());
          LOG.debug("Listener failure", e);
        }
      });
    } catch (RejectedExecutionException closed) {
      // after close: no callback starts
    }
  }

  /** True when called from the listener thread itself. */
  public boolean isListenerThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Stops the thread after the callbacks already queued, waiting at most {@code millis} (not at all when
   * called from a listener, which may close the client).
   */
  public void close(long millis) {
    executor.shutdown();
    if (isListenerThread()) {
      return;
    }
    try {
      if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
