package dev.featbit.testsupport;

import java.util.List;

/** Collects ERROR events of the logging binding on the test class path, from every thread. */
interface LogSink {
  /** One ERROR event: logger name and message. */
  final class Event {
    final String logger;
    final String message;

    Event(String logger, String message) {
      this.logger = logger;
      this.message = message;
    }

    @Override
    public String toString() {
      return logger + ": " + message;
    }
  }

  /** Makes sure the sink still receives events (a logging reset may have removed it). */
  void ensureAttached();

  /** The events collected since the last call, removed from the sink. */
  List<Event> drain();

  /** The sink for the binding in use: Logback, slf4j-simple writing to {@code System.err}, or none. */
  static LogSink forBinding() {
    String factory = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
    if (factory.startsWith("ch.qos.logback.")) {
      return new LogbackSink();
    }
    if (factory.startsWith("org.slf4j.simple.")) {
      return new StderrSink();
    }
    return new LogSink() {
      @Override
      public void ensureAttached() {
      }

      @Override
      public List<Event> drain() {
        return List.of();
      }
    };
  }
}
