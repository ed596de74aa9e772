package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.FBClient;
import dev.featbit.spring.actuate.FeatBitHealthIndicator;
import dev.featbit.testkit.Secrets;
import dev.featbit.testsupport.AllowLogs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The {@code featbit} health indicator in every synchronisation state. */
class HealthTest extends OneFlagServerTest {

  static Health health(org.springframework.context.ApplicationContext context) {
    return context.getBean("featbitHealthIndicator", FeatBitHealthIndicator.class).health();
  }

  @Test
  void readyIsUp() {
    runner.withPropertyValues(TestSupport.online(server)).run(context -> {
      Health h = health(context);
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("state", "READY").containsEntry("stale", false)
          .containsEntry("offline", false).containsEntry("initialized", true)
          .containsKeys("since", "lastDataUpdate").doesNotContainKeys("lastErrorKind", "rejected");
      assertThat(h.toString()).doesNotContain(server.secret());
    });
  }

  @Test
  void offlineIsUp() {
    runner.withPropertyValues(TestSupport.offline()).run(context -> {
      Health h = health(context);
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("offline", true).containsEntry("state", "READY");
    });
  }

  @Test
  void notReadyIsUnknown() {
    server.refuseConnections(503, null);
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.start-wait=0s").run(context -> {
      Health h = health(context);
      assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
      assertThat(h.getDetails()).containsEntry("state", "NOT_READY").containsEntry("initialized", false)
          .doesNotContainKey("lastDataUpdate");
    });
  }

  @Test
  void staleIsUpWithStaleDetailAndTheErrorKind() {
    // a short ping interval: the JDK's WebSocket can miss a socket dropped right after a message, and then the
    // liveness check (3 ping intervals) is what notices (see FeatBitTestServer.dropAllConnections)
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.data-sync.ping-interval=200ms")
        .run(context -> {
          FBClient client = context.getBean(FBClient.class);
          assertThat(health(context).getStatus()).isEqualTo(Status.UP);
          server.refuseConnections(503, null);
          server.dropAllConnections();
          assertThat(TestSupport.awaitState(client, State.STALE, TestSupport.WAIT)).isTrue();
          Health h = health(context);
          assertThat(h.getStatus()).isEqualTo(Status.UP);
          assertThat(h.getDetails()).containsEntry("state", "STALE").containsEntry("stale", true)
              .containsKeys("lastErrorKind", "lastErrorTime", "lastDataUpdate");
        });
  }

  @Test
  @AllowLogs("featbit.sync")
  void rejectedSecretIsDown() {
    String otherSecret = Secrets.newSecret();
    runner.withPropertyValues(TestSupport.online(server)).withPropertyValues("featbit.env-secret=" + otherSecret)
        .run(context -> {
          FBClient client = context.getBean(FBClient.class);
          assertThat(TestSupport.awaitState(client, State.CLOSED, TestSupport.WAIT)).isTrue();
          assertThat(server.rejectedConnections()).isPositive();
          Health h = health(context);
          assertThat(h.getStatus()).isEqualTo(Status.DOWN);
          assertThat(h.getDetails()).containsEntry("state", "CLOSED").containsEntry("rejected", true)
              .containsEntry("lastErrorKind", "REJECTED");
          assertThat(h.toString()).doesNotContain(otherSecret).doesNotContain(server.secret());
        });
  }

  @Test
  void closedClientIsDown() {
    runner.withPropertyValues(TestSupport.online(server)).run(context -> {
      FBClient client = context.getBean(FBClient.class);
      client.close();
      Health h = health(context);
      assertThat(h.getStatus()).isEqualTo(Status.DOWN);
      assertThat(h.getDetails()).containsEntry("state", "CLOSED").containsEntry("rejected", false);
    });
  }
}
