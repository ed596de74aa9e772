package dev.featbit.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ERROR lines of slf4j-simple, which writes to whatever {@code System.err} is when it logs: {@code System.err}
 * is replaced by a stream that copies everything to the original one and reads the lines passing through.
 */
final class StderrSink implements LogSink {
  /** slf4j-simple's line: {@code [thread] ERROR logger - message} or {@code [ERROR] logger - message}. */
  private static final Pattern ERROR = Pattern.compile("(?:\\[ERROR\\]|(?<=\\] )ERROR) ([\\w.$-]+) - (.*)");
  private final List<Event> events = new ArrayList<>();
  private PrintStream tee;

  @Override
  public synchronized void ensureAttached() {
    if (tee != null && System.err == tee) {
      return;
    }
    PrintStream original = System.err;
    tee = new PrintStream(new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        original.write(b);
        synchronized (line) {
          if (b == '\n') {
            scan(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
      }

      @Override
      public void flush() {
        original.flush();
      }
    }, true, StandardCharsets.UTF_8);
    System.setErr(tee);
  }

  private void scan(String line) {
    Matcher m = ERROR.matcher(line);
    if (m.find()) {
      synchronized (events) {
        events.add(new Event(m.group(1), m.group(2)));
      }
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
