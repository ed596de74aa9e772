package dev.featbit.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** ERROR events of Logback's root logger (so of every logger that does not turn additivity off). */
final class LogbackSink extends AppenderBase<ILoggingEvent> implements LogSink {
  private final List<Event> events = new ArrayList<>();

  LogbackSink() {
    setName("featbit-test-hygiene");
  }

  @Override
  protected void append(ILoggingEvent e) {
    if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
      synchronized (events) {
        events.add(new Event(e.getLoggerName(), e.getFormattedMessage()));
      }
    }
  }

  @Override
  public void ensureAttached() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(getName()) == null) {
      setContext(root.getLoggerContext());
      start();
      root.addAppender(this);
    }
  }

  @Override
  public List<Event> drain() {
    synchronized (events) {
      List<Event> out = new ArrayList<>(events);
      events.clear();
      return out;
    }
  }
}
