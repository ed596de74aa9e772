package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.internal.store.SnapshotFile;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bootstrap data online: served at once until the data source's first full data set replaces it. */
class OnlineBootstrapTest {
  static final FBUser U = FBUser.builder("u").build();
  static final Duration T = Duration.ofSeconds(15);

  static String data(String... flags) {
    return "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":["
        + String.join(",", flags) + "],\"segments\":[]}}";
  }

  static String flag(String key, boolean serve) {
    return TestFlag.bool(key).serve(serve).toJson("2025-03-01T08:00:00Z").toString();
  }

  @Test
  void bootstrapDataIsServedUntilTheFirstFullDataSetReplacesIt() throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("a").serve(true), TestFlag.bool("from-server").serve(true));
      server.stop(); // unreachable at start
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).disableEvents()
          .startWait(Duration.ofSeconds(30))
          .bootstrap(data(flag("a", false), flag("from-bootstrap", true)))
          .build();
      try (LogCapture log = new LogCapture(); FBClient client = new FBClient(config)) {
        // the constructor did not wait for the server: the data is there at once
        assertThat(client.isInitialized()).isTrue();
        assertThat(client.boolVariation("a", U, true)).isFalse();
        assertThat(client.boolVariation("from-bootstrap", U, false)).isTrue();
        DataUpdateStatus st = client.dataUpdateStatusProvider().status();
        assertThat(st.state()).isEqualTo(State.STALE);
        assertThat(st.lastError().message()).contains("serving bootstrap data until the data source delivers");
        assertThat(log.lines()).anyMatch(l -> l.contains("Serving 2 flags from bootstrap data"));
        assertThat(client.config().bootstrapJson()).isNull(); // released once loaded

        server.restart();
        assertThat(SnapshotTest.until(() -> client.dataUpdateStatusProvider().state() == State.READY)).isTrue();
        assertThat(client.boolVariation("a", U, false)).isTrue();
        assertThat(client.isFlagKnown("from-bootstrap")).isFalse();
        assertThat(client.boolVariation("from-server", U, false)).isTrue();
        assertThat(server.clientMessages()).filteredOn(m -> "data-sync".equals(m.path("messageType").asText()))
            .first().satisfies(m -> assertThat(m.path("data").path("timestamp").asLong())
                .as("provisional data: the client asks for everything").isZero());
      }
    }
  }

  @Test
  void aBootstrapFileAndAClassPathResourceWorkOnlineAndOffline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, data(flag("f", true)));
    String dead = SnapshotTest.deadUrl();
    for (FBConfig.Builder b : new FBConfig.Builder[] {
        FBConfig.builder(Secrets.newSecret()).streamingUrl(dead).disableEvents().startWait(Duration.ZERO)
            .bootstrapFile(file),
        FBConfig.builder(Secrets.newSecret()).streamingUrl(dead).disableEvents().startWait(Duration.ZERO)
            .bootstrapResource("featbit/bootstrap-flags.json"),
        FBConfig.builder(null).offline(true).bootstrapResource("/featbit/bootstrap-flags.json")}) {
      try (FBClient client = new FBClient(b.build())) {
        assertThat(client.isInitialized()).isTrue();
        boolean offline = client.config().isOffline();
        assertThat(client.dataUpdateStatusProvider().state()).isEqualTo(offline ? State.READY : State.STALE);
        String key = client.isFlagKnown("f") ? "f" : "resource-flag";
        assertThat(client.boolVariation(key, U, false)).isTrue();
      }
    }
  }

  @Test
  void badBootstrapSettingsFailAtBuildNamingTheSetting() {
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrapResource("featbit/none.json").build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("bootstrapResource"))
        .hasMessageContaining("no class path resource featbit/none.json");
    assertThatThrownBy(() -> FBConfig.builder(Secrets.newSecret()).streamingUrl("ws://127.0.0.1:1")
        .bootstrap("{\"hello\":1}").build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("bootstrap"))
        .hasMessageContaining("not FeatBit flag data");
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrap(data())
        .bootstrapResource("featbit/bootstrap-flags.json").build())
        .isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("bootstrapResource"));
  }

  @Test
  void aSnapshotTakesPrecedenceOverBootstrapData(@TempDir Path dir) throws Exception {
    String secret = Secrets.newSecret();
    Path file = dir.resolve("s");
    SnapshotFile.write(file, Clients.environmentId(secret),
        "{\"featureFlags\":[".concat(flag("a", true)).concat("],\"segments\":[]}").getBytes(StandardCharsets.UTF_8),
        System.currentTimeMillis());
    try (LogCapture log = new LogCapture();
         FBClient client = new FBClient(FBConfig.builder(secret).streamingUrl(SnapshotTest.deadUrl())
             .disableEvents().startWait(Duration.ZERO).bootstrap(data(flag("a", false)))
             .dataStore(Components.inMemoryDataStore().snapshotFile(file)).build())) {
      assertThat(client.boolVariation("a", U, false)).isTrue();
      assertThat(client.dataUpdateStatusProvider().status().lastError().kind()).isIn(ErrorKind.STORE,
          ErrorKind.NETWORK);
      assertThat(log.lines()).anyMatch(l -> l.contains("Bootstrap data not used"));
    }
  }
}
