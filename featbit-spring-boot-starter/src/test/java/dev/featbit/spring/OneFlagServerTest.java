package dev.featbit.spring;

import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A fresh test server per test serving one boolean flag {@code flag}, and a runner with every auto-configuration. */
abstract class OneFlagServerTest {
  FeatBitTestServer server;
  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(TestSupport.all());

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag"));
  }

  @AfterEach
  void stop() {
    server.close();
  }
}
