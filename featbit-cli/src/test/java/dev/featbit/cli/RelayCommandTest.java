package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featbit.testsupport.AllowLogs;
import dev.featbit.redis.RedisDataStore;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code featbit relay} against the test kit's server and a real redis-server, through outages of both. */
class RelayCommandTest {
  static final Duration T = Duration.ofSeconds(30);
  static final FBUser U = FBUser.builder("u").build();

  static RedisTestServer redis() {
    if (!RedisTestServer.isInstalled()) {
      if (RedisTestServer.isRequired()) {
        fail(RedisTestServer.MISSING);
      }
      Assumptions.assumeTrue(false, RedisTestServer.MISSING);
    }
    return RedisTestServer.start();
  }

  static FBClient daemon(String secret, String redisUri) {
    return new FBClient(FBConfig.builder(secret).dataSync(Components.noDataSync())
        .dataStore(Components.persistentDataStore(RedisDataStore.builder().uri(redisUri).build()).cacheForever())
        .disableEvents().build());
  }

  static boolean until(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + T.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
    return true;
  }

  @Test
  void theRelaySyncsIntoRedisThroughOutagesOfBothSidesAndStopsWithZero() throws Exception {
    try (RedisTestServer redis = redis(); FeatBitTestServer server = FeatBitTestServer.start();
        Console relay = Console.start("relay", "--streaming-url", server.streamingUrl(), "--secret",
            server.secret(), "--redis", redis.uri(), "--status-interval", "PT1S")) {
      server.load(TestFlag.strings("theme", "a", "b").serve("a"));
      assertThat(relay.out.await("\"health\":\"ok\"", T)).as(relay.out.text()).isTrue();
      assertThat(relay.out.text()).contains("\"featbit\":\"READY\"", "\"redis\":\"ok\"", "\"flags\":1")
          .doesNotContain(server.secret());
      try (FBClient daemon = daemon(server.secret(), redis.uri())) {
        assertThat(daemon.stringVariation("theme", U, "")).isEqualTo("a");
        server.upsertFlag(TestFlag.strings("theme", "a", "b").serve("b"));
        assertThat(until(() -> daemon.stringVariation("theme", U, "").equals("b"))).isTrue();

        // the evaluation server goes away: degraded, still running; back: ok, and changes flow again
        server.stop();
        assertThat(relay.out.await("\"featbit\":\"STALE\"", T)).isTrue();
        assertThat(relay.out.text()).contains("\"health\":\"degraded\"");
        server.restart();
        server.upsertFlag(TestFlag.strings("theme", "a", "c").serve("c"));
        assertThat(until(() -> daemon.stringVariation("theme", U, "").equals("c"))).isTrue();

        // Redis goes away (the relay sees it at its next write or check) and comes back empty: refilled
        redis.kill();
        server.upsertFlag(TestFlag.strings("theme", "a", "d").serve("d"));
        assertThat(relay.out.await("\"redis\":\"failing\"", T)).isTrue();
        redis.restart();
        assertThat(until(() -> relay.out.text().lastIndexOf("\"redis\":\"ok\"")
            > relay.out.text().lastIndexOf("\"redis\":\"failing\""))).as(relay.out.text()).isTrue();
        assertThat(until(() -> daemon.stringVariation("theme", U, "").equals("d"))).isTrue();
      }
      assertThat(relay.stopAndAwait(T)).isZero();
      assertThat(relay.err.text()).doesNotContain(server.secret());
    }
  }

  @Test
  @AllowLogs("featbit.sync")   // the rejected secret is logged as the error it is
  void aRejectedSecretExitsWithOneAndBadInputWithTwo() throws Exception {
    try (RedisTestServer redis = redis(); FeatBitTestServer server = FeatBitTestServer.start()) {
      try (Console relay = Console.start("relay", "--streaming-url", server.streamingUrl(), "--secret",
          Secrets.newSecret(), "--redis", redis.uri())) {
        assertThat(relay.awaitExit(T)).isEqualTo(FeatBitCli.FAILED);
        assertThat(relay.err.text()).contains("rejected the env secret");
      }
      Console bad = Console.run("relay", "--streaming-url", server.streamingUrl(), "--secret", server.secret(),
          "--redis", "http://nope");
      assertThat(bad.code).isEqualTo(FeatBitCli.BAD_INPUT);
      assertThat(bad.err.text()).contains("--redis").contains("redis://");
      Console noSecret = Console.run("relay", "--streaming-url", server.streamingUrl(), "--secret", " ",
          "--redis", redis.uri());
      assertThat(noSecret.code).isEqualTo(FeatBitCli.BAD_INPUT);
      Console password = Console.run("relay", "--streaming-url", server.streamingUrl(), "--secret",
          server.secret(), "--redis", "redis://u:hunter2-pw@127.0.0.1:" + redis.port() + "/x");
      assertThat(password.code).isEqualTo(FeatBitCli.BAD_INPUT);
      assertThat(password.err.text() + password.out.text()).doesNotContain("hunter2-pw");
    }
  }
}
