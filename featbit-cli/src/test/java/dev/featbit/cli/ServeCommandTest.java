package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.Secrets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code featbit serve}: a local FeatBit-compatible server any SDK connects to; file edits are pushed as
 * patches; insights are printed.
 */
class ServeCommandTest extends DemoDataFileTest {
  static final Duration T = Duration.ofSeconds(15);
  static String url(Console c) throws Exception {
    assertThat(c.out.await("watching", T)).as(c.out.text() + c.err.text()).isTrue();
    Matcher m = Pattern.compile("streaming: (ws://127\\.0\\.0\\.1:\\d+)").matcher(c.out.text());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static String printedSecret(Console c) {
    Matcher m = Pattern.compile("env secret: (\\S+)").matcher(c.out.text());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** Rewrites the data file with {@code edit} applied to the flag {@code key} (null: remove it). */
  void editFlag(String key, java.util.function.Consumer<ObjectNode> edit) throws Exception {
    JsonNode root = Inputs.JSON.readTree(Files.readString(data));
    ArrayNode flags = (ArrayNode) root.get("data").get("featureFlags");
    for (Iterator<JsonNode> it = flags.iterator(); it.hasNext(); ) {
      ObjectNode f = (ObjectNode) it.next();
      if (f.get("key").asText().equals(key)) {
        if (edit == null) {
          it.remove();
        } else {
          edit.accept(f);
        }
      }
    }
    Path tmp = dir.resolve("flags.json.tmp");
    Files.writeString(tmp, Inputs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    Files.move(tmp, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void anSdkConnectsAndFileEditsArrivePushedAsPatches() throws Exception {
    try (Console c = Console.start("serve", "--data", data.toString(), "--port", "0", "--reload-check", "50ms",
        "--secret-file", dir.resolve("secret").toString())) {
      String url = url(c);
      String secret = printedSecret(c);
      assertThat(Secrets.isWellFormed(secret)).isTrue();
      FBConfig config = FBConfig.builder(secret).streamingUrl(url).eventsUrl(url.replace("ws://", "http://"))
          .startWait(T).build();
      FBUser alice = FBUser.builder("alice").custom("country", "de").build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isTrue();
        assertThat(client.boolVariation("payments-enabled", alice, false)).isTrue();
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        client.flagTracker().addFlagChangeListener(e -> changes.addAll(e.flagKeys()));

        editFlag("payments-enabled", f -> f.put("isEnabled", false));
        assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("payments-enabled");
        assertThat(client.boolVariationDetail("payments-enabled", alice, true).reasonText()).isEqualTo("flag off");
        assertThat(c.out.await("reloaded " + data + ": flags updated [payments-enabled], archived []", T)).isTrue();

        // a malformed edit is reported and the served data stays as it was
        Files.writeString(data, "{ not json");
        assertThat(c.out.await("reload failed, keeping the current data: data file", T)).as(c.out.text()).isTrue();

        // removing a flag from the file archives it in connected SDKs
        Files.writeString(data, DemoCommand.demoData());
        assertThat(c.out.awaitCount("flags updated [payments-enabled]", 2, T)).as(c.out.text()).isTrue();
        editFlag("beta-dashboard", null);
        assertThat(c.out.await("archived [beta-dashboard]", T)).as(c.out.text()).isTrue();
        assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("payments-enabled");
        assertThat(changes.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("beta-dashboard");
        assertThat(client.isFlagKnown("beta-dashboard")).isFalse();

        // insights are printed as they arrive
        client.stringVariation("pricing-page", alice, "control");
        client.trackMetric(alice, "checkout-completed", 9.5);
        assertThat(client.flushAndWait(T)).isTrue();
        assertThat(c.out.await("alice: metric checkout-completed = 9.5", T)).as(c.out.text()).isTrue();
        assertThat(c.out.text()).contains("alice: pricing-page = control (experiment)");
      }
      assertThat(c.stopAndAwait(T)).isZero();
      assertThat(c.out.text()).contains("stopping");
    }
  }

  @Test
  void givenSecretIsUsedAndNotPrinted() throws Exception {
    String secret = Secrets.newSecret();
    try (Console c = Console.start("serve", "--data", data.toString(), "--port", "0", "--secret", secret)) {
      String url = url(c);
      assertThat(c.out.text()).contains("env secret: as given").doesNotContain(secret);
      try (FBClient client = new FBClient(FBConfig.builder(secret).streamingUrl(url).disableEvents().startWait(T)
          .build())) {
        assertThat(client.isInitialized()).isTrue();
      }
      assertThat(c.stopAndAwait(T)).isZero();
    }
  }

  /**
   * The generated secret is kept (owner-only) and served again after a restart, so an SDK that was connected
   * reconnects to the restarted server instead of being rejected with 4003.
   */
  @Test
  void generatedSecretIsKeptAcrossRestarts() throws Exception {
    Path kept = dir.resolve("home").resolve(".featbit").resolve("serve-secret");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String[] args = {"serve", "--data", data.toString(), "--port", String.valueOf(port), "--secret-file",
        kept.toString()};
    Console first = Console.start(args);
    String url = url(first);
    String secret = printedSecret(first);
    assertThat(first.out.text()).contains("(kept in " + kept + ")");
    assertThat(Files.readString(kept).trim()).isEqualTo(secret);
    if (Files.getFileStore(kept).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
          .isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(kept.getParent()))).isEqualTo("rwx------");
    }
    FBConfig config = FBConfig.builder(secret).streamingUrl(url).disableEvents().startWait(T)
        .firstRetryDelay(Duration.ofMillis(50)).maxRetryDelay(Duration.ofMillis(200)).build();
    try (FBClient client = new FBClient(config)) {
      assertThat(client.isInitialized()).isTrue();
      BlockingQueue<DataUpdateStatus.State> states = new LinkedBlockingQueue<>();
      client.dataUpdateStatusProvider().addStatusListener(st -> states.add(st.state()));
      assertThat(first.stopAndAwait(T)).isZero();
      first.close();
      assertThat(states.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(DataUpdateStatus.State.STALE);
      try (Console second = Console.start(args)) {
        url(second);
        assertThat(printedSecret(second)).isEqualTo(secret);
        assertThat(states.poll(T.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(DataUpdateStatus.State.READY);
        assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(DataUpdateStatus.State.READY);
        assertThat(second.stopAndAwait(T)).isZero();
      }
    }
    Files.writeString(kept, "garbage");
    EvalCommandTest.expectBadInput(args, kept + " does not hold a FeatBit env secret: delete it to have a new one "
        + "generated, or give --secret");
  }

  /** A malformed edit is reported once, not at every check; a further change is reported again. */
  @Test
  void aMalformedEditIsReportedOncePerChange() throws Exception {
    try (Console c = Console.start("serve", "--data", data.toString(), "--port", "0", "--reload-check", "20ms",
        "--secret-file", dir.resolve("secret").toString())) {
      url(c);
      Files.writeString(data, "{ not json");
      assertThat(c.out.await("reload failed, keeping the current data: data file", T)).as(c.out.text()).isTrue();
      // 25 checks later it has still been said once
      assertThat(c.out.awaitCount("reload failed", 2, Duration.ofMillis(500))).as(c.out.text()).isFalse();
      Files.writeString(data, "{\"hello\": 1}");
      assertThat(c.out.awaitCount("reload failed", 2, T)).as(c.out.text()).isTrue();
      assertThat(c.out.text()).contains("is not FeatBit flag data");
      Files.writeString(data, DemoCommand.demoData());
      editFlag("payments-enabled", f -> f.put("isEnabled", false));
      assertThat(c.out.await("reloaded " + data, T)).as(c.out.text()).isTrue();
      Files.writeString(data, "{ not json");
      assertThat(c.out.awaitCount("reload failed", 3, T)).as("the same bad text again, after a good one")
          .isTrue();
      assertThat(c.stopAndAwait(T)).isZero();
    }
  }

  @Test
  void portInUseIsAOneLineFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Console c = Console.run("serve", "--data", data.toString(), "--port", String.valueOf(taken.getLocalPort()),
          "--secret-file", dir.resolve("secret").toString());
      assertThat(c.code).isEqualTo(1);
      assertThat(c.err.text().strip()).isEqualTo("featbit: error: port " + taken.getLocalPort()
          + " is in use on 127.0.0.1 (choose another with --port)");
    }
  }

  @Test
  void badInput() {
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", dir.resolve("nope.json").toString(), "--port",
        "0"}, "data file not found");
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", data.toString(), "--secret", "not-a-secret"},
        "--secret is not a well-formed FeatBit env secret: must be an environment's server secret: 44 characters "
            + "of URL-safe Base64 (A-Z, a-z, 0-9, '-', '_'), the last 22 encoding the environment's id; copy the "
            + "server-side secret of the environment from FeatBit (got 12 characters); or leave --secret out to use "
            + "a generated one");
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", data.toString(), "--port", "70000"},
        "--port must be between 0 and 65535");
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", data.toString(), "--port", "abc"},
        "Invalid value for option '--port'");
  }
}
