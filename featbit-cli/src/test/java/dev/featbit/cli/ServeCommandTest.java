package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    try (Console c = Console.start("serve", "--data", data.toString(), "--port", "0", "--reload-check", "50ms")) {
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

  @Test
  void portInUseIsAOneLineFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Console c = Console.run("serve", "--data", data.toString(), "--port", String.valueOf(taken.getLocalPort()));
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
        "--secret is not a well-formed FeatBit env secret");
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", data.toString(), "--port", "70000"},
        "--port must be between 0 and 65535");
    EvalCommandTest.expectBadInput(new String[] {"serve", "--data", data.toString(), "--port", "abc"},
        "Invalid value for option '--port'");
  }
}
