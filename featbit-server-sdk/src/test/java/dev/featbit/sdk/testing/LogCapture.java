package dev.featbit.sdk.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log line of the SDK's loggers ({@code featbit.*}) for assertions. */
public final class LogCapture implements AutoCloseable {
  private final Object monitor = new Object();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent e) {
      synchronized (monitor) {
        super.append(e);
        monitor.notifyAll();
      }
    }
  };
  private final Logger root = (Logger) LoggerFactory.getLogger("featbit");

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  public List<String> lines() {
    synchronized (monitor) {
      return appender.list.stream().map(LogCapture::line).collect(Collectors.toList());
    }
  }

  private static String line(ILoggingEvent e) {
    return e.getLevel() + " " + e.getFormattedMessage()
        + (e.getThrowableProxy() != null ? " " + e.getThrowableProxy().getMessage() : "");
  }

  /**
   * Waits until a line matching {@code condition} is logged (or was already), re-checked on every new line.
   *
   * @return the time the first matching line was logged (epoch ms), or -1 at the deadline
   */
  public long awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
    return awaitLines(condition, 1, timeout);
  }

  /**
   * Waits until {@code count} lines matching {@code condition} are logged (or were already).
   *
   * @return the time the {@code count}-th matching line was logged (epoch ms), or -1 at the deadline
   */
  public long awaitLines(Predicate<String> condition, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (true) {
        int n = 0;
        for (ILoggingEvent e : appender.list) {
          if (condition.test(line(e)) && ++n == count) {
            return e.getTimeStamp();
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return -1;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
  }
}
