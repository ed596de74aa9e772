package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatus.ErrorKind;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code full} data set must carry both its {@code featureFlags} and {@code segments} arrays (the evaluation
 * server always sends both): one without them would empty the store, so it is ignored, the data is kept and it
 * is logged once per client. A {@code patch} may leave an array out. Bootstrap data is a complete data set.
 */
class IncompleteDataSetTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  FeatBitTestServer server;
  final List<FBClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag-a"), TestFlag.strings("theme", "light", "dark"));
  }

  @AfterEach
  void stop() {
    clients.forEach(FBClient::close);
    server.close();
  }

  FBClient client(FBConfig.Builder b) {
    FBClient c = new FBClient(b.build());
    clients.add(c);
    return c;
  }

  static String flagJson(String key) {
    return TestFlag.bool(key).toJson(Instant.now().plusSeconds(60).toString()).toString();
  }

  static String fullWith(String arrays) {
    return "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\"" + arrays + "}}";
  }

  static List<String> errorsAbout(LogCapture logs, String text) {
    return logs.lines().stream().filter(l -> l.startsWith("ERROR") && l.contains(text)).collect(Collectors.toList());
  }

  void assertDataKept(FBClient c) {
    assertThat(c.isFlagKnown("flag-a")).isTrue();
    assertThat(c.isFlagKnown("theme")).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
  }

  boolean waitFor(java.util.function.BooleanSupplier condition) {
    return server.await(s -> condition.getAsBoolean(), T);
  }

  @Test
  @AllowLogs("featbit.sync")
  void streamingFullWithoutBothArraysIsIgnoredAndLoggedOncePerClient() {
    FBClient c = client(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .disableEvents());
    assertDataKept(c);
    try (LogCapture logs = new LogCapture()) {
      server.sendRawToAll(fullWith(",\"featureFlags\":[" + flagJson("only-flag") + "]"));
      server.sendRawToAll(fullWith(",\"featureFlags\":null,\"segments\":[]"));
      server.sendRawToAll(fullWith(",\"segments\":[]"));
      server.sendRawToAll(fullWith(""));
      // messages are processed in order: once this patch is in, the four above were handled
      server.upsertFlag(TestFlag.bool("marker"));
      assertThat(waitFor(() -> c.isFlagKnown("marker"))).isTrue();
      assertDataKept(c);
      assertThat(c.isFlagKnown("only-flag")).isFalse();
      assertThat(c.dataUpdateStatusProvider().status().lastError().kind()).isEqualTo(ErrorKind.INVALID_DATA);
      assertThat(errorsAbout(logs, "without both")).as("logged once per client").hasSize(1);
      assertThat(server.acceptedConnections()).as("bad data never forces a reconnect").isEqualTo(1);
    }
  }

  @Test
  void streamingPatchMayLeaveOutAnArray() {
    FBClient c = client(FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .disableEvents());
    server.sendRawToAll("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":["
        + flagJson("p1") + "]}}");
    server.sendRawToAll("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":["
        + flagJson("p2") + "],\"segments\":null}}");
    assertThat(waitFor(() -> c.isFlagKnown("p1") && c.isFlagKnown("p2"))).isTrue();
    assertDataKept(c);
  }

  @Test
  @AllowLogs("featbit.sync")
  void pollingFullWithoutBothArraysIsIgnored() {
    FBClient c = client(FBConfig.builder(server.secret()).dataSyncMode(FBConfig.DataSyncMode.POLLING)
        .pollingUrl(server.httpUrl()).pollingInterval(Duration.ofMillis(100)).firstRetryDelay(Duration.ofMillis(10))
        .startWait(T).disableEvents());
    assertDataKept(c);
    try (LogCapture logs = new LogCapture()) {
      int before = server.pollingRequests().size();
      server.scriptPollingResponses(ScriptedResponse.body(200, fullWith(",\"featureFlags\":[]")),
          ScriptedResponse.body(200, fullWith(",\"featureFlags\":[],\"segments\":null")));
      assertThat(server.await(s -> s.pollingRequests().size() >= before + 3, T)).isTrue();
      assertDataKept(c);
      assertThat(errorsAbout(logs, "without both")).as("logged once per client").hasSize(1);
    }
  }

  @Test
  void customDataSourceFullWithoutBothArraysIsRefused() {
    AtomicReference<DataSourceUpdates> updates = new AtomicReference<>();
    FBClient c = client(FBConfig.builder(null).startWait(Duration.ZERO).disableEvents()
        .dataSync(Components.customDataSource((ctx, u) -> {
          updates.set(u);
          return new DataSource() {
            @Override
            public void start() {}

            @Override
            public void close() {}
          };
        })));
    DataSourceUpdates u = updates.get();
    assertThat(u.apply(TestData.full(TestData.boolFlag("kept")))).isTrue();
    assertThat(u.apply("{\"featureFlags\":[]}")).isFalse();
    assertThat(u.apply("{\"hello\":1}")).isFalse();
    assertThat(c.isFlagKnown("kept")).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    assertThat(u.apply("{\"eventType\":\"patch\",\"featureFlags\":[" + flagJson("patched") + "]}")).isTrue();
    assertThat(c.isFlagKnown("patched")).isTrue();
    assertThat(c.isFlagKnown("kept")).isTrue();
  }

  @Test
  @AllowLogs("featbit.client")
  void bootstrapMustBeACompleteDataSet(@TempDir Path dir) throws Exception {
    for (String bad : new String[] {"{\"hello\":1}", "{}", "{\"data\":{\"hello\":1}}", "{\"data\":[]}",
        "{\"featureFlags\":[]}", "{\"segments\":[]}",
        "{\"featureFlags\":null,\"segments\":[]}",
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":[]}}"}) {
      assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrap(bad).build()).as(bad)
          .isInstanceOf(FBConfigException.class).hasMessageStartingWith("bootstrap:");
      Path file = dir.resolve("data.json");
      Files.writeString(file, bad);
      assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrapFile(file).build()).as(bad)
          .isInstanceOf(FBConfigException.class).hasMessageStartingWith("bootstrapFile:");
    }
    for (String good : new String[] {"{\"featureFlags\":[],\"segments\":[]}",
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"featureFlags\":[],\"segments\":[]}}",
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":[],\"segments\":[]}}",
        "{\"data\":{\"featureFlags\":[],\"segments\":[]}}"}) {
      assertThat(FBConfig.builder(null).offline(true).bootstrap(good).build().bootstrapJson()).isEqualTo(good);
    }
    try (FBClient c = Clients.offline("{\"data\":{\"featureFlags\":[" + flagJson("in-data") + "],\"segments\":[]}}")) {
      assertThat(c.isFlagKnown("in-data")).as("an envelope without messageType").isTrue();
    }
    try (FBClient c = Clients.offline(TestData.full(TestData.boolFlag("kept")))) {
      assertThat(c.initializeFromExternalJson("{\"hello\":1}")).isFalse();
      assertThat(c.initializeFromExternalJson("{\"featureFlags\":[]}")).isFalse();
      assertThat(c.isFlagKnown("kept")).as("the data is kept").isTrue();
    }
  }

  @Test
  void decoding() throws Exception {
    assertThatThrownBy(() -> DataSyncMessage.parseEnvelope(fullWith(",\"featureFlags\":[]")))
        .isInstanceOfSatisfying(DataSyncMessage.InvalidMessageException.class,
            e -> assertThat(e.isIncompleteFull()).isTrue());
    assertThatThrownBy(() -> DataSyncMessage.parseEnvelope("not json"))
        .isInstanceOfSatisfying(DataSyncMessage.InvalidMessageException.class,
            e -> assertThat(e.isIncompleteFull()).isFalse());
    DataSyncMessage patch = DataSyncMessage.parseEnvelope(
        "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"segments\":null}}");
    assertThat(patch.flags).isEmpty();
    assertThat(patch.segments).isEmpty();
  }
}
