package dev.featbit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.spi.DataKind;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import dev.featbit.sdk.spi.StoredItem;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** URI, AUTH with an ACL user, database index, TLS, timeouts; and the password never appears in a log. */
class ConnectionSettingsTest {
  static final String ENV = "0123456789abcdef0123456789abcdef";
  static final String PASSWORD = "s3cret-Pa55word";

  static StoredItem item(String key) {
    return new StoredItem(key, 1, false, "{\"key\":\"" + key + "\"}");
  }

  @Test
  void badSettingsFailAtBuildNamingTheSetting() {
    assertSetting(RedisDataStore.builder().uri("http://localhost:6379"), "uri");
    assertSetting(RedisDataStore.builder().uri("redis://"), "uri");
    assertSetting(RedisDataStore.builder().uri("redis://host/not-a-number"), "uri");
    assertSetting(RedisDataStore.builder().uri(""), "uri");
    assertSetting(RedisDataStore.builder().database(-1), "database");
    assertSetting(RedisDataStore.builder().user("u"), "password");
    assertSetting(RedisDataStore.builder().prefix("has space"), "prefix");
    assertSetting(RedisDataStore.builder().environmentId("a/b"), "environmentId");
    assertSetting(RedisDataStore.builder().connectTimeout(Duration.ZERO), "connectTimeout");
    assertSetting(RedisDataStore.builder().socketTimeout(null), "socketTimeout");
    assertSetting(RedisDataStore.builder().maxConnections(0), "maxConnections");
    assertThat(RedisDataStore.builder().uri("rediss://user:" + PASSWORD + "@redis.internal:6380/2").build())
        .isNotNull();
  }

  static void assertSetting(RedisDataStoreBuilder b, String setting) {
    assertThatThrownBy(b::build).isInstanceOf(FBConfigException.class)
        .satisfies(e -> assertThat(((FBConfigException) e).setting()).isEqualTo(setting));
  }

  @Test
  void descriptionsNeverShowThePassword() {
    RedisDataStoreBuilder b = RedisDataStore.builder().uri("redis://featbit:" + PASSWORD + "@127.0.0.1:1/4");
    assertThat(b.toString()).doesNotContain(PASSWORD).contains("redis://***@127.0.0.1:1/4");
    PersistentDataStoreFactory f = b.build();
    assertThat(f.toString()).doesNotContain(PASSWORD).contains("as featbit with AUTH").contains("/4");
    assertThat(RedisDataStoreBuilder.redact("redis://:" + PASSWORD + "@h:1")).isEqualTo("redis://***@h:1");
    assertThat(RedisDataStoreBuilder.redact("redis://h:1")).isEqualTo("redis://h:1");
    try (RedisDataStore s = b.open(ENV)) {
      assertThat(s.toString()).doesNotContain(PASSWORD).contains("featbit:" + ENV);
    }
  }

  @Test
  void anAclUserAuthenticatesAndTheDatabaseIndexApplies() throws Exception {
    try (RedisTestServer redis = Redis.start("--requirepass", "default-" + PASSWORD,
        "--user", "featbit", "on", ">" + PASSWORD, "~*", "&*", "+@all")) {
      // the user and password from the URI (URL-encoded)
      try (RedisDataStore s = RedisDataStore.builder()
          .uri("redis://featbit:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/5").open(ENV)) {
        s.init(Collections.singletonMap("a", item("a")), Collections.emptyMap());
        assertThat(s.getAll(DataKind.FLAGS)).containsOnlyKeys("a");
      }
      // the same from setters; database 5 holds it, 0 does not
      try (RedisDataStore s5 = RedisDataStore.builder().uri(redis.uri()).user("featbit").password(PASSWORD)
          .database(5).open(ENV);
          RedisDataStore s0 = RedisDataStore.builder().uri(redis.uri()).user("featbit").password(PASSWORD)
              .open(ENV)) {
        assertThat(s5.isInitialized()).isTrue();
        assertThat(s0.isInitialized()).isFalse();
      }
      // the default user with requirepass
      try (RedisDataStore s = RedisDataStore.builder().uri(redis.uri()).password("default-" + PASSWORD)
          .database(5).open(ENV)) {
        assertThat(s.isInitialized()).isTrue();
      }
    }
  }

