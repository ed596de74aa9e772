package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatusProvider.ReadyResult;
import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks of FeatBit's acceptance checklist that need a whole client: documented defaults, option mutation
 * after {@code build()}, an empty full data set, readiness seen from a status callback, isolated clients and
 * the content of the skip logs (docs/conformance.md maps every check to its tests).
 */
class AcceptanceChecksTest {
  static final Duration T = Duration.ofSeconds(10);
  static final FBUser U = FBUser.builder("user-1").build();
  static final Path README = Path.of("../README.md");
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

  FBConfig.Builder online() {
    return FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).startWait(T)
        .firstRetryDelay(Duration.ofMillis(20)).maxRetryDelay(Duration.ofMillis(200)).disableEvents();
  }

  // ------------------------------------------------------------------------------------------ defaults

  /** One row of a configuration table of the README: the option's name and its documented default. */
  static final class Row {
    final String option;
    final String documented;

    Row(String option, String documented) {
      this.option = option;
      this.documented = documented;
    }

    @Override
    public String toString() {
      return option + " = " + documented;
    }
  }

  /** Every row of every README table whose second column is "Default"; the option is the first code span. */
  static List<Row> readmeDefaults() throws Exception {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>();
    Pattern firstCode = Pattern.compile("`([A-Za-z]+)");
    for (int i = 0; i < lines.size(); i++) {
      String[] header = lines.get(i).split("\\|");
      if (header.length < 3 || !header[2].trim().equals("Default")) {
        continue;
      }
      for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
        String[] cells = lines.get(i).split("\\|");
        Matcher m = firstCode.matcher(cells[1]);
        assertThat(m.find()).as("README row without an option in code: %s", lines.get(i)).isTrue();
        rows.add(new Row(m.group(1), cells[2].trim()));
      }
    }
    return rows;
  }

  /** A documented default in the README's forms: {@code 5 s}, {@code 10,000}, {@code `false`}. */
  static Object parse(String documented) {
    Matcher d = Pattern.compile("([\\d,]+) (ms|s|min)").matcher(documented);
    if (d.matches()) {
      long n = Long.parseLong(d.group(1).replace(",", ""));
      return d.group(2).equals("ms") ? Duration.ofMillis(n)
          : d.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }
    if (documented.matches("[\\d,]+")) {
      return Long.parseLong(documented.replace(",", ""));
    }
    if (documented.matches("`(true|false)`")) {
      return Boolean.parseBoolean(documented.replace("`", ""));
    }
    return documented; // a phrase: checked by the option's own check
  }

  /**
   * Every option in the README's configuration tables has the default the README states: the tables are read
   * here, so a changed default, a changed wording or a new row without a check fails this test.
   */
  @Test
  void everyDocumentedDefaultIsTheDefault() throws Exception {
    String secret = Secrets.newSecret();
    FBConfig c = FBConfig.builder(secret).streamingUrl("wss://featbit.example.com").build();
    FBConfig plain = FBConfig.builder(secret).streamingUrl("ws://featbit.example.com:5100").build();
    Map<String, Consumer<Object>> checks = new LinkedHashMap<>();
    checks.put("envSecret", d -> {
      assertThat(d).isEqualTo("required online");
      assertThatThrownBy(() -> FBConfig.builder(null).streamingUrl("wss://x.example.com").build())
          .isInstanceOfSatisfying(FBConfigException.class, e -> assertThat(e.setting()).isEqualTo("envSecret"));
      assertThat(FBConfig.builder(null).offline(true).build().isOffline()).isTrue();
    });
    checks.put("streamingUrl", d -> {
      assertThat(d).isEqualTo("required for streaming");
      assertThatThrownBy(() -> FBConfig.builder(secret).build())
          .isInstanceOfSatisfying(FBConfigException.class, e -> assertThat(e.setting()).isEqualTo("streamingUrl"));
      assertThat(c.dataSyncMode()).isEqualTo(FBConfig.DataSyncMode.STREAMING);
    });
    checks.put("eventsUrl", d -> {
      assertThat(d).isEqualTo("streaming URL with `ws`→`http`, `wss`→`https`");
      assertThat(c.eventsUrl()).isEqualTo("https://featbit.example.com");
      assertThat(plain.eventsUrl()).isEqualTo("http://featbit.example.com:5100");
    });
    checks.put("pollingUrl", d -> {
      assertThat(d).isEqualTo("the events URL");
      assertThat(c.pollingUrl()).isEqualTo(c.eventsUrl());
      assertThat(plain.pollingUrl()).isEqualTo(plain.eventsUrl());
    });
    checks.put("offline", d -> assertThat(d).isEqualTo(c.isOffline()));
    checks.put("bootstrap", d -> {
      assertThat(d).isEqualTo("none");
      assertThat(c.bootstrapJson()).isNull();
    });
    checks.put("bootstrapFile", checks.get("bootstrap"));
    checks.put("bootstrapResource", checks.get("bootstrap"));
    checks.put("snapshotFile", d -> {
      assertThat(d).isEqualTo("none");
      assertThat(c.dataStore().snapshotFile()).isNull();
    });
    checks.put("snapshotInterval", d -> assertThat(d).isEqualTo(c.dataStore().snapshotInterval()));
    checks.put("startWait", d -> assertThat(d).isEqualTo(c.startWait()));
    checks.put("regexStepBudget", d -> assertThat(d).isEqualTo(c.regexStepBudget()));
    checks.put("evaluationMetrics", d -> assertThat(d).isEqualTo(c.isEvaluationMetricsEnabled()));
    checks.put("flagDefault", d -> {
      assertThat(d).isEqualTo("none");
      assertThat(c.defaults()).isEmpty();
    });
    checks.put("clock", d -> {
      assertThat(d).isEqualTo("system clock, the client's own `featbit-tasks` thread");
      assertThat(c.clock()).as("null: the system clock").isNull();
      assertThat(c.scheduler()).as("null: the client's own scheduler").isNull();
    });
    checks.put("pingInterval", d -> assertThat(d).isEqualTo(c.pingInterval()).isEqualTo(c.dataSync().pingInterval()));
    checks.put("firstRetryDelay", d -> assertThat(d).isEqualTo(c.firstRetryDelay()));
    checks.put("maxRetryDelay", d -> assertThat(d).isEqualTo(c.maxRetryDelay()));
    checks.put("pollingInterval", d -> assertThat(d).isEqualTo(c.pollingInterval()));
    checks.put("pollingRequestTimeout", d -> assertThat(d).isEqualTo(c.pollingRequestTimeout()));
    checks.put("pollingFallbackAfter", d -> assertThat(d).isEqualTo(c.pollingFallbackAfter()));
    checks.put("capacity", d -> assertThat(d).isEqualTo((long) c.eventCapacity())
        .isEqualTo((long) c.events().capacity()));
    checks.put("flushInterval", d -> assertThat(d).isEqualTo(c.flushInterval()));
    checks.put("batchSize", d -> assertThat(d).isEqualTo((long) c.eventBatchSize()));
    checks.put("maxConcurrentRequests", d -> assertThat(d).isEqualTo((long) c.maxConcurrentEventRequests()));
    checks.put("maxAttempts", d -> assertThat(d).isEqualTo((long) c.eventMaxAttempts()));
    checks.put("requestTimeout", d -> assertThat(d).isEqualTo(c.eventRequestTimeout()));
    checks.put("shutdownTimeout", d -> assertThat(d).isEqualTo(c.shutdownTimeout()));
    checks.put("connectTimeout", d -> assertThat(d).isEqualTo(c.connectTimeout())
        .isEqualTo(c.http().connectTimeout()));
    checks.put("proxy", d -> {
      assertThat(d).isIn("direct", "none");
      assertThat(c.http().proxy()).isNull();
      assertThat(c.http().proxySelector()).isNull();
    });
    checks.put("proxySelector", checks.get("proxy"));
    checks.put("proxyAuthentication", d -> {
      assertThat(d).isEqualTo("none");
      assertThat(c.http().hasProxyCredentials()).isFalse();
      assertThat(c.http().proxyUsername()).isNull();
    });
    checks.put("header", d -> {
      assertThat(d).isEqualTo("none");
      assertThat(c.http().headers()).isEmpty();
    });
    checks.put("sslContext", d -> {
      assertThat(d).isIn("the JVM's trust", "the JVM's trust store");
      assertThat(c.http().sslContext()).as("null: the JVM's default trust").isNull();
    });
    checks.put("cacheForever", d -> {
      assertThat(d).isEqualTo("yes");
      assertThat(c.dataStore().cacheTtl()).isNull();
      assertThat(c.dataStore().persistentFactory()).as("in memory by default").isNull();
    });
    checks.put("cacheTtl", d -> {
      assertThat(d).isEqualTo("off");
      assertThat(c.dataStore().cacheTtl()).isNull();
    });

    List<Row> rows = readmeDefaults();
    assertThat(rows).as("the README's configuration tables").hasSizeGreaterThanOrEqualTo(30);
    List<String> unchecked = new ArrayList<>();
    for (Row row : rows) {
      Consumer<Object> check = checks.get(row.option);
      if (check == null) {
        unchecked.add(row.toString());
        continue;
      }
      try {
        check.accept(parse(row.documented));
      } catch (AssertionError e) {
        throw new AssertionError("README default of " + row + ": " + e.getMessage(), e);
      }
    }
    assertThat(unchecked).as("README options this test does not check").isEmpty();
    assertThat(rows.stream().map(r -> r.option).collect(Collectors.toSet()))
        .as("every check has a README row").containsAll(checks.keySet());
  }

  // ------------------------------------------------------------------------------------------ mutation

  /** Changing a builder, or an area builder, after {@code build()} changes nothing in the built config. */
  @Test
  void changingABuilderAfterBuildChangesNothingBuilt() {
    String secret = Secrets.newSecret();
    var events = Components.events().capacity(123);
    var http = Components.http().header("X-Tenant", "shop");
    var sync = Components.streaming().pingInterval(Duration.ofSeconds(15));
    FBConfig.Builder b = FBConfig.builder(secret).streamingUrl("wss://a.example.com").events(events).http(http)
        .dataSync(sync).flagDefault("f", "x").startWait(Duration.ofSeconds(2));
    FBConfig c = b.build();
    String before = c.toString();

    b.streamingUrl("wss://b.example.com").startWait(Duration.ofSeconds(9)).flagDefault("g", "y")
        .pingInterval(Duration.ofSeconds(30)).eventCapacity(7).connectTimeout(Duration.ofSeconds(1))
        .regexStepBudget(5).offline(true).disableEvents();
    events.capacity(999).flushInterval(Duration.ofSeconds(9));
    http.header("X-Other", "1").connectTimeout(Duration.ofSeconds(2));
    sync.pingInterval(Duration.ofSeconds(40));
    b.build(); // building again must not write through either

    assertThat(c.toString()).isEqualTo(before);
    assertThat(c.streamingUrl()).isEqualTo("wss://a.example.com");
    assertThat(c.startWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.defaults()).containsOnlyKeys("f");
    assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.eventCapacity()).isEqualTo(123);
    assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.http().headers()).containsOnlyKeys("X-Tenant");
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.regexStepBudget()).isEqualTo(1_000_000);
    assertThat(c.isOffline()).isFalse();
    assertThat(c.isEventsDisabled()).isFalse();
    assertThatThrownBy(() -> c.defaults().put("h", "z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.http().headers().put("h", "z")).isInstanceOf(UnsupportedOperationException.class);
  }

  // ------------------------------------------------------------------------------------------ empty full

  /** An online client that receives an empty full data set is initialized and READY, and answers. */
  @Test
  void anEmptyFullDataSetInitializesAnOnlineClient() {
    server.load("{\"featureFlags\":[],\"segments\":[]}");
    assertThat(server.flagKeys()).isEmpty();
    FBClient c = client(online());
    assertThat(c.isInitialized()).isTrue();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.READY);
    assertThat(c.getAllLatestFlagVariations(U).size()).isZero();
    EvalDetail<Boolean> d = c.boolVariationDetail("flag-a", U, true);
    assertThat(d.errorKind()).isEqualTo(EvalDetail.ErrorKind.FLAG_NOT_FOUND);
    assertThat(d.value()).isTrue();
    // data arriving later is served
    server.upsertFlag(TestFlag.bool("flag-b"));
    assertThat(server.await(s -> c.isFlagKnown("flag-b"), T)).isTrue();
  }

  /** An open connection that has not delivered a full data set does not make the client ready. */
  @Test
  void aHandshakeAloneDoesNotInitialize() {
    server.delayAnswers(Duration.ofMillis(1500));
    FBClient c = client(online().startWait(Duration.ZERO));
    assertThat(server.await(s -> s.acceptedConnections() >= 1, T)).isTrue();
    assertThat(c.isInitialized()).isFalse();
    assertThat(c.dataUpdateStatusProvider().state()).isEqualTo(State.NOT_READY);
    assertThat(c.boolVariationDetail("flag-a", U, false).reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
    assertThat(c.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.READY);
    assertThat(c.boolVariationDetail("flag-a", U, false).reason()).isEqualTo(ReasonKind.FALLTHROUGH);
  }

  /** Invalid metric events are refused one by one: the valid events around them are sent. */
  @Test
  void invalidEventsAreRefusedAloneAndTheValidOnesAroundThemSent() {
    FBClient c = client(online().events(Components.events()));
    FBUser u = FBUser.builder("u-1").build();
    c.trackMetric(u, "first-metric");
    c.trackMetric(u, "nan-metric", Double.NaN);
    c.trackMetric(null, "no-user-metric");
    c.trackMetric(u, " ");
    c.trackMetric(u, "infinite-metric", Double.POSITIVE_INFINITY);
    c.trackMetric(u, "last-metric", 2.5);
    assertThat(c.flushAndWait(T)).isTrue();
    String bodies = server.insightRequests().stream().map(r -> r.body()).collect(Collectors.joining("\n"));
    assertThat(bodies).contains("first-metric").contains("last-metric").doesNotContain("nan-metric")
        .doesNotContain("no-user-metric").doesNotContain("infinite-metric");
    assertThat(c.eventStats().accepted()).isEqualTo(2);
    assertThat(c.eventStats().dropped()).isZero();
  }

  // ------------------------------------------------------------------------------------------ readiness

  /** On READY, a status listener sees the client initialized and its evaluations answer from the new data. */
  @Test
  void readinessIsVisibleFromInsideTheStatusCallback() throws Exception {
    server.delayUpgrades(Duration.ofMillis(300)); // the listener is registered before the data can arrive
    FBClient c = client(online().startWait(Duration.ZERO));
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    c.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == State.READY) {
        seen.add(c.isInitialized() + " " + c.dataUpdateStatusProvider().state() + " "
            + c.boolVariationDetail("flag-a", U, false).reason() + " " + c.stringVariation("theme", U, "?"));
      }
    });
    assertThat(c.isInitialized()).as("registered before the data arrived").isFalse();
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("true READY FALLTHROUGH light");
  }

  // ------------------------------------------------------------------------------------------ isolation

  /**
   * A client whose secret is rejected and a client that was closed share the JVM with a healthy one: the
   * healthy one keeps receiving changes and notifying, the others change nothing and hear nothing.
   */
  @Test
  @AllowLogs("featbit.sync")
  void rejectedAndClosedClientsBesideAHealthyOneDoNotInterfere() throws Exception {
    FBClient healthy = client(online());
    List<String> healthyChanges = new CopyOnWriteArrayList<>();
    BlockingQueue<String> healthyQueue = new LinkedBlockingQueue<>();
    healthy.flagTracker().addFlagChangeListener(e -> {
      healthyChanges.addAll(e.flagKeys());
      healthyQueue.addAll(e.flagKeys());
    });

    String otherSecret = Secrets.newSecret();
    FBClient rejected = client(FBConfig.builder(otherSecret).streamingUrl(server.streamingUrl()).startWait(T)
        .disableEvents());
    assertThat(rejected.dataUpdateStatusProvider().waitForReady(T)).isEqualTo(ReadyResult.REJECTED);
    List<String> rejectedChanges = new CopyOnWriteArrayList<>();
    rejected.flagTracker().addFlagChangeListener(e -> rejectedChanges.addAll(e.flagKeys()));

    FBClient closed = client(online());
    assertThat(closed.isInitialized()).isTrue();
    List<String> closedChanges = new CopyOnWriteArrayList<>();
    closed.flagTracker().addFlagChangeListener(e -> closedChanges.addAll(e.flagKeys()));
    closed.close();

    assertThat(healthy.dataUpdateStatusProvider().state()).isEqualTo(State.READY);
    server.upsertFlag(TestFlag.strings("theme", "light", "dark").serve("dark"));
    assertThat(healthyQueue.poll(10, TimeUnit.SECONDS)).isEqualTo("theme");
    assertThat(healthy.stringVariation("theme", U, "?")).isEqualTo("dark");

    // the rejected client stays without data, the closed one keeps what it had
    assertThat(rejected.isInitialized()).isFalse();
    assertThat(rejected.stringVariationDetail("theme", U, "?").reason()).isEqualTo(ReasonKind.CLIENT_NOT_READY);
    assertThat(rejected.dataUpdateStatusProvider().state()).isEqualTo(State.CLOSED);
    assertThat(closed.stringVariation("theme", U, "?")).isEqualTo("light");
    assertThat(closed.isClosed()).isTrue();
    assertThat(rejectedChanges).isEmpty();
    assertThat(closedChanges).isEmpty();

    // closing the others leaves the healthy client running
    rejected.close();
    server.upsertFlag(TestFlag.bool("flag-c"));
    assertThat(healthyQueue.poll(10, TimeUnit.SECONDS)).isEqualTo("flag-c");
    assertThat(healthy.isClosed()).isFalse();
    assertThat(healthyChanges).containsExactly("theme", "flag-c");
    assertThat(server.rejectedConnections()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------ skip logs

  /**
   * A skipped entity is logged with its array, index and (when it has one) key or id: never a value, a rule,
   * a target's key or the environment secret.
   */
  @Test
  @AllowLogs("featbit.store")
  void skipLogsNameTheEntityByIndexAndKeyOnly() throws Exception {
    FBClient c = client(online());
    try (LogCapture logs = new LogCapture()) {
      String secretValue = "VALUE-" + server.secret().substring(5, 15);
      server.sendRawToAll("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"patch\",\"featureFlags\":["
          + "{\"name\":\"no key\",\"variations\":[{\"id\":\"v\",\"value\":\"" + secretValue + "\"}],"
          + "\"updatedAt\":\"2030-01-01T00:00:00Z\"},"
          + "{\"key\":\"no-date\",\"targetUsers\":[{\"keyIds\":[\"target-user-key\"],\"variationId\":\"v\"}],"
          + "\"variations\":[{\"id\":\"v\",\"value\":\"" + secretValue + "\"}]},"
          + "\"a string\"],"
          + "\"segments\":[{\"name\":\"no id\",\"included\":[\"member-key\"],\"updatedAt\":\"2030-01-01T00:00:00Z\"}]}}");
      assertThat(logs.awaitLines(l -> l.startsWith("ERROR Skipped"), 4, T)).isPositive();
      List<String> skipped = logs.lines().stream().filter(l -> l.startsWith("ERROR Skipped"))
          .collect(Collectors.toList());
      assertThat(skipped).containsExactly(
          "ERROR Skipped featureFlags[0]: no usable 'key'",
          "ERROR Skipped featureFlags[1] 'no-date': no usable 'updatedAt'",
          "ERROR Skipped featureFlags[2]: not a JSON object",
          "ERROR Skipped segments[0]: no usable 'id'");
      String all = String.join("\n", logs.lines());
      assertThat(all).doesNotContain(secretValue).doesNotContain("target-user-key").doesNotContain("member-key")
          .doesNotContain("a string").doesNotContain(server.secret());
    }
    assertThat(c.stringVariation("theme", U, "?")).as("the data is kept").isEqualTo("light");
  }
}
