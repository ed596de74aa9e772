package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testsupport.AllowLogs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code featbit watch} against the test kit on loopback: every change printed as it arrives. */
class WatchCommandTest {
  static final Duration T = Duration.ofSeconds(15);
  FeatBitTestServer server;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(DemoCommand.demoData());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsReadinessThenEveryChangeWithTheUsersValues() throws Exception {
    try (Console c = Console.start("watch", "--secret", server.secret(), "--streaming-url", server.streamingUrl(),
        "--user", "alice", "--user", "bob", "--max-changes", "2")) {
      assertThat(c.out.await("\"event\":\"ready\",\"flags\":6", T)).as(c.out.text() + c.err.text()).isTrue();
      ObjectNode flag = (ObjectNode) server.flag("pricing-page");
      flag.put("isEnabled", false);
      server.upsertFlag(flag);
      assertThat(c.out.await("\"flag\":\"pricing-page\"", T)).as(c.out.text()).isTrue();
      server.archiveFlag("beta-dashboard");
      assertThat(c.awaitExit(T)).as(c.err.text()).isZero();
      String out = c.out.text();
      assertThat(out).contains("\"event\":\"flag-changed\",\"flag\":\"pricing-page\",\"update\":\"patch\","
          + "\"state\":\"active\",\"values\":{\"alice\":{\"value\":\"control\"")
          .contains("\"reason\":\"OFF\"")
          .contains("\"flag\":\"beta-dashboard\",\"update\":\"patch\",\"state\":\"archived or removed\"")
          .doesNotContain(server.secret());
    }
  }

  @Test
  void pollingModeSeesChangesToo() throws Exception {
    try (Console c = Console.start("watch", "--secret", server.secret(), "--streaming-url", server.streamingUrl(),
        "--polling", "--polling-interval", "200ms", "--max-changes", "1")) {
      assertThat(c.out.await("\"event\":\"ready\"", T)).as(c.out.text() + c.err.text()).isTrue();
      server.archiveFlag("payments-enabled");
      assertThat(c.awaitExit(T)).isZero();
      assertThat(c.out.text()).contains("\"flag\":\"payments-enabled\",\"update\":\"patch\"");
      assertThat(server.pollingRequests()).isNotEmpty();
    }
  }

  @Test
  void stopsOnCtrlC() throws Exception {
    try (Console c = Console.start("watch", "--secret", server.secret(), "--streaming-url", server.streamingUrl())) {
      assertThat(c.out.await("\"event\":\"ready\"", T)).isTrue();
      assertThat(c.stopAndAwait(T)).isZero();
      assertThat(c.out.text()).contains("\"state\":\"CLOSED\"");
    }
  }

  /** Runs the CLI in a child JVM with {@code FEATBIT_ENV_SECRET} set to {@code secret} (or removed). */
  static Process child(String secret, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FeatBitCli.class.getName()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (secret == null) {
      pb.environment().remove("FEATBIT_ENV_SECRET");
    } else {
      pb.environment().put("FEATBIT_ENV_SECRET", secret);
    }
    return pb.start();
  }

  @Test
  void secretComesFromTheEnvironmentVariableAndIsNeverPrinted() throws Exception {
    Process p = child(server.secret(), "watch", "--streaming-url", server.streamingUrl(), "--max-changes", "1",
        "--verbose");
    Console.Capture out = pump(p.getInputStream());
    Console.Capture err = pump(p.getErrorStream());
    assertThat(out.await("\"event\":\"ready\"", T)).as(out.text() + err.text()).isTrue();
    server.archiveFlag("payments-enabled");
    assertThat(p.waitFor(T.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
    assertThat(p.exitValue()).as(err.text()).isZero();
    assertThat(out.await("\"flag\":\"payments-enabled\",\"update\":\"patch\"", T)).as(out.text()).isTrue();
    assertThat(err.await("Streaming connected", T)).as("--verbose shows info logs").isTrue();
    assertThat(out.text() + err.text()).doesNotContain(server.secret());
  }

  /** Copies a child's stream into an awaitable capture on a daemon thread. */
  static Console.Capture pump(java.io.InputStream in) {
    Console.Capture c = new Console.Capture();
    Thread t = new Thread(() -> {
      try (java.io.Reader r = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
        char[] buf = new char[4096];
        for (int n; (n = r.read(buf)) >= 0; ) {
          c.write(buf, 0, n);
        }
      } catch (java.io.IOException e) {
        // the child ended
      }
    }, "child-output");
    t.setDaemon(true);
    t.start();
    return c;
  }

  @Test
  void withoutSecretOrVariableItIsBadInput() throws Exception {
    Process p = child(null, "watch", "--streaming-url", server.streamingUrl());
    assertThat(p.waitFor(T.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(p.getErrorStream()).strip())
        .isEqualTo("featbit: error: no env secret: pass --secret or set FEATBIT_ENV_SECRET");
  }

  static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void badUrlIsBadInputNamingTheSetting() {
    Console c = Console.run("watch", "--secret", server.secret(), "--streaming-url", "ftp://example");
    assertThat(c.code).isEqualTo(2);
    assertThat(c.err.text()).startsWith("featbit: error: ").contains("--streaming-url").doesNotContain(server.secret());
    Console http = Console.run("watch", "--secret", server.secret(), "--streaming-url", "http://127.0.0.1:1");
    assertThat(http.code).isEqualTo(2);
    assertThat(http.err.text()).contains("--streaming-url");
  }

  @Test
  @AllowLogs("featbit.sync")
  void rejectedSecretIsAFailure() {
    String other = Secrets.newSecret();
    Console c = Console.run("watch", "--secret", other, "--streaming-url", server.streamingUrl());
    assertThat(c.code).as(c.out.text()).isEqualTo(1);
    assertThat(c.err.text()).contains("the server rejected the env secret (close code 4003)")
        .doesNotContain(other);
    assertThat(c.out.text()).doesNotContain(other);
  }
}
