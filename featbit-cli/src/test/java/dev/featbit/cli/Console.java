package dev.featbit.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the CLI with captured stdout/stderr; long-running commands run in the background and are awaited. */
final class Console implements AutoCloseable {
  final Capture out = new Capture();
  final Capture err = new Capture();
  final CountDownLatch stop = new CountDownLatch(1);
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cli-under-test");
    t.setDaemon(true);
    return t;
  });
  private Future<Integer> running;

  static Console run(String... args) {
    Console c = new Console();
    c.code = FeatBitCli.execute(args, new PrintWriter(c.out, true), new PrintWriter(c.err, true), c.stop);
    return c;
  }

  int code = -1;

  static Console start(String... args) {
    Console c = new Console();
    c.running = c.runner.submit(() -> FeatBitCli.execute(args, new PrintWriter(c.out, true),
        new PrintWriter(c.err, true), c.stop));
    return c;
  }

  /** Waits for a background command to finish by itself; returns its exit code. */
  int awaitExit(Duration timeout) throws Exception {
    code = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return code;
  }

  /** Stops a background command (as Ctrl-C does) and returns its exit code. */
  int stopAndAwait(Duration timeout) throws Exception {
    stop.countDown();
    return awaitExit(timeout);
  }

  @Override
  public void close() {
    stop.countDown();
    runner.shutdownNow();
  }

  /** A writer whose text can be awaited. */
  static final class Capture extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      notifyAll();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    synchronized String text() {
      return text.toString();
    }

    /** Waits until the text contains {@code s}; returns whether it did in time. */
    synchronized boolean await(String s, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (text.indexOf(s) < 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }

    /** Waits until the text contains {@code s} {@code n} times. */
    synchronized boolean awaitCount(String s, int n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count(s) < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }

    private int count(String s) {
      int c = 0;
      for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
        c++;
      }
      return c;
    }
  }
}
