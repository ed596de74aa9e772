package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testsupport.AllowLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public API contracts: never throws (GEN-1, API-14, API-15), config validation (CFG-*), offline mode. */
class ClientApiTest {
  static final String SECRET = "AO7_wDQSvEqd7wEjRWeJqwLps6fUFsCE-afitcHQ4_Sg";
  static final FBUser U = FBUser.builder("u").build();

  static FBClient sample() {
    ObjectNode num = TestData.flag("num", new String[] {"n"}, new String[] {"42"});
    ObjectNode dbl = TestData.flag("dbl", new String[] {"d"}, new String[] {"1024.5"});
    ObjectNode big = TestData.flag("big", new String[] {"b"}, new String[] {"9999999999"});
    ObjectNode json = TestData.flag("json", new String[] {"j"}, new String[] {"{\"layout\":\"grid\",\"n\":[1,2]}"});
    ObjectNode text = TestData.flag("text", new String[] {"t"}, new String[] {"hello"});
    ObjectNode upper = TestData.flag("upper", new String[] {"t"}, new String[] {" TRUE "});
    return Clients.offline(TestData.full(TestData.boolFlag("bool"), num, dbl, big, json, text, upper));
  }

  @Test
  void eval27_typedConversion() {
    try (FBClient c = sample()) {
      assertThat(c.boolVariation("bool", U, false)).isTrue();
      assertThat(c.boolVariation("upper", U, false)).isTrue();
      assertThat(c.boolVariationDetail("text", U, false).reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      assertThat(c.intVariation("num", U, 0)).isEqualTo(42);
      assertThat(c.intVariationDetail("dbl", U, 7).reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      assertThat(c.intVariationDetail("big", U, 7).value()).isEqualTo(7);
      assertThat(c.longVariation("big", U, 0)).isEqualTo(9999999999L);
      assertThat(c.doubleVariation("dbl", U, 0)).isEqualTo(1024.5);
      assertThat(c.doubleVariation("num", U, 0)).isEqualTo(42.0);
      assertThat(c.doubleVariationDetail("text", U, 1.5).reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      assertThat(c.jsonVariation("json", U, "{}")).isEqualTo("{\"layout\":\"grid\",\"n\":[1,2]}");
      assertThat(c.jsonVariationDetail("text", U, "{}").reason()).isEqualTo(ReasonKind.WRONG_TYPE);
      assertThat(c.jsonVariation("num", U, "{}")).isEqualTo("42");
      Object parsed = c.jsonValueVariation("json", U, null);
      assertThat(parsed).isEqualTo(Map.of("layout", "grid", "n", List.of(1, 2)));
      @SuppressWarnings("unchecked")
      Map<String, Object> mine = (Map<String, Object>) parsed;
      mine.put("layout", "changed"); // caller-owned copy
      assertThat(c.jsonValueVariation("json", U, null)).isEqualTo(Map.of("layout", "grid", "n", List.of(1, 2)));
      assertThat(c.stringVariation("num", U, "x")).isEqualTo("42");
      EvalDetail<String> d = c.stringVariationDetail("text", U, "x");
      assertThat(d.flagKey()).isEqualTo("text");
      assertThat(d.variationId()).isEqualTo("t");
      assertThat(d.reason()).isEqualTo(ReasonKind.FALLTHROUGH);
      assertThat(d.reasonText()).isEqualTo("fall through all rules");
    }
  }

  @Test
  @AllowLogs("featbit.client")
  void gen1_publicCallsNeverThrow() {
    try (FBClient c = sample()) {
      FBUser blank = FBUser.builder("  ").build();
      FBUser nullKey = FBUser.builder(null).build();
      for (FBUser u : new FBUser[] {null, blank, nullKey}) {
        EvalDetail<Boolean> d = c.boolVariationDetail("bool", u, false);
        assertThat(d.reason()).isEqualTo(ReasonKind.ERROR);
        assertThat(d.reasonText()).isEqualTo("user not specified");
        assertThat(c.stringVariation("text", u, null)).isNull();
        assertThat(c.getAllLatestFlagVariations(u).isValid()).isFalse();
        assertThat(c.getAllLatestFlagVariations(u).details()).isEmpty();
      }
      assertThat(c.stringVariationDetail(null, U, null).reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(c.stringVariationDetail("missing", U, null).reasonText()).isEqualTo("flag not found");
      assertThat(c.jsonValueVariationDetail(null, null, null).value()).isNull();
      assertThat(c.intVariation(null, null, 3)).isEqualTo(3);
      assertThat(c.longVariation("", U, 4L)).isEqualTo(4L);
      assertThat(c.doubleVariation("missing", null, 2.5)).isEqualTo(2.5);
      assertThat(c.jsonVariation("missing", U, null)).isNull();
      assertThat(c.isFlagKnown(null)).isFalse();
      assertThat(c.initializeFromExternalJson(null)).isFalse();
      assertThat(c.initializeFromExternalJson("{broken")).isFalse();
      assertThat(c.isFlagKnown("bool")).as("failed reload keeps data").isTrue();
    }
  }

  @Test
  void cfg22_offlineStartsReadyAndUnknownFlagIsError() {
    try (FBClient c = new FBClient(FBConfig.builder(null).offline(true).build())) {
      assertThat(c.isInitialized()).isTrue();
      assertThat(c.boolVariationDetail("any", U, true).reason()).isEqualTo(ReasonKind.ERROR);
      assertThat(c.initializeFromExternalJson(TestData.full(TestData.boolFlag("late")))).isTrue();
      assertThat(c.boolVariation("late", U, false)).isTrue();
    }
  }

  @Test
  void api22_closedClientStillEvaluates() {
    FBClient c = sample();
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(c.boolVariation("bool", U, false)).isTrue();
  }

  @Test
  void onlineClientWithoutDataIsNotReady() {
    FBConfig config = FBConfig.builder(SECRET).streamingUrl("ws://127.0.0.1:1").startWait(Duration.ZERO).build();
    try (FBClient c = new FBClient(config)) {
      assertThat(c.isInitialized()).isFalse();
      EvalDetail<Boolean> d = c.boolVariationDetail("bool", U, true);
      assertThat(d.reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
      assertThat(d.value()).isTrue();
      assertThat(c.getAllLatestFlagVariations(U).details()).isEmpty();
    }
  }

  @Test
  void cfg18_cfg19_configValidationNamesTheSettingAndNeverTheSecret() {
    assertThatThrownBy(() -> FBConfig.builder(null).streamingUrl("ws://x").build())
        .isInstanceOf(FBConfigException.class).hasMessageStartingWith("envSecret");
    String wrongSecret = "this-is-not-a-secret-but-must-not-be-echoed";
    assertThatThrownBy(() -> FBConfig.builder(wrongSecret).streamingUrl("ws://x").build())
        .isInstanceOf(FBConfigException.class).hasMessageStartingWith("envSecret")
        .hasMessageNotContaining(wrongSecret);
    String fortyFour = "A".repeat(44);
    assertThatThrownBy(() -> FBConfig.builder(fortyFour).streamingUrl("ws://x").build())
        .hasMessageContaining("not a GUID").hasMessageNotContaining(fortyFour);
    assertThatThrownBy(() -> FBConfig.builder(SECRET).build())
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("streamingUrl"));
    assertThatThrownBy(() -> FBConfig.builder(SECRET).streamingUrl("http://x").build())
        .hasMessageContaining("streamingUrl: must start with ws:// or wss://");
    assertThatThrownBy(() -> FBConfig.builder(SECRET).streamingUrl("ws://x").eventsUrl("ftp://x").build())
        .hasMessageContaining("eventsUrl");
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrap("{nope").build())
        .hasMessageStartingWith("bootstrap:");
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true).bootstrapFile(Path.of("/no/such/file")).build())
        .hasMessageStartingWith("bootstrapFile:");
    assertThatThrownBy(() -> FBConfig.builder(null).offline(true).startWait(Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("startWait");
    assertThat(FBConfig.builder(null).validate()).hasSize(2);
    assertThat(FBConfig.builder(SECRET).streamingUrl("wss://x").validate()).isEmpty();
  }

  @Test
  void cfg4_urlPrefixesArePreserved() {
    FBConfig c = FBConfig.builder(SECRET).streamingUrl("wss://gw.example.com/featbit-eval//").build();
    assertThat(c.streamingUrl()).isEqualTo("wss://gw.example.com/featbit-eval");
    assertThat(FBConfig.join(c.streamingUrl(), "/streaming")).isEqualTo("wss://gw.example.com/featbit-eval/streaming");
    assertThat(c.eventsUrl()).isEqualTo("https://gw.example.com/featbit-eval");
    FBConfig d = FBConfig.builder(SECRET).streamingUrl("ws://h:5100").eventsUrl("http://e:5100/").build();
    assertThat(FBConfig.join(d.eventsUrl(), "/api/public/insight/track"))
        .isEqualTo("http://e:5100/api/public/insight/track");
    assertThat(d.toString()).doesNotContain(SECRET);
  }

  @Test
  void bootstrapFileIsReadAtBuildTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.json");
    Files.writeString(file, TestData.resource("spec/examples/data-sync-full.json"));
    FBConfig config = FBConfig.builder(null).offline(true).bootstrapFile(file).build();
    Files.writeString(file, "changed later");
    try (FBClient c = new FBClient(config)) {
      assertThat(c.isFlagKnown("new-checkout")).isTrue();
    }
  }

  @Test
  void bootstrapAcceptsTheBareDataObject() {
    String bare = "{\"featureFlags\":[" + TestData.boolFlag("x") + "],\"segments\":[]}";
    try (FBClient c = Clients.offline(bare)) {
      assertThat(c.boolVariation("x", U, false)).isTrue();
    }
  }

  @Test
  void singletonInitAndGet() {
    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(TestData.full(TestData.boolFlag("s"))).build();
    try {
      FBClient first = FeatBit.init(config);
      assertThat(FeatBit.init(config)).isSameAs(first);
      assertThat(FeatBit.get().boolVariation("s", U, false)).isTrue();
      FBClient second = FeatBit.init(config.toBuilder().build());
      assertThat(second).isNotSameAs(first);
      assertThat(first.isClosed()).isTrue();
    } finally {
      FeatBit.close();
    }
    assertThatThrownBy(FeatBit::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void gen7_problemsAreLoggedOnceAndWithoutUserAttributes() {
    try (LogCapture logs = new LogCapture(); FBClient c = sample()) {
      FBUser secretive = FBUser.builder("u").custom("email", "private@example.com").build();
      for (int i = 0; i < 5; i++) {
        c.boolVariation("missing", secretive, false);
        c.boolVariation("text", secretive, false);
      }
      List<String> lines = logs.lines();
      assertThat(lines.stream().filter(l -> l.contains("Unknown feature flag 'missing'"))).hasSize(1);
      assertThat(lines.stream().filter(l -> l.contains("'text' served a value that is not a valid boolean")))
          .hasSize(1);
      assertThat(String.join("\n", lines)).doesNotContain("private@example.com");
    }
  }

  @Test
  void userAttributesAreStoredAsTheServerComparesThem() {
    FBUser u = FBUser.builder("k").custom("i", 12).custom("l", 9_000_000_000L).custom("d", 2.0).custom("f", 0.1f)
        .custom("e", 1e21).custom("small", 1e-7).custom("b", true).custom("bd", new java.math.BigDecimal("1.50"))
        .custom("gone", "x").custom("gone", (String) null).build();
    assertThat(u.customAttributes()).containsExactly(Map.entry("i", "12"), Map.entry("l", "9000000000"),
        Map.entry("d", "2"), Map.entry("f", "0.1"), Map.entry("e", "1000000000000000000000"),
        Map.entry("small", "0.0000001"), Map.entry("b", "true"), Map.entry("bd", "1.5"));
    assertThat(u.hasName()).isFalse();
    assertThat(u.custom("missing")).isNull();
    assertThat(u.name()).isNull();
    assertThat(u.toString()).doesNotContain("9000000000");
  }

  /** The client releases the bootstrap text once loaded (it can be megabytes); the caller's config keeps it. */
  @Test
  void clientDoesNotRetainTheBootstrapText() {
    String json = TestData.full(TestData.boolFlag("f"));
    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(json).build();
    try (FBClient client = new FBClient(config)) {
      assertThat(client.boolVariation("f", FBUser.builder("u").build(), false)).isTrue();
      assertThat(client.config().bootstrapJson()).isNull();
      assertThat(client.config().isOffline()).isTrue();
      assertThat(config.bootstrapJson()).isEqualTo(json);
    }
  }

  /** Nothing the client keeps (its data source included) refers to the bootstrap text once it is loaded. */
  @Test
  void noPartOfTheClientKeepsTheBootstrapText() {
    java.lang.ref.WeakReference<String> text;
    FBClient client;
    {
      String json = new String(TestData.full(TestData.boolFlag("f")).toCharArray());
      text = new java.lang.ref.WeakReference<>(json);
      client = new FBClient(FBConfig.builder(null).offline(true).bootstrap(json).build());
    }
    try {
      assertThat(client.boolVariation("f", FBUser.builder("u").build(), false)).isTrue();
      for (int i = 0; i < 50 && text.get() != null; i++) {
        System.gc();
      }
      assertThat(text.get()).as("bootstrap text still reachable").isNull();
    } finally {
      client.close();
    }
  }

  @Test
  void buildParsesTheBootstrapDataOnceForTheFirstClient() {
    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(TestData.full(TestData.boolFlag("f"))).build();
    FBUser user = FBUser.builder("u").build();
    try (FBClient first = new FBClient(config)) {
      assertThat(first.boolVariation("f", user, false)).isTrue();
      // the first client took what build() parsed: the configuration holds only the text now
      assertThat(config.takeParsedBootstrap()).isNull();
      try (FBClient second = new FBClient(config)) {
        assertThat(second.boolVariation("f", user, false)).as("a later client parses the text").isTrue();
      }
    }
  }
}
