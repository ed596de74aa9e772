package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.featbit.sdk.FBConfig;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Nothing the provider, the SDK or OpenFeature logs (at any level) contains the env secret or context attribute
 * values. (The test kit's Jetty is not captured: it is the server side.)
 */
@AllowLogs({"featbit.sync", "dev.openfeature.sdk"})
class LogSecrecyTest extends ProviderTestBase {
  final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("featbit.openfeature"),
      (Logger) LoggerFactory.getLogger("featbit.client"), (Logger) LoggerFactory.getLogger("featbit.sync"),
      (Logger) LoggerFactory.getLogger("featbit.eval"), (Logger) LoggerFactory.getLogger("dev.openfeature"));
  final List<Level> levels = new ArrayList<>();

  @BeforeEach
  void capture() {
    appender.start();
    for (Logger l : loggers) {
      levels.add(l.getLevel());
      l.setLevel(Level.DEBUG);
      l.addAppender(appender);
    }
  }

  @AfterEach
  void release() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).detachAppender(appender);
      loggers.get(i).setLevel(levels.get(i));
    }
  }

  String everything() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(appender.list)) {
      out.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        out.add(t.getClassName() + ": " + t.getMessage());
        for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
          out.add(s.getSTEAsString());
        }
      }
    }
    return String.join("\n", out);
  }

  @Test
  void rejectedTimedOutAndFailingCallsLogNoSecret() {
    String wrong = Secrets.newSecret();
    assertThatThrownBy(() -> api.setProviderAndWait(new FeatBitProvider(FBConfig.builder(wrong)
        .streamingUrl(server.streamingUrl()).startWait(T).disableEvents().build())))
        .isInstanceOf(OpenFeatureError.class);
    api.shutdown();

    server.load(TestFlag.bool("flag-a"));
    server.refuseConnections(503, null);
    assertThatThrownBy(() -> api.setProviderAndWait(new FeatBitProvider(configWithEvents().build(),
        FeatBitProviderOptions.builder().initTimeout(Duration.ofMillis(200)).build())))
        .isInstanceOf(OpenFeatureError.class);
    server.refuseConnections(0, null);
    Client client = api.getClient();
    client.getBooleanValue("flag-a", false, new MutableContext("u").add("card", new MutableStructure()
        .add("number", "4111-1111")));
    client.getBooleanValue("missing", false, new ImmutableContext());
    client.track("t", new MutableContext().add("email", "ada@example.com"));

    String logs = everything();
    assertThat(logs).contains("4003").contains("'card'");
    assertThat(logs).doesNotContain(wrong).doesNotContain(server.secret())
        .doesNotContain("4111-1111").doesNotContain("ada@example.com");
  }
}
