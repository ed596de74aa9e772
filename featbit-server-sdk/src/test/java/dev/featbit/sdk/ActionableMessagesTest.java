package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatusProvider.ReadyResult;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages a newcomer can act on: each names the setting, what is wrong and what to do. */
class ActionableMessagesTest {
  static final String SECRET = Secrets.newSecret();
  static final Duration T = Duration.ofSeconds(10);

  static FBConfigException problem(FBConfig.Builder b) {
    try {
      b.build();
    } catch (FBConfigException e) {
      return e;
    }
    throw new AssertionError("build() accepted the configuration");
  }

  /**
   * A streaming URL that already ends with the {@code /streaming} the SDK appends (the socket's full address,
   * as a server banner shows it) is rejected by build() with the base to use instead, rather than retried
   * against a 404 for ever; likewise a polling or events URL that holds its endpoint.
   */
  @Test
  void streamingUrlWithTheEndpointPathIsRejectedNamingTheBase() {
    for (String url : new String[] {"ws://127.0.0.1:5100/streaming", "ws://127.0.0.1:5100/streaming/",
        "ws://127.0.0.1:5100/STREAMING"}) {
      FBConfigException e = problem(FBConfig.builder(SECRET).streamingUrl(url));
      assertThat(e.setting()).as(url).isEqualTo("streamingUrl");
      assertThat(e.getMessage()).as(url).isEqualTo("streamingUrl: must be the server's base URL without "
          + "/streaming (the SDK appends it): use ws://127.0.0.1:5100 (e.g. wss://featbit.example.com)");
    }
    assertThat(problem(FBConfig.builder(SECRET).streamingUrl("wss://u:p@gw.example.com/featbit/streaming"))
        .getMessage()).contains("use wss://gw.example.com/featbit ").doesNotContain("u:p");
    assertThat(problem(FBConfig.builder(SECRET).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .pollingUrl("http://127.0.0.1:5100/api/public/sdk/server/latest-all").disableEvents()).getMessage())
        .startsWith("pollingUrl: must be the server's base URL without /api/public/sdk/server/latest-all")
        .contains("use http://127.0.0.1:5100 ");
    assertThat(problem(FBConfig.builder(SECRET).streamingUrl("ws://127.0.0.1:5100")
        .eventsUrl("http://127.0.0.1:5100/api/public/insight/track")).getMessage())
        .startsWith("eventsUrl: must be the server's base URL without /api/public/insight/track");
    // a prefix that merely contains the word is a prefix like any other
    FBConfig ok = FBConfig.builder(SECRET).streamingUrl("wss://gw.example.com/streaming-eu").build();
    assertThat(ok.streamingUrl()).isEqualTo("wss://gw.example.com/streaming-eu");
  }

  /** Valid JSON that is not FeatBit flag data is refused with the shape that was expected. */
  @Test
  void bootstrapWithoutFlagDataSaysWhatWasExpected() {
    FBConfigException e = problem(FBConfig.builder(null).offline(true).bootstrap("{\"hello\":1}"));
    assertThat(e.setting()).isEqualTo("bootstrap");
    assertThat(e.getMessage()).startsWith("bootstrap: not FeatBit flag data: ")
        .contains("'featureFlags' and 'segments'")
        .contains("expected a data-sync message (the body of GET /api/public/sdk/server/latest-all) or "
            + "{\"featureFlags\":[...],\"segments\":[...]}");
  }

  /** A secret pasted with a line break or spaces says so, and never shows the secret. */
  @Test
  void secretWithSurroundingWhiteSpaceSaysSo() {
    for (String pasted : new String[] {SECRET + "\n", " " + SECRET, SECRET + " \r\n"}) {
      FBConfigException e = problem(FBConfig.builder(pasted).streamingUrl("wss://featbit.example.com"));
      assertThat(e.setting()).isEqualTo("envSecret");
      assertThat(e.getMessage()).isEqualTo("envSecret: has white space (a space or line break) at its start or "
          + "end: remove it");
    }
    FBConfigException both = problem(FBConfig.builder(" abc ").streamingUrl("wss://featbit.example.com"));
    assertThat(both.getMessage()).startsWith("envSecret: has white space").contains("; must be an environment's "
        + "server secret: 44 characters");
    assertThat(problem(FBConfig.builder(SECRET + "\n").streamingUrl("wss://featbit.example.com")).getMessage())
        .doesNotContain(SECRET);
  }

