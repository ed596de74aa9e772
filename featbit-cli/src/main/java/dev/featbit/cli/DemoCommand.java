package dev.featbit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.DataUpdateStatusProvider;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.EventStats;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.FlagTracker;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featbit demo}: the whole product in a few seconds, on loopback. Starts the test kit with the bundled
 * flags, connects an {@link FBClient} over WebSocket, evaluates for a few users, flips a flag and times the
 * change arriving, tracks metrics, and prints the insight batches the server received.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the SDK against a local FeatBit-compatible server (the test kit) with a bundled set of "
        + "flags: evaluations with reasons, a live flag change with its latency, metrics, and the insights the "
        + "server received. Finishes by itself in seconds.")
final class DemoCommand implements Callable<Integer> {
  static final String DATA_RESOURCE = "/dev/featbit/cli/demo-flags.json";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParentCommand
  FeatBitCli cli;

  static String demoData() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(DATA_RESOURCE)) {
      if (in == null) {
        throw CliException.failed("the bundled demo data is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.failed("cannot read the bundled demo data: " + e.getMessage());
    }
  }

  static List<FBUser> demoUsers() {
    return List.of(
        FBUser.builder("alice").name("Alice").custom("country", "de").custom("plan", "free").build(),
        FBUser.builder("bob").name("Bob").custom("country", "us").custom("plan", "pro").build(),
        FBUser.builder("carol").name("Carol").custom("country", "fr").custom("plan", "enterprise").build(),
        FBUser.builder("dave").build());
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    String data = demoData();
    Inputs.FlagData flagData = Inputs.checkFlagData(data, "(bundled demo data)");
    out("FeatBit demo: the Java server SDK against a local FeatBit-compatible server, all on 127.0.0.1");
    out("");
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(data);
      out("1. Started a FeatBit-compatible evaluation server (the test kit) at " + server.streamingUrl() + " with "
          + flagData.activeFlags() + " flags and " + flagData.segments() + " segment");

      FBConfig config = FBConfig.builder(server.secret())
          .streamingUrl(server.streamingUrl())
          .eventsUrl(server.httpUrl())
          .startWait(WAIT)
          .build();
      long c0 = System.nanoTime();
      try (FBClient client = new FBClient(config)) {
        if (!client.isInitialized()) {
          throw CliException.failed("the client did not become ready within " + WAIT.toSeconds() + " s: "
              + client.dataUpdateStatusProvider().status());
        }
        out(String.format(Locale.ROOT, "2. Connected an FBClient over WebSocket: ready in %.0f ms (%s)",
            ms(System.nanoTime() - c0), client.dataUpdateStatusProvider().state()));
        out("");
        out("3. Evaluations (typed calls; each one records an insight event):");
        evaluations(client);
        out("");
        flip(server, client);
        out("");
        track(client);
        out("");
        insights(server, client);
      }
    }
    out("");
    out(String.format(Locale.ROOT, "Closed the client and stopped the server. Demo finished in %.1f s.",
        ms(System.nanoTime() - t0) / 1000));
    return 0;
  }

  private void evaluations(FBClient client) {
    out(String.format(Locale.ROOT, "   %-6s %-18s %-54s %s", "user", "flag", "value", "reason"));
    for (FBUser u : demoUsers()) {
      row(u, client.boolVariationDetail("payments-enabled", u, false));
      row(u, client.boolVariationDetail("new-search-engine", u, false));
      row(u, client.stringVariationDetail("pricing-page", u, "control"));
      row(u, client.jsonVariationDetail("homepage-config", u, "{}"));
      row(u, client.intVariationDetail("api-rate-limit", u, 60));
      row(u, client.boolVariationDetail("beta-dashboard", u, false));
    }
  }

  private void row(FBUser u, EvalDetail<?> d) {
    out(String.format(Locale.ROOT, "   %-6s %-18s %-54s %-12s %s", u.key(), d.flagKey(), d.value(), d.reason(),
        d.reasonText()));
  }

  /** Turns the kill switch off on the server and times the change reaching a value listener. */
  private void flip(FeatBitTestServer server, FBClient client) throws Exception {
    FBUser alice = demoUsers().get(0);
    CompletableFuture<FlagTracker.FlagValueChangeEvent> changed = new CompletableFuture<>();
    long[] receivedAt = new long[1];
    client.flagTracker().addFlagValueChangeListener("payments-enabled", alice, e -> {
      receivedAt[0] = System.nanoTime();
      changed.complete(e);
    });
    out("4. Kill switch: turning payments-enabled off on the server (pushed to the SDK as a patch)...");
    ObjectNode flag = (ObjectNode) server.flag("payments-enabled");
    flag.put("isEnabled", false);
    long sentAt = System.nanoTime();
    server.upsertFlag(flag);
    FlagTracker.FlagValueChangeEvent e;
    try {
      e = changed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException te) {
      throw CliException.failed("the change did not arrive within " + WAIT.toSeconds() + " s");
    }
    out(String.format(Locale.ROOT, "   listener: payments-enabled for %s changed %s -> %s (%s), %.1f ms after the "
        + "server pushed it", e.user().key(), e.oldValue().value(), e.newValue().value(), e.newValue().reason(),
        ms(receivedAt[0] - sentAt)));
    out("   boolVariation(\"payments-enabled\", alice, true) now returns "
        + client.boolVariation("payments-enabled", alice, true));
  }

  private void track(FBClient client) {
    int n = 0;
    for (FBUser u : demoUsers()) {
      String page = client.stringVariation("pricing-page", u, "control");
      if (page.equals("discount-banner") || u.key().equals("carol")) {
        client.trackMetric(u, "checkout-completed", u.key().equals("carol") ? 120.0 : 49.9);
        n++;
      }
      client.trackMetric(u, "page-view");
      n++;
    }
    out("5. Tracked " + n + " metrics (page-view for everyone, checkout-completed with a revenue value for users "
        + "who converted)");
  }

  private void insights(FeatBitTestServer server, FBClient client) {
    boolean delivered = client.flushAndWait(WAIT);
    EventStats stats = client.eventStats();
    if (!delivered) {
      throw CliException.failed("the events were not delivered within " + WAIT.toSeconds() + " s: " + stats);
    }
    List<RecordedRequest> batches = server.insightRequests();
    out("6. flushAndWait: delivered. Events accepted " + stats.accepted() + ", sent " + stats.sent() + ", dropped "
        + stats.dropped() + ", failed " + stats.failed() + ". The server received " + batches.size()
        + " insight batch" + (batches.size() == 1 ? "" : "es") + ":");
    int i = 0;
    for (RecordedRequest r : batches) {
      i++;
      JsonNode body = r.json();
      out("   batch " + i + " (HTTP " + r.answeredStatus() + ", " + body.size() + " items, "
          + r.body().length() + " bytes)");
      for (JsonNode item : body) {
        String user = item.path("user").path("keyId").asText();
        for (JsonNode v : item.path("variations")) {
          out(String.format(Locale.ROOT, "     %-6s %-18s -> %-45s sendToExperiment=%s", user,
              v.path("featureFlagKey").asText(), v.path("variation").path("value").asText(),
              v.path("sendToExperiment").asBoolean()));
        }
        for (JsonNode m : item.path("metrics")) {
          out(String.format(Locale.ROOT, "     %-6s metric %-11s = %s", user, m.path("eventName").asText(),
              m.path("numericValue").asText()));
        }
      }
    }
    if (i > 0) {
      JsonNode first = batches.get(0).json().get(0);
      out("   first item as sent: " + first);
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private void out(String line) {
    cli.out.println(line);
    cli.out.flush();
  }
}
