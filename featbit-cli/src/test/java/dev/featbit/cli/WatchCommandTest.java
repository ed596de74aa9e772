package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
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

  @Test
  void secretFromTheEnvironmentVariableIsRequired() {
    // FEATBIT_ENV_SECRET is not set in the test environment, so the default is empty
    EvalCommandTest.expectBadInput(new String[] {"watch", "--streaming-url", server.streamingUrl()},
        "no env secret: pass --secret or set FEATBIT_ENV_SECRET");
  }

  @Test
  void badUrlIsBadInputNamingTheSetting() {
    Console c = Console.run("watch", "--secret", server.secret(), "--streaming-url", "ftp://example");
    assertThat(c.code).isEqualTo(2);
    assertThat(c.err.text()).startsWith("featbit: error: ").contains("streamingUrl").doesNotContain(server.secret());
  }

  @Test
  void rejectedSecretIsAFailure() {
    String other = Secrets.newSecret();
    Console c = Console.run("watch", "--secret", other, "--streaming-url", server.streamingUrl());
    assertThat(c.code).as(c.out.text()).isEqualTo(1);
    assertThat(c.err.text()).contains("the server rejected the env secret (close code 4003)")
        .doesNotContain(other);
    assertThat(c.out.text()).doesNotContain(other);
  }
}
