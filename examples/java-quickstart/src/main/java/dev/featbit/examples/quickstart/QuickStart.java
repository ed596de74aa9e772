package dev.featbit.examples.quickstart;

import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The quick start of FeatBit's server SDKs, in plain Java: configure, wait for the first data, evaluate typed
 * flags, read a detail with its reason, get all flags for a front end, track a metric, flush and close.
 *
 * <p>Run it against a real FeatBit evaluation server, or against {@code featbit serve} with the demo flags:
 * <pre>
 * FEATBIT_ENV_SECRET=... FEATBIT_STREAMING_URL=ws://localhost:5100 \
 *   mvn -q -pl examples/java-quickstart exec:java
 * </pre>
 */
public final class QuickStart {
  private QuickStart() {
  }

  public static void main(String[] args) {
    String secret = System.getenv("FEATBIT_ENV_SECRET");
    String streamingUrl = env("FEATBIT_STREAMING_URL", "ws://localhost:5100");
    String eventsUrl = env("FEATBIT_EVENTS_URL", streamingUrl.replaceFirst("^ws", "http"));
    boolean ok = run(secret, streamingUrl, eventsUrl, System.out);
    System.exit(ok ? 0 : 1);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** The quick start itself; returns whether the client was ready and its events were delivered. */
  public static boolean run(String envSecret, String streamingUrl, String eventsUrl, PrintStream out) {
    // 1. Configure: the env secret and the evaluation server's URLs (an invalid setting fails here, by name).
    FBConfig config = FBConfig.builder(envSecret)
        .streamingUrl(streamingUrl)
        .eventsUrl(eventsUrl)
        .startWait(Duration.ofSeconds(5))
        .build();

    // 2. One client per application: it connects, waits up to startWait for the flags, and stays in sync.
    try (FBClient client = new FBClient(config)) {
      if (!client.isInitialized()) {
        out.println("FeatBit is not ready yet: evaluations return the fallback values until data arrives");
      }

      // 3. The user the flags are evaluated for: a key, an optional name and any custom attributes.
      FBUser user = FBUser.builder("bob").name("Bob")
          .custom("country", "us")
          .custom("plan", "pro")
          .build();

      // 4. Typed evaluations: the last argument is the fallback for an unknown flag or a wrong type.
      boolean payments = client.boolVariation("payments-enabled", user, false);
      String pricing = client.stringVariation("pricing-page", user, "control");
      int rateLimit = client.intVariation("api-rate-limit", user, 60);
      String homepage = client.jsonVariation("homepage-config", user, "{}");
      out.println("payments-enabled = " + payments);
      out.println("pricing-page     = " + pricing);
      out.println("api-rate-limit   = " + rateLimit);
      out.println("homepage-config  = " + homepage);

      // 5. A detail says which variation was served and why.
      EvalDetail<Boolean> beta = client.boolVariationDetail("beta-dashboard", user, false);
      out.println("beta-dashboard   = " + beta.value() + " (variation " + beta.variationId() + ", "
          + beta.reason() + ": " + beta.reasonText() + ")");

      // 6. All flags for a user, e.g. to bootstrap a front end (no insight events are recorded for these).
      AllFlagStates all = client.getAllLatestFlagVariations(user);
      out.println("all flags        = " + all.toJson());

      // 7. A custom metric for A/B experiments, e.g. a conversion with its revenue.
      client.trackMetric(user, "checkout-completed", 49.9);

      // 8. Events go out in the background; flushAndWait pushes them now and waits (bounded).
      boolean delivered = client.flushAndWait(Duration.ofSeconds(5));
      out.println("events delivered = " + delivered + " " + client.eventStats());
      return client.isInitialized() && delivered;
    } // 9. close(): stops sync and delivers what is left, within the shutdown timeout
  }
}
