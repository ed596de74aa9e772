package dev.featbit.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.featbit.testkit.RedisTestServer;
import org.junit.jupiter.api.Assumptions;

/** Starts a real redis-server for a test; skips the test without one, or fails it where Redis is required. */
final class Redis {
  private Redis() {
  }

  static void require() {
    if (!RedisTestServer.isInstalled()) {
      if (RedisTestServer.isRequired()) {
        fail(RedisTestServer.MISSING + " (FEATBIT_REQUIRE_REDIS=1: the Redis tests must run)");
      }
      Assumptions.assumeTrue(false, RedisTestServer.MISSING);
    }
  }

  static RedisTestServer start(String... extraArgs) {
    require();
    return RedisTestServer.start(extraArgs);
  }

  static RedisTestServer startTls(String... extraArgs) {
    require();
    return RedisTestServer.startTls(extraArgs);
  }
}
