package dev.featbit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock and a single-threaded scheduler that move only when a test says so, for running a client in
 * virtual time: give both to the client ({@code FBConfig.builder(secret).clock(vt.clock()).scheduler(
 * vt.scheduler())}) and backoff, liveness, retry and flush timing happen when the test calls
 * {@link #advance(Duration)}, not after real waits.
 *
 * <pre>{@code
 * VirtualTime vt = VirtualTime.startingNow();
 * try (FBClient client = new FBClient(config(vt))) {
 *   vt.advance(Duration.ofSeconds(30));        // runs every task due in the next 30 virtual seconds, in order
 *   Duration next = vt.nextDelay();            // when the next scheduled task is due, or null
 * } finally {
 *   vt.close();
 * }
 * }</pre>
 *
 * <p>Tasks run one at a time on one real thread ({@code virtual-time-1}). A task submitted without delay (from
 * any thread, e.g. a network callback) runs at once, in real time; a delayed task runs when virtual time
 * reaches its due time. {@link #advance(Duration)} steps from due time to due time, running each task (and
 * the immediate tasks it submits) before moving on, so tasks see the clock at their own due time. Real-time
 * waits that a client does outside its scheduler (network I/O) still take real time.
 */
public final class VirtualTime implements AutoCloseable {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread runner;
  private final Scheduler scheduler = new Scheduler();
  private final VirtualClock clock = new VirtualClock(ZoneOffset.UTC);
  private volatile long nowMillis;
  private boolean running; // guarded by lock: a task is running
  private boolean shutdown; // guarded by lock

  private VirtualTime(long startMillis) {
    this.nowMillis = startMillis;
    this.runner = new Thread(this::run, "virtual-time-1");
    this.runner.setDaemon(true);
    this.runner.start();
  }

  /**
   * Virtual time starting at the real current time (so that time-stamped tokens are accepted by servers).
   *
   * @return a new virtual time
   */
  public static VirtualTime startingNow() {
    return new VirtualTime(System.currentTimeMillis());
  }

  /**
   * Virtual time starting at {@code start}.
   *
   * @param start the initial instant
   * @return a new virtual time
   */
  public static VirtualTime startingAt(Instant start) {
    return new VirtualTime(start.toEpochMilli());
  }

  /**
   * The clock, reading virtual time.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The scheduler, running tasks in virtual time. Shutting it down is the test's business ({@link #close()}).
   *
   * @return the scheduler
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * The current virtual time.
   *
   * @return the instant
   */
  public Instant now() {
    return Instant.ofEpochMilli(nowMillis);
  }

  /**
   * Moves virtual time forward by {@code d}, running every task that falls due on the way, in due order, each
   * at its own due time; returns when they (and the immediate tasks they submitted) have run.
   *
   * @param d how far to move
   */
  public void advance(Duration d) {
    long target = nowMillis + d.toMillis();
    lock.lock();
    try {
      while (true) {
        awaitQuietLocked();
        Task<?> next = queue.peek();
        if (next == null || next.dueMillis > target) {
          break;
        }
        if (next.dueMillis > nowMillis) {
          nowMillis = next.dueMillis;
        }
        changed.signalAll();
      }
      nowMillis = target;
      changed.signalAll();
      awaitQuietLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits (in real time, at most {@code timeout}) until no task is due or running.
   *
   * @param timeout the real-time bound
   * @return true when quiet
   */
  public boolean awaitQuiet(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (running || dueLocked()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How long until the next delayed task is due, or {@code null} when none is scheduled.
   *
   * @return the delay, or {@code null}
   */
  public Duration nextDelay() {
    lock.lock();
    try {
      Task<?> next = queue.peek();
      return next == null ? null : Duration.ofMillis(Math.max(0, next.dueMillis - nowMillis));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The delays of every scheduled task that is not due yet, soonest first.
   *
   * @return the delays
   */
  public List<Duration> pendingDelays() {
    lock.lock();
    try {
      List<Duration> out = new ArrayList<>();
      for (Task<?> t : queue) {
        if (t.dueMillis > nowMillis) {
          out.add(Duration.ofMillis(t.dueMillis - nowMillis));
        }
      }
      Collections.sort(out);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits (in real time, at most {@code timeout}) until at least {@code n} tasks are scheduled in the future,
   * e.g. until a client has scheduled its reconnection after a failure that arrives over the network.
   *
   * @param n the number of future tasks to wait for
   * @param timeout the real-time bound
   * @return true when they are there
   */
  public boolean awaitPending(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        int future = 0;
        for (Task<?> t : queue) {
          if (t.dueMillis > nowMillis) {
            future++;
          }
        }
        if (future >= n && !running && !dueLocked()) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the runner thread and drops every task. */
  @Override
  public void close() {
    lock.lock();
    try {
      shutdown = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitQuietLocked() {
    try {
      while (running || dueLocked()) {
        if (shutdown) {
          return;
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean dueLocked() {
    Task<?> next = queue.peek();
    return next != null && next.dueMillis <= nowMillis;
  }

  private void run() {
    while (true) {
      Task<?> task;
      lock.lock();
      try {
        while (!shutdown && !dueLocked()) {
          changed.awaitUninterruptibly();
        }
        if (shutdown) {
          return;
        }
        task = queue.poll();
        running = true;
      } finally {
        lock.unlock();
      }
      try {
        task.runOnce();
      } finally {
        lock.lock();
        try {
          running = false;
          if (task.periodMillis != 0 && !task.isCancelled() && !shutdown) {
            task.dueMillis = task.periodMillis > 0 ? task.dueMillis + task.periodMillis
                : nowMillis - task.periodMillis;
            task.seq = sequence.incrementAndGet();
            queue.add(task);
          }
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private <T> Task<T> add(Task<T> t) {
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("virtual time closed");
      }
      t.seq = sequence.incrementAndGet();
      queue.add(t);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return t;
  }

  private void remove(Task<?> t) {
    lock.lock();
    try {
      queue.remove(t);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A task; {@code periodMillis} &gt; 0 fixed rate, &lt; 0 fixed delay, 0 once. */
  private final class Task<T> implements ScheduledFuture<T>, Runnable {
    private final java.util.concurrent.Callable<T> body;
    final long periodMillis;
    volatile long dueMillis;
    long seq;
    private final java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();

    Task(java.util.concurrent.Callable<T> body, long dueMillis, long periodMillis) {
      this.body = body;
      this.dueMillis = dueMillis;
      this.periodMillis = periodMillis;
    }

    void runOnce() {
      if (result.isDone()) {
        return;
      }
      try {
        T v = body.call();
        if (periodMillis == 0) {
          result.complete(v);
        }
      } catch (Throwable e) {
        result.completeExceptionally(e); // a periodic task that throws is not run again
      }
    }

    @Override
    public void run() {
      runOnce();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueMillis - nowMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> t = (Task<?>) o;
      int c = Long.compare(dueMillis, t.dueMillis);
      return c != 0 ? c : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean done = result.cancel(false);
      remove(this);
      return done;
    }

    @Override
    public boolean isCancelled() {
      return result.isCancelled();
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      try {
        return result.get();
      } catch (CancellationException e) {
        throw e;
      }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return result.get(timeout, unit);
    }
  }

  private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
    @Override
    public void execute(Runnable command) {
      add(new Task<>(() -> {
        command.run();
        return null;
      }, nowMillis, 0));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return add(new Task<>(() -> {
        command.run();
        return null;
      }, nowMillis + Math.max(0, unit.toMillis(delay)), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> callable, long delay, TimeUnit unit) {
      return add(new Task<>(callable, nowMillis + Math.max(0, unit.toMillis(delay)), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      if (period <= 0) {
        throw new IllegalArgumentException("period must be positive");
      }
      return add(new Task<>(() -> {
        command.run();
        return null;
      }, nowMillis + Math.max(0, unit.toMillis(initialDelay)), Math.max(1, unit.toMillis(period))));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
        TimeUnit unit) {
      if (delay <= 0) {
        throw new IllegalArgumentException("delay must be positive");
      }
      return add(new Task<>(() -> {
        command.run();
        return null;
      }, nowMillis + Math.max(0, unit.toMillis(initialDelay)), -Math.max(1, unit.toMillis(delay))));
    }

    @Override
    public void shutdown() {
      close();
    }

    @Override
    public List<Runnable> shutdownNow() {
      close();
      return Collections.emptyList();
    }

    @Override
    public boolean isShutdown() {
      lock.lock();
      try {
        return shutdown;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isTerminated() {
      return isShutdown() && !runner.isAlive();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      runner.join(Math.max(1, unit.toMillis(timeout)));
      return !runner.isAlive();
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new VirtualClock(z);
    }

    @Override
    public long millis() {
      return nowMillis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(nowMillis);
    }
  }
}