  /** A secret of the wrong shape says what shape a secret has. */
  @Test
  void malformedSecretDescribesTheShape() {
    assertThat(problem(FBConfig.builder("abc").streamingUrl("wss://featbit.example.com")).getMessage())
        .isEqualTo("envSecret: must be an environment's server secret: 44 characters of URL-safe Base64 (A-Z, "
            + "a-z, 0-9, '-', '_'), the last 22 encoding the environment's id; copy the server-side secret of "
            + "the environment from FeatBit (got 3 characters)");
    String zeroEnv = SECRET.substring(0, 22) + "AAAAAAAAAAAAAAAAAAAAAA";
    assertThat(problem(FBConfig.builder(zeroEnv).streamingUrl("wss://featbit.example.com")).getMessage())
        .startsWith("envSecret: is not a FeatBit env secret (its environment part is not a GUID): 44 characters");
  }

  /**
   * When startWait ends before the first data set, the warning repeats the last error the synchronisation saw
   * and names the settings to check.
   */
  @Test
  void startWaitWarningRepeatsTheLastErrorAndNamesTheSettings() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port;
    FBConfig config = FBConfig.builder(SECRET).streamingUrl(url).disableEvents()
        .startWait(Duration.ofMillis(400)).firstRetryDelay(Duration.ofMillis(50)).build();
    try (LogCapture logs = new LogCapture(); FBClient c = new FBClient(config)) {
      assertThat(c.isInitialized()).isFalse();
      DataUpdateStatus.ErrorInfo last = c.dataUpdateStatusProvider().status().lastError();
      String warning = logs.lines().stream().filter(l -> l.contains("startWait")).findFirst().orElse("");
      assertThat(warning).as(String.join("\n", logs.lines()))
          .startsWith("WARN Client not initialized within startWait (400 ms): ")
          .contains("Check streamingUrl (" + url + ") and that the server is reachable, or raise startWait")
          .doesNotContain(SECRET);
      if (last != null) {
        assertThat(warning).contains("last error " + last.kind() + ": ");
      }
    }
  }

  /**
   * An evaluation before readiness after the server rejected the secret says the secret was rejected (in the
   * detail and in the log), not merely that the client is not ready.
   */
  @Test
  @AllowLogs("featbit.sync")
  void evaluationAfterARejectedSecretSaysTheSecretWasRejected() {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("flag-a"));
      FBConfig config = FBConfig.builder(Secrets.newSecret()).streamingUrl(server.streamingUrl()).disableEvents()
          .startWait(T).build();
      try (LogCapture logs = new LogCapture(); FBClient c = new FBClient(config)) {
        assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.REJECTED);
        EvalDetail<Boolean> d = c.boolVariationDetail("flag-a", FBUser.builder("u").build(), false);
        assertThat(d.value()).isFalse();
        assertThat(d.reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
        assertThat(d.errorKind()).isEqualTo(EvalDetail.ErrorKind.CLIENT_NOT_READY);
        assertThat(d.reasonText()).isEqualTo("env secret rejected by the server");
        c.boolVariation("flag-a", FBUser.builder("u").build(), false);
        List<String> lines = logs.lines();
        assertThat(lines.stream().filter(l -> l.contains("Evaluation after the server rejected the env secret")))
            .as(String.join("\n", lines)).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("Evaluation before the client is initialized"));
        assertThat(lines).anyMatch(l -> l.startsWith("WARN Client did not initialize (REJECTED): last error "
            + "REJECTED: "));
      }
    }
  }
}
