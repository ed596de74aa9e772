package dev.featbit.redis;

import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.PersistentDataStore;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Configures a {@link RedisDataStore}; {@link #build()} checks the settings and gives the factory to pass to
 * {@code Components.persistentDataStore(...)}:
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(envSecret)
 *     .dataStore(Components.persistentDataStore(RedisDataStore.builder()
 *         .uri("rediss://redis.internal:6380/2")
 *         .user("featbit").password(System.getenv("REDIS_PASSWORD"))
 *         .build()))
 *     .build();
 * }</pre>
 *
 * <p>The URI gives the host, the port (default 6379), TLS ({@code rediss://}), the database index (its path)
 * and optionally {@code user:password@}; the explicit setters win over the URI. The password is never
 * logged, shown by {@link #toString()} or put in an exception message.
 *
 * @since 0.1.0
 */
public final class RedisDataStoreBuilder {
  /** The key prefix when none is set. */
  public static final String DEFAULT_PREFIX = "featbit";
  /** The connect and read timeout when none is set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** The most connections the pool opens when not set. */
  public static final int DEFAULT_MAX_CONNECTIONS = 8;

  private String uri = "redis://localhost:6379";
  private String user;
  private String password;
  private Integer database;
  private String prefix = DEFAULT_PREFIX;
  private String environmentId;
  private Duration connectTimeout = DEFAULT_TIMEOUT;
  private Duration socketTimeout = DEFAULT_TIMEOUT;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private SSLSocketFactory sslSocketFactory;
  private boolean verifyHostname = true;

  RedisDataStoreBuilder() {
  }

  /**
   * Where Redis is: {@code redis://[user:password@]host[:port][/database]}, or {@code rediss://...} for TLS.
   * Default {@code redis://localhost:6379}.
   *
   * @param uri the Redis URI
   * @return this builder
   */
  public RedisDataStoreBuilder uri(String uri) {
    this.uri = uri;
    return this;
  }

  /**
   * The ACL user name (Redis 6 and later); overrides the URI's. Without one, {@code AUTH} uses the password
   * alone (the {@code default} user).
   *
   * @param user the user name, or {@code null}
   * @return this builder
   */
  public RedisDataStoreBuilder user(String user) {
    this.user = user;
    return this;
  }

  /**
   * The password for {@code AUTH}; overrides the URI's. Never logged.
   *
   * @param password the password, or {@code null} for none
   * @return this builder
   */
  public RedisDataStoreBuilder password(String password) {
    this.password = password;
    return this;
  }

  /**
   * The database index; overrides the URI's path. Default 0.
   *
   * @param database the index, 0 or more
   * @return this builder
   */
  public RedisDataStoreBuilder database(int database) {
    this.database = database;
    return this;
  }

  /**
   * The first part of every key; the environment id follows it ({@code <prefix>:<environment id>:...}), so
   * environments share a Redis without mixing. Default {@value #DEFAULT_PREFIX}.
   *
   * @param prefix the prefix: letters, digits, {@code - _ . :}
   * @return this builder
   */
  public RedisDataStoreBuilder prefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  /**
   * The environment whose data the store keeps, when it is not the one encoded in the client's env secret
   * (the default).
   *
   * @param environmentId the environment id: letters, digits, {@code - _}
   * @return this builder
   */
  public RedisDataStoreBuilder environmentId(String environmentId) {
    this.environmentId = environmentId;
    return this;
  }

  /**
   * How long connecting (TCP and TLS handshake) may take. Default 2 s.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public RedisDataStoreBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * How long one command may wait for its answer. Default 2 s.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public RedisDataStoreBuilder socketTimeout(Duration timeout) {
    this.socketTimeout = timeout;
    return this;
  }

  /**
   * The most connections the pool opens (a daemon's change subscription holds one of them). Default
   * {@value #DEFAULT_MAX_CONNECTIONS}.
   *
   * @param maxConnections 2 or more
   * @return this builder
   */
  public RedisDataStoreBuilder maxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
    return this;
  }

  /**
   * The TLS socket factory for {@code rediss://} (e.g. from an {@code SSLContext} that trusts a private CA).
   * Default: the JVM's default trust store.
   *
   * @param factory the socket factory, or {@code null} for the default
   * @return this builder
   */
  public RedisDataStoreBuilder sslSocketFactory(SSLSocketFactory factory) {
    this.sslSocketFactory = factory;
    return this;
  }

  /**
   * Whether TLS checks that the server's certificate names the URI's host. Default true.
   *
   * @param verify false only for test set-ups
   * @return this builder
   */
  public RedisDataStoreBuilder verifyHostname(boolean verify) {
    this.verifyHostname = verify;
    return this;
  }

  /**
   * Checks the settings and returns the factory that opens the store when a client starts.
   *
   * @return the factory for {@code Components.persistentDataStore(...)}
   * @throws FBConfigException when a setting is invalid; it names the setting
   */
  public PersistentDataStoreFactory build() {
    Settings s = settings();
    return new Factory(s);
  }

  /** Opens a store outside a client (for tools and tests). */
  RedisDataStore open(String environment) {
    return settings().open(environment);
  }

  private Settings settings() {
    if (uri == null || uri.isEmpty()) {
      throw new FBConfigException("uri", "a Redis URI is required, e.g. redis://localhost:6379");
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new FBConfigException("uri", "not a URI (" + e.getReason() + "); expected "
          + "redis://[user:password@]host[:port][/database]");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new FBConfigException("uri", "the scheme must be redis:// or rediss:// (TLS), not '" + scheme + "'");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new FBConfigException("uri", "the URI has no host; expected redis://host[:port][/database]");
    }
    Settings s = new Settings();
    s.tls = scheme.equals("rediss");
    s.host = u.getHost();
    s.port = u.getPort() < 0 ? 6379 : u.getPort();
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      String uriUser = colon < 0 ? null : decode(info.substring(0, colon));
      String uriPassword = decode(colon < 0 ? info : info.substring(colon + 1));
      s.user = uriUser == null || uriUser.isEmpty() ? null : uriUser;
      s.password = uriPassword.isEmpty() ? null : uriPassword;
    }
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      try {
        s.database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new FBConfigException("uri", "the URI's path must be the database index (e.g. /2)");
      }
    }
    if (user != null) {
      s.user = user.isEmpty() ? null : user;
    }
    if (password != null) {
      s.password = password.isEmpty() ? null : password;
    }
    if (database != null) {
      s.database = database;
    }
    if (s.database < 0) {
      throw new FBConfigException("database", "the database index must be 0 or more");
    }
    if (s.user != null && s.password == null) {
      throw new FBConfigException("password", "a user name needs a password");
    }
    if (prefix == null || !prefix.matches("[A-Za-z0-9_.:-]{1,100}")) {
      throw new FBConfigException("prefix", "1 to 100 letters, digits, '-', '_', '.' or ':'");
    }
    if (environmentId != null && !environmentId.matches("[A-Za-z0-9_-]{1,100}")) {
      throw new FBConfigException("environmentId", "1 to 100 letters, digits, '-' or '_'");
    }
    s.connectTimeout = millis("connectTimeout", connectTimeout);
    s.socketTimeout = millis("socketTimeout", socketTimeout);
    if (maxConnections < 2) {
      throw new FBConfigException("maxConnections", "2 or more (the change subscription holds one)");
    }
    s.maxConnections = maxConnections;
    s.prefix = prefix;
    s.environmentId = environmentId;
    s.sslSocketFactory = sslSocketFactory;
    s.verifyHostname = verifyHostname;
    return s;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int millis(String setting, Duration d) {
    if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
      throw new FBConfigException(setting, "a positive duration is required");
    }
    return (int) d.toMillis();
  }

  /**
   * Describes the settings without the password.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "RedisDataStoreBuilder{uri " + redact(uri) + ", prefix " + prefix + "}";
  }

  /** A Redis URI without its credentials. */
  static String redact(String uri) {
    if (uri == null) {
      return "null";
    }
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
    }
    return uri;
  }

  /** The checked settings (immutable once built). */
  static final class Settings {
    boolean tls;
    String host;
    int port;
    String user;
    String password;
    int database;
    String prefix;
    String environmentId;
    int connectTimeout;
    int socketTimeout;
    int maxConnections;
    SSLSocketFactory sslSocketFactory;
    boolean verifyHostname;

    DefaultJedisClientConfig clientConfig() {
      DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(connectTimeout)
          .socketTimeoutMillis(socketTimeout)
          .database(database)
          .clientName("featbit-java")
          .resp2();
      if (password != null) {
        c.password(password);
        if (user != null) {
          c.user(user);
        }
      }
      if (tls) {
        c.ssl(true);
        if (sslSocketFactory != null) {
          c.sslSocketFactory(sslSocketFactory);
        }
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        c.sslParameters(p);
        if (!verifyHostname) {
          c.hostnameVerifier((host, session) -> true);
        }
      }
      return c.build();
    }

    String describe() {
      return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database
          + (user != null ? " as " + user : "") + (password != null ? " with AUTH" : "");
    }

    RedisDataStore open(String environment) {
      String env = environmentId != null ? environmentId : environment;
      if (env == null) {
        throw new FBConfigException("environmentId", "no environment id: give the client an env secret, or set "
            + "RedisDataStore.builder().environmentId(...)");
      }
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(maxConnections);
      pool.setMaxIdle(maxConnections);
      pool.setMinIdle(0);
      pool.setTestOnBorrow(true); // a connection broken by a Redis restart is replaced, not handed out
      pool.setMaxWait(Duration.ofMillis(socketTimeout));
      pool.setJmxEnabled(false);
      RedisClient client = RedisClient.builder().hostAndPort(new HostAndPort(host, port))
          .clientConfig(clientConfig()).poolConfig(pool).build();
      return new RedisDataStore(client, prefix + ":" + env, describe());
    }
  }

  /** The factory {@link #build()} returns. */
  private static final class Factory implements PersistentDataStoreFactory {
    private final Settings settings;

    Factory(Settings settings) {
      this.settings = settings;
    }

    @Override
    public PersistentDataStore create(ComponentContext context) {
      Objects.requireNonNull(context, "context");
      RedisDataStore store = settings.open(context.environmentId());
      store.checkNoticesOn(context.scheduler(), context.clock());
      return store;
    }

    @Override
    public String toString() {
      return "RedisDataStore factory{" + settings.describe() + ", prefix " + settings.prefix + "}";
    }
  }
}
