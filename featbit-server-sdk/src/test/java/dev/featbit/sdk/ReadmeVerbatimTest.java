package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.ScriptedResponse;
import dev.featbit.testkit.TestFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code java} block of the root README.md that is not a whole program, verbatim (imports aside), in this
 * file: compiled, and run where it needs no outside server. {@link ReadmeSnippetsTest} runs the online ones
 * against the test kit; {@link ReadmeQuickStartTest} compiles and runs the quick start as a user does. Blocks
 * tagged with a module ({@code ```java testdata}, {@code ```java servlet}...) are code of that module and
 * checked by its tests.
 */
class ReadmeVerbatimTest {
  static final Path README = Path.of("../README.md");
  static final Path SELF = Path.of("src/test/java/dev/featbit/sdk/ReadmeVerbatimTest.java");

  static String normalized(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }

  @Test
  void everyReadmeJavaBlockIsInThisFile() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String self = normalized(Files.readString(SELF, StandardCharsets.UTF_8));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      if (!m.group(1).contains("public class ")) {   // whole programs: ReadmeQuickStartTest compiles and runs them
        blocks.add(m.group(1).replaceAll("(?m)^import .*$", ""));
      }
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
    for (String b : blocks) {
      assertThat(self).as("README block:%n%s", b).contains(normalized(b));
    }
  }

  /**
   * Every block that is not a whole program compiles with exactly the imports the README's text states (the
   * quick start's types are not imported here unless stated) and the variables the text introduces
   * ({@code client}, {@code user}, a logger, a cache, a trust store), declared with fully qualified types.
   */
  @Test
  void everyFragmentCompilesWithTheImportsTheReadmeStates(@TempDir Path dir) throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String prose = readme.replaceAll("(?s)```.*?```", "");
    StringBuilder imports = new StringBuilder();
    Matcher stated = Pattern.compile("`(import [\\w.*]+;)`").matcher(prose);
    while (stated.find()) {
      imports.append(stated.group(1)).append('\n');
    }
    assertThat(imports.toString()).contains("import dev.featbit.sdk.*;").contains("import java.time.Duration;");
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    int n = 0;
    StringBuilder source = new StringBuilder(imports).append("\nclass ReadmeFragments {\n")
        .append("  interface Cache { void invalidate(java.util.Set<String> flagKeys); }\n");
    while (m.find()) {
      String block = m.group(1);
      if (block.contains("public class ")) {
        continue;   // whole programs run in ReadmeQuickStartTest
      }
      List<String> params = new ArrayList<>();
      if (block.contains("client.") && !block.contains("FBClient client")) {
        params.add("dev.featbit.sdk.FBClient client");
      }
      if (block.matches("(?s).*\\buser\\b.*") && !block.contains("FBUser user")) {
        params.add("dev.featbit.sdk.FBUser user");
      }
      if (block.contains("log.")) {
        params.add("org.slf4j.Logger log");
      }
      if (block.contains("cache.")) {
        params.add("Cache cache");
      }
      if (block.contains("corporateTrustStore")) {
        params.add("java.security.KeyStore corporateTrustStore");
      }
      source.append("  static void fragment").append(n++).append('(').append(String.join(", ", params))
          .append(") throws Exception {\n").append(block).append("  }\n");
    }
    source.append("}\n");
    assertThat(n).isGreaterThanOrEqualTo(5);
    Path file = dir.resolve("ReadmeFragments.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
    int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "-proc:none",
        "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
    assertThat(rc).as("javac:%n%s%n%s", source, diagnostics.toString(StandardCharsets.UTF_8)).isZero();
  }

  /**
   * The configuration example, run: without {@code FEATBIT_ENV_SECRET} every area setting is applied and
   * {@code build()} stops at the missing secret, naming it.
   */
  @Test
  void configurationAreas() {
    if (System.getenv("FEATBIT_ENV_SECRET") == null) {
      assertThatThrownBy(ReadmeVerbatimTest::configurationExample).isInstanceOf(FBConfigException.class)
          .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo("envSecret"));
    } else {
      FBConfig c = configurationExample();
      assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(15));
      assertThat(c.events().capacity()).isEqualTo(50_000);
      assertThat(c.http().headers()).containsEntry("X-Tenant", "shop");
      assertThat(c.defaults()).containsEntry("new-checkout", "false");
    }
  }

  static FBConfig configurationExample() {
    FBConfig config = FBConfig.builder(System.getenv("FEATBIT_ENV_SECRET"))
        .streamingUrl("wss://featbit.example.com")
        .dataSync(Components.streaming().pingInterval(Duration.ofSeconds(15)))     // or polling(), noDataSync(), customDataSource(f)
        .events(Components.events().capacity(50_000).flushInterval(Duration.ofSeconds(2)))   // or noEvents()
        .http(Components.http().connectTimeout(Duration.ofSeconds(3)).header("X-Tenant", "shop"))
        .dataStore(Components.inMemoryDataStore())                                  // or persistentDataStore(factory)
        .flagDefault("new-checkout", "false")                                      // answers while no data says otherwise
        .build();
    return config;
  }

  /** Compiled only: it needs a real FeatBit server. */
  @SuppressWarnings("unused")
  static void onlineQuickStart() {
    FBConfig config = FBConfig.builder(System.getenv("FEATBIT_ENV_SECRET"))   // the environment's server secret
        .streamingUrl("wss://featbit.example.com")                           // evaluation server, port 5100 by default
        .build();
    try (FBClient client = new FBClient(config)) {            // waits up to startWait (5 s) for the first data set
      if (!client.isInitialized()) { /* evaluations return fallbacks until data arrives; sync goes on */ }
      boolean on = client.boolVariation("new-checkout", FBUser.builder("user-42").build(), false);
    }
  }

  /** Compiled only: it needs a proxy, a private CA and a real FeatBit server. */
  @SuppressWarnings("unused")
  static FBConfig httpSettings(KeyStore corporateTrustStore) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(corporateTrustStore);                               // a KeyStore holding the CA certificate
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);

    FBConfig config = FBConfig.builder(System.getenv("FEATBIT_ENV_SECRET"))
        .streamingUrl("wss://featbit.internal.example")
        .http(Components.http()
            .connectTimeout(Duration.ofSeconds(3))
            .proxy("proxy.corp.example", 3128)
            .proxyAuthentication("svc-featbit", System.getenv("PROXY_PASSWORD"))
            .header("X-Gateway-Key", System.getenv("GATEWAY_KEY"))
            .sslContext(tls))
        .build();
    return config;
  }

  static EventStats events(FBClient client, FBUser user) {
    client.trackMetric(user, "checkout");                 // numericValue 1.0
    client.trackMetric(user, "order-value", 129.95);
    client.identify(user);                                // user-only insight
    client.flush();                                       // send now, return at once
    boolean done = client.flushAndWait(Duration.ofSeconds(2));
    EventStats stats = client.eventStats();            // accepted, sent, dropped, failed
    assertThat(done).isTrue();
    return stats;
  }

  /** What the status snippet calls {@code cache}. */
  static final class Cache {
    final Set<String> invalidated = ConcurrentHashMap.newKeySet();
    final java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);

    void invalidate(Set<String> keys) {
      invalidated.addAll(keys);
      if (keys.contains("new-checkout")) {
        changed.countDown();
      }
    }
  }

  static void statusAndListeners(FBClient client, FBUser user, Logger log, Cache cache) {
    DataUpdateStatusProvider status = client.dataUpdateStatusProvider();
    status.state();                                  // NOT_READY, READY, STALE, CLOSED
    status.status().lastError();                     // kind (NETWORK, SERVER_STATUS, REJECTED, ...), message, time
    status.waitForReady(Duration.ofSeconds(10));        // READY, TIMED_OUT, REJECTED or CLOSED
    status.addStatusListener(s -> log.info("FeatBit sync {}", s.state()));

    FlagTracker tracker = client.flagTracker();
    tracker.addFlagChangeListener(e -> cache.invalidate(e.flagKeys()));      // segment changes resolved to flags
    Subscription sub = tracker.addFlagValueChangeListener("new-checkout", user,
        e -> log.info("{} is now {}", e.flagKey(), e.newValue().value()));  // only when this user's value changes
    sub.close();
  }

  @Test
  void eventsAndStatusSnippetsRunAgainstTheTestKit() throws Exception {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("new-checkout").serve(false));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).build();
      try (FBClient client = new FBClient(config)) {
        FBUser user = FBUser.builder("user-42").build();
        Cache cache = new Cache();
        statusAndListeners(client, user, LoggerFactory.getLogger("readme"), cache);
        server.upsertFlag(TestFlag.bool("new-checkout").serve(true));
        assertThat(cache.changed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        EventStats stats = events(client, user);
        assertThat(stats.sent()).isEqualTo(stats.accepted()).isEqualTo(3);
      }
    }
  }

  @Test
  void testKitSnippetRuns() {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("new-checkout").serve(false).targets(true, "qa-1"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).build();
      try (FBClient client = new FBClient(config)) {
        server.upsertFlag(TestFlag.bool("new-checkout").serve(true));    // pushed to the client as a patch
        server.dropAllConnections();                                    // or closeAll(code), stop()/restart(),
        server.refuseConnections(503, "2");                             // delayAnswers(d), answerPings(false),
        server.scriptInsightResponses(ScriptedResponse.status(500));    // sendRawToAll("not json"), ...
        server.await(s -> s.acceptedConnections() == 2, Duration.ofSeconds(5));
      }
    }
  }
}
