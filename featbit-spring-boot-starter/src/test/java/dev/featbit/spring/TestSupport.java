package dev.featbit.spring;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.Subscription;
import dev.featbit.spring.actuate.FeatBitActuatorAutoConfiguration;
import dev.featbit.spring.web.FeatBitWebAutoConfiguration;
import dev.featbit.testkit.FeatBitTestServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/** Shared test helpers: the starter's auto-configurations, online properties and state waits. */
public final class TestSupport {
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** The JSON of one flag data set, for offline tests. */
  public static final String BOOTSTRAP = "{\"featureFlags\":[{\"id\":\"f1\",\"key\":\"flag\",\"name\":\"flag\","
      + "\"variationType\":\"boolean\",\"variations\":[{\"id\":\"v-true\",\"name\":\"on\",\"value\":\"true\"},"
      + "{\"id\":\"v-false\",\"name\":\"off\",\"value\":\"false\"}],\"targetUsers\":[],\"rules\":[],"
      + "\"isEnabled\":true,\"disabledVariationId\":\"v-false\",\"fallthrough\":{\"dispatchKey\":null,"
      + "\"includedInExpt\":false,\"variations\":[{\"id\":\"v-true\",\"rollout\":[0,1],\"exptRollout\":1}]},"
      + "\"exptIncludeAllTargets\":false,\"tags\":[],\"isArchived\":false,\"updatedAt\":\"2025-03-01T08:00:00Z\"}],"
      + "\"segments\":[]}";

  private TestSupport() {}

  public static AutoConfigurations all() {
    return AutoConfigurations.of(FeatBitAutoConfiguration.class, FeatBitWebAutoConfiguration.class,
        FeatBitActuatorAutoConfiguration.class);
  }

  /** Properties of a client of {@code server}. */
  public static String[] online(FeatBitTestServer server) {
    return new String[] {"featbit.env-secret=" + server.secret(), "featbit.streaming-url=" + server.streamingUrl(),
        "featbit.events-url=" + server.httpUrl(), "featbit.start-wait=10s"};
  }

  public static String[] offline() {
    return new String[] {"featbit.offline=true", "featbit.bootstrap=" + BOOTSTRAP};
  }

  /** Waits (with a deadline, on status notifications) until the client is in {@code state}. */
  public static boolean awaitState(FBClient client, DataUpdateStatus.State state, Duration timeout)
      throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    Subscription subscription = client.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == state) {
        reached.countDown();
      }
    });
    try {
      if (client.dataUpdateStatusProvider().state() == state) {
        return true;
      }
      return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
          || client.dataUpdateStatusProvider().state() == state;
    } finally {
      subscription.close();
    }
  }
}