  @Test
  void aWrongPasswordIsAStoreErrorAndNoLogLineHoldsThePassword() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG); // Jedis's own logging too
    try (RedisTestServer redis = Redis.start("--requirepass", "the-right-one")) {
      String wrong = "wrong-" + PASSWORD;
      FBConfig config = FBConfig.builder(Secrets.newSecret()).dataSync(Components.noDataSync())
          .dataStore(Components.persistentDataStore(RedisDataStore.builder()
              .uri("redis://featbit:" + wrong + "@127.0.0.1:" + redis.port()).build()))
          .disableEvents().build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isFalse();
        DataUpdateStatus.ErrorInfo e = client.dataUpdateStatusProvider().status().lastError();
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(DataUpdateStatus.ErrorKind.STORE);
        assertThat(e.message()).doesNotContain(wrong);
      }
      String log = appender.list.stream().map(ev -> ev.getFormattedMessage()
          + (ev.getThrowableProxy() != null ? " " + ev.getThrowableProxy().getMessage() : ""))
          .collect(Collectors.joining("\n"));
      assertThat(log).contains("The persistent data store failed").doesNotContain(PASSWORD);
    } finally {
      root.detachAppender(appender);
      root.setLevel(before);
    }
  }

  @Test
  void tlsWithAPrivateCaAndHostnameVerification() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate();
    Path dir = Files.createTempDirectory("featbit-redis-tls");
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Files.writeString(certFile, pem("CERTIFICATE", cert.certificate().getEncoded()));
    String alias = cert.keyStore().aliases().nextElement();
    Key key = cert.keyStore().getKey(alias, cert.password());
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    try (RedisTestServer redis = Redis.startTls("--tls-cert-file", certFile.toString(),
        "--tls-key-file", keyFile.toString(), "--tls-ca-cert-file", certFile.toString(),
        "--tls-auth-clients", "no", "--bind", "127.0.0.1", "127.0.0.2")) {
      try (RedisDataStore s = RedisDataStore.builder().uri("rediss://127.0.0.1:" + redis.port())
          .sslSocketFactory(cert.trustingContext().getSocketFactory()).open(ENV)) {
        s.init(Collections.singletonMap("a", item("a")), Collections.emptyMap());
        assertThat(s.getAll(DataKind.FLAGS)).containsOnlyKeys("a");
      }
      // the certificate is not for this name: refused, unless hostname verification is off
      try (RedisDataStore s = RedisDataStore.builder().uri("rediss://127.0.0.2:" + redis.port())
          .connectTimeout(Duration.ofMillis(500))
          .sslSocketFactory(cert.trustingContext().getSocketFactory()).open(ENV)) {
        assertThatThrownBy(s::isInitialized).isInstanceOf(RuntimeException.class);
      }
      try (RedisDataStore s = RedisDataStore.builder().uri("rediss://127.0.0.2:" + redis.port())
          .verifyHostname(false).sslSocketFactory(cert.trustingContext().getSocketFactory()).open(ENV)) {
        assertThat(s.isInitialized()).isTrue();
      }
      // without trusting the CA: refused
      try (RedisDataStore s = RedisDataStore.builder().uri("rediss://127.0.0.1:" + redis.port()).open(ENV)) {
        assertThatThrownBy(s::isInitialized).isInstanceOf(RuntimeException.class);
      }
      // plain text against the TLS port: refused
      try (RedisDataStore s = RedisDataStore.builder().uri("redis://127.0.0.1:" + redis.port())
          .socketTimeout(Duration.ofMillis(500)).open(ENV)) {
        assertThatThrownBy(s::isInitialized).isInstanceOf(RuntimeException.class);
      }
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
