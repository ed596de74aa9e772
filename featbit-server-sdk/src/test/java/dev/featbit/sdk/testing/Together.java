package dev.featbit.sdk.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Threads released at once, for contention tests. */
public final class Together {
  private Together() {}

  /**
   * Starts {@code threads} threads that each run {@code body} with their index (0-based), all released by one
   * latch once every thread has started; the caller joins them.
   */
  public static List<Thread> start(int threads, IntConsumer body) {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        body.accept(index);
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    return ts;
  }
}
