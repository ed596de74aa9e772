package dev.featbit.sdk;

import dev.featbit.sdk.internal.Urls;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.BoundedRegex;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable client configuration.
 *
 * <pre>{@code
 * FBConfig online = FBConfig.builder(System.getenv("FEATBIT_ENV_SECRET"))
 *     .streamingUrl("wss://featbit.example.com")
 *     .eventsUrl("https://featbit.example.com")
 *     .build();
 * FBConfig offline = FBConfig.builder(null).offline(true).bootstrapFile(Path.of("featbit-data.json")).build();
 * }</pre>
 *
 * <p>URL joining (spec 1.2): all trailing {@code /} are removed from a base URL and the endpoint path is
 * appended, so a deployment prefix such as {@code https://gw.example.com/featbit} is kept with or without a
 * trailing slash.
 *
 * @since 0.1.0
 */
public final class FBConfig {
  /** Default {@link Builder#startWait(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(5);
  /** Default {@link Builder#regexStepBudget(long)}: 1,000,000 character reads per regex match. */
  public static final long DEFAULT_REGEX_STEP_BUDGET = BoundedRegex.DEFAULT_BUDGET;
  /** Default {@link Builder#pingInterval(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);
  /** Default {@link Builder#connectTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default {@link Builder#firstRetryDelay(Duration)}: 1 second. */
  public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(1);
  /** Default {@link Builder#maxRetryDelay(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(60);
  /** Default {@link Builder#pollingInterval(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(30);
  /** Default {@link Builder#pollingRequestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_POLLING_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link Builder#pollingFallbackAfter(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_POLLING_FALLBACK_AFTER = Duration.ofSeconds(60);

  /** Default {@link Builder#eventCapacity(int)}: 10,000 events. */
  public static final int DEFAULT_EVENT_CAPACITY = 10_000;
  /** Default {@link Builder#flushInterval(Duration)}: 1 second. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  /** Default {@link Builder#eventBatchSize(int)}: 50 events per request. */
  public static final int DEFAULT_EVENT_BATCH_SIZE = 50;
  /** Default {@link Builder#maxConcurrentEventRequests(int)}: 2. */
  public static final int DEFAULT_MAX_CONCURRENT_EVENT_REQUESTS = 2;
  /** Default {@link Builder#eventMaxAttempts(int)}: 3 attempts per batch. */
  public static final int DEFAULT_EVENT_MAX_ATTEMPTS = 3;
  /** Default {@link Builder#eventRequestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_EVENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link Builder#shutdownTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /** How flag data is synchronised online. */
  public enum DataSyncMode {
    /** WebSocket streaming with change pushes (default). */
    STREAMING,
    /** HTTP polling of {@code /api/public/sdk/server/latest-all}. */
    POLLING
  }

  private final String envSecret;
  private final String streamingUrl;
  private final String eventsUrl;
  private final boolean offline;
  private final String bootstrapJson;
  private final Duration startWait;
  private final boolean eventsDisabled;
  private final long regexStepBudget;
  private final DataSyncMode dataSyncMode;
  private final String pollingUrl;
  private final Duration pollingInterval;
  private final Duration pollingRequestTimeout;
  private final Duration pollingFallbackAfter;
  private final Duration pingInterval;
  private final Duration connectTimeout;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final int eventCapacity;
  private final Duration flushInterval;
  private final int eventBatchSize;
  private final int maxConcurrentEventRequests;
  private final int eventMaxAttempts;
  private final Duration eventRequestTimeout;
  private final Duration shutdownTimeout;
  private final boolean evaluationMetrics;

  private FBConfig(Builder b, String bootstrapJson) {
    this.envSecret = b.envSecret;
    this.streamingUrl = normalizeBase(b.streamingUrl);
    String events = b.defaultedEventsUrl();
    this.eventsUrl = normalizeBase(events);
    this.offline = b.offline;
    this.bootstrapJson = bootstrapJson;
    this.startWait = b.startWait;
    this.eventsDisabled = b.eventsDisabled;
    this.regexStepBudget = b.regexStepBudget;
    this.dataSyncMode = b.dataSyncMode;
    this.pollingUrl = normalizeBase(b.pollingUrl != null ? b.pollingUrl : events);
    this.pollingInterval = b.pollingInterval;
    this.pollingRequestTimeout = b.pollingRequestTimeout;
    this.pollingFallbackAfter = b.pollingFallbackAfter;
    this.pingInterval = b.pingInterval;
    this.connectTimeout = b.connectTimeout;
    this.firstRetryDelay = b.firstRetryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.eventCapacity = b.eventCapacity;
    this.flushInterval = b.flushInterval;
    this.eventBatchSize = b.eventBatchSize;
    this.maxConcurrentEventRequests = b.maxConcurrentEventRequests;
    this.eventMaxAttempts = b.eventMaxAttempts;
    this.eventRequestTimeout = b.eventRequestTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.evaluationMetrics = b.evaluationMetrics;
  }

  /**
   * Starts a configuration. The env secret is the environment's <em>server</em> secret; it may be
   * {@code null} in offline mode.
   */
  public static Builder builder(String envSecret) {
    return new Builder(envSecret);
  }

  /** This configuration without the bootstrap text: what a client keeps once the data is loaded. */
  FBConfig withoutBootstrapJson() {
    return bootstrapJson == null ? this : new FBConfig(toBuilder(), null);
  }

  /** A builder initialised with this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(envSecret);
    b.streamingUrl = streamingUrl;
    b.eventsUrl = eventsUrl;
    b.offline = offline;
    b.bootstrapJson = bootstrapJson;
    b.startWait = startWait;
    b.eventsDisabled = eventsDisabled;
    b.regexStepBudget = regexStepBudget;
    b.dataSyncMode = dataSyncMode;
    b.pollingUrl = pollingUrl;
    b.pollingInterval = pollingInterval;
    b.pollingRequestTimeout = pollingRequestTimeout;
    b.pollingFallbackAfter = pollingFallbackAfter;
    b.pingInterval = pingInterval;
    b.connectTimeout = connectTimeout;
    b.firstRetryDelay = firstRetryDelay;
    b.maxRetryDelay = maxRetryDelay;
    b.eventCapacity = eventCapacity;
    b.flushInterval = flushInterval;
    b.eventBatchSize = eventBatchSize;
    b.maxConcurrentEventRequests = maxConcurrentEventRequests;
    b.eventMaxAttempts = eventMaxAttempts;
    b.eventRequestTimeout = eventRequestTimeout;
    b.shutdownTimeout = shutdownTimeout;
    b.evaluationMetrics = evaluationMetrics;
    return b;
  }

  /** The env secret. Treat it as a credential: never log it. */
  public String envSecret() {
    return envSecret;
  }

  /** Streaming base URL without trailing {@code /}, or {@code null} (offline). */
  public String streamingUrl() {
    return streamingUrl;
  }

  /** Events base URL without trailing {@code /}, or {@code null} (offline). */
  public String eventsUrl() {
    return eventsUrl;
  }

  public boolean isOffline() {
    return offline;
  }

  /** Bootstrap data (JSON text) loaded in offline mode, or {@code null}. */
  public String bootstrapJson() {
    return bootstrapJson;
  }

  public Duration startWait() {
    return startWait;
  }

  /** True when no evaluation or metric events are sent (always true offline). */
  public boolean isEventsDisabled() {
    return eventsDisabled || offline;
  }

  public long regexStepBudget() {
    return regexStepBudget;
  }

  public DataSyncMode dataSyncMode() {
    return dataSyncMode;
  }

  /** Polling base URL without trailing {@code /}, or {@code null}. */
  public String pollingUrl() {
    return pollingUrl;
  }

  public Duration pollingInterval() {
    return pollingInterval;
  }

  public Duration pollingRequestTimeout() {
    return pollingRequestTimeout;
  }

  /** How long streaming may fail to connect before polling takes over; {@code null} when disabled. */
  public Duration pollingFallbackAfter() {
    return pollingFallbackAfter;
  }

  public Duration pingInterval() {
    return pingInterval;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration firstRetryDelay() {
    return firstRetryDelay;
  }

  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  public int eventCapacity() {
    return eventCapacity;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  public int eventBatchSize() {
    return eventBatchSize;
  }

  public int maxConcurrentEventRequests() {
    return maxConcurrentEventRequests;
  }

  public int eventMaxAttempts() {
    return eventMaxAttempts;
  }

  public Duration eventRequestTimeout() {
    return eventRequestTimeout;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Whether the client counts evaluations by reason ({@link FBClient#getEvaluationStats()}). */
  public boolean isEvaluationMetricsEnabled() {
    return evaluationMetrics;
  }

  /** Joins a base URL (already normalised) and an endpoint path starting with {@code /}. */
  public static String join(String base, String path) {
    return normalizeBase(base) + path;
  }

  private static String normalizeBase(String url) {
    if (url == null) {
      return null;
    }
    String s = url.trim();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String deriveEventsUrl(String streaming) {
    if (streaming == null) {
      return null;
    }
    String s = streaming.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("wss://")) {
      return "https://" + s.substring(6);
    }
    if (lower.startsWith("ws://")) {
      return "http://" + s.substring(5);
    }
    return null;
  }

  /** Shows the settings, never the secret. */
  @Override
  public String toString() {
    return "FBConfig{offline=" + offline + ", dataSyncMode=" + dataSyncMode + ", streamingUrl="
        + redactUrl(streamingUrl) + ", pollingUrl=" + redactUrl(pollingUrl) + ", eventsUrl="
        + redactUrl(eventsUrl) + ", startWait=" + startWait + ", eventsDisabled=" + isEventsDisabled()
        + ", bootstrap=" + (bootstrapJson != null) + "}";
  }

  /** A URL with any user-info and query string removed, safe for logs. */
  static String redactUrl(String url) {
    return Urls.withoutCredentials(url);
  }

  /**
   * Builder for {@link FBConfig}; not thread-safe. Setters reject programmer errors at once;
   * {@link #build()} checks everything together.
   */
  public static final class Builder {
    private final String envSecret;
    private String streamingUrl;
    private String eventsUrl;
    private boolean offline;
    private String bootstrapJson;
    private Path bootstrapFile;
    private Duration startWait = DEFAULT_START_WAIT;
    private boolean eventsDisabled;
    private long regexStepBudget = DEFAULT_REGEX_STEP_BUDGET;
    private DataSyncMode dataSyncMode = DataSyncMode.STREAMING;
    private String pollingUrl;
    private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
    private Duration pollingRequestTimeout = DEFAULT_POLLING_REQUEST_TIMEOUT;
    private Duration pollingFallbackAfter = DEFAULT_POLLING_FALLBACK_AFTER;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration firstRetryDelay = DEFAULT_FIRST_RETRY_DELAY;
    private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
    private int eventCapacity = DEFAULT_EVENT_CAPACITY;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private int eventBatchSize = DEFAULT_EVENT_BATCH_SIZE;
    private int maxConcurrentEventRequests = DEFAULT_MAX_CONCURRENT_EVENT_REQUESTS;
    private int eventMaxAttempts = DEFAULT_EVENT_MAX_ATTEMPTS;
    private Duration eventRequestTimeout = DEFAULT_EVENT_REQUEST_TIMEOUT;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private boolean evaluationMetrics;

    private Builder(String envSecret) {
      this.envSecret = envSecret;
    }

    /**
     * Base URL of the evaluation server for WebSocket streaming ({@code ws://} or {@code wss://}); required
     * online. No default.
     */
    public Builder streamingUrl(String url) {
      this.streamingUrl = url;
      return this;
    }

    /**
     * Base URL for events ({@code http://} or {@code https://}). Default: the streaming URL with
     * {@code ws}/{@code wss} replaced by {@code http}/{@code https}, else the polling URL.
     */
    public Builder eventsUrl(String url) {
      this.eventsUrl = url;
      return this;
    }

    /**
     * Offline mode (default {@code false}): no network connection at all, no events; flags come from
     * {@link #bootstrap(String)} / {@link #bootstrapFile(Path)} (an empty store if neither is given) and the
     * client is ready at once.
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /**
     * Bootstrap data for offline mode: a {@code data-sync} message or the body of the evaluation server's
     * {@code GET /api/public/sdk/server/latest-all}. Validated by {@link #build()}.
     */
    public Builder bootstrap(String json) {
      this.bootstrapJson = json;
      return this;
    }

    /** Like {@link #bootstrap(String)}, read (UTF-8) from a file by {@link #build()}. */
    public Builder bootstrapFile(Path file) {
      this.bootstrapFile = file;
      return this;
    }

    /**
     * How long the {@link FBClient} constructor waits for the first full data set online (default
     * {@link #DEFAULT_START_WAIT}); zero means do not wait. Synchronisation continues in the background after
     * the wait ends.
     */
    public Builder startWait(Duration wait) {
      this.startWait = Objects.requireNonNull(wait, "startWait");
      return this;
    }

    /** Sends no evaluation or metric events (default: events enabled online). */
    public Builder disableEvents() {
      this.eventsDisabled = true;
      return this;
    }

    /**
     * Character reads allowed per regex match of a {@code MatchRegex}/{@code NotMatchRegex} condition
     * (default {@link #DEFAULT_REGEX_STEP_BUDGET}); a match that needs more ends that evaluation with
     * reason {@code ERROR}.
     */
    public Builder regexStepBudget(long budget) {
      this.regexStepBudget = budget;
      return this;
    }

    /** Streaming (default) or polling. */
    public Builder dataSyncMode(DataSyncMode mode) {
      this.dataSyncMode = Objects.requireNonNull(mode, "dataSyncMode");
      return this;
    }

    /**
     * Base URL ({@code http}/{@code https}) of {@code /api/public/sdk/server/latest-all} for polling and for the
     * streaming fallback. Default: the events URL.
     */
    public Builder pollingUrl(String url) {
      this.pollingUrl = url;
      return this;
    }

    /**
     * Time from the end of one successful poll to the next request (default
     * {@link #DEFAULT_POLLING_INTERVAL}, at least 100 ms).
     */
    public Builder pollingInterval(Duration interval) {
      this.pollingInterval = Objects.requireNonNull(interval, "pollingInterval");
      return this;
    }

    /** Deadline of one polling request, body included (default {@link #DEFAULT_POLLING_REQUEST_TIMEOUT}). */
    public Builder pollingRequestTimeout(Duration timeout) {
      this.pollingRequestTimeout = Objects.requireNonNull(timeout, "pollingRequestTimeout");
      return this;
    }

    /**
     * In streaming mode, poll while streaming has failed to connect for this long, until streaming recovers
     * (default {@link #DEFAULT_POLLING_FALLBACK_AFTER}); {@code null} disables the fallback.
     */
    public Builder pollingFallbackAfter(Duration after) {
      this.pollingFallbackAfter = after;
      return this;
    }

    /**
     * Interval of the application-level ping on the WebSocket (default {@link #DEFAULT_PING_INTERVAL}); a
     * connection that receives nothing for three intervals is considered dead and replaced.
     */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = Objects.requireNonNull(interval, "pingInterval");
      return this;
    }

    /** Deadline of each connection attempt (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /**
     * Base of the reconnection backoff (default {@link #DEFAULT_FIRST_RETRY_DELAY}): attempt n waits a random
     * time in {@code [b/2, b)}, {@code b = min(first * 2^n, maxRetryDelay)}.
     */
    public Builder firstRetryDelay(Duration delay) {
      this.firstRetryDelay = Objects.requireNonNull(delay, "firstRetryDelay");
      return this;
    }

    /** Cap of the reconnection backoff (default {@link #DEFAULT_MAX_RETRY_DELAY}). */
    public Builder maxRetryDelay(Duration delay) {
      this.maxRetryDelay = Objects.requireNonNull(delay, "maxRetryDelay");
      return this;
    }

    /**
     * Events held in memory waiting to be sent (default {@link #DEFAULT_EVENT_CAPACITY}); when full, new events
     * are dropped and counted. At most {@code eventCapacity + maxConcurrentEventRequests * eventBatchSize}
     * events are held in all.
     */
    public Builder eventCapacity(int capacity) {
      this.eventCapacity = capacity;
      return this;
    }

    /** Period of automatic event flushes (default {@link #DEFAULT_FLUSH_INTERVAL}; min 10 ms). */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = Objects.requireNonNull(interval, "flushInterval");
      return this;
    }

    /** Events per HTTP request (default {@link #DEFAULT_EVENT_BATCH_SIZE}); a full batch is sent at once. */
    public Builder eventBatchSize(int size) {
      this.eventBatchSize = size;
      return this;
    }

    /** Event requests in flight at once (default {@link #DEFAULT_MAX_CONCURRENT_EVENT_REQUESTS}). */
    public Builder maxConcurrentEventRequests(int max) {
      this.maxConcurrentEventRequests = max;
      return this;
    }

    /**
     * Attempts per batch for retryable failures (400, 408, 429, 5xx, network), default
     * {@link #DEFAULT_EVENT_MAX_ATTEMPTS}; retries wait 500 ms, then 1 s, ... or {@code Retry-After}.
     */
    public Builder eventMaxAttempts(int attempts) {
      this.eventMaxAttempts = attempts;
      return this;
    }

    /** Deadline of one event request (default {@link #DEFAULT_EVENT_REQUEST_TIMEOUT}). */
    public Builder eventRequestTimeout(Duration timeout) {
      this.eventRequestTimeout = Objects.requireNonNull(timeout, "eventRequestTimeout");
      return this;
    }

    /** Bound of the final event flush in {@code close()} (default {@link #DEFAULT_SHUTDOWN_TIMEOUT}). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
      return this;
    }

    /**
     * Counts typed evaluations per {@link ReasonKind} for {@link FBClient#getEvaluationStats()} (default
     * {@code false}). Off, it costs one check of a final field per evaluation; on, one uncontended striped
     * counter increment, without a lock.
     */
    public Builder evaluationMetrics(boolean enabled) {
      this.evaluationMetrics = enabled;
      return this;
    }

    /**
     * Every problem of these settings, each starting with the setting's name; empty when they are valid.
     * Never throws and never echoes the secret.
     */
    public List<String> validate() {
      List<String> problems = new ArrayList<>();
      for (FBConfigException e : check()) {
        problems.add(e.getMessage());
      }
      return problems;
    }

    /** The events URL, defaulting to the streaming URL's HTTP form, else the polling URL. */
    private String defaultedEventsUrl() {
      if (eventsUrl != null) {
        return eventsUrl;
      }
      String derived = deriveEventsUrl(streamingUrl);
      return derived != null ? derived : pollingUrl;
    }

    private List<FBConfigException> check() {
      List<FBConfigException> p = new ArrayList<>();
      if (startWait.isNegative()) {
        p.add(new FBConfigException("startWait", "must not be negative"));
      }
      if (regexStepBudget < 1) {
        p.add(new FBConfigException("regexStepBudget", "must be at least 1"));
      }
      if (eventCapacity < 1) {
        p.add(new FBConfigException("eventCapacity", "must be at least 1"));
      }
      if (eventBatchSize < 1) {
        p.add(new FBConfigException("eventBatchSize", "must be at least 1"));
      }
      if (maxConcurrentEventRequests < 1) {
        p.add(new FBConfigException("maxConcurrentEventRequests", "must be at least 1"));
      }
      if (eventMaxAttempts < 1) {
        p.add(new FBConfigException("eventMaxAttempts", "must be at least 1"));
      }
      positive(p, "flushInterval", flushInterval, Duration.ofMillis(10));
      positive(p, "eventRequestTimeout", eventRequestTimeout, Duration.ofMillis(1));
      if (shutdownTimeout.isNegative()) {
        p.add(new FBConfigException("shutdownTimeout", "must not be negative"));
      }
      if (bootstrapJson != null && bootstrapFile != null) {
        p.add(new FBConfigException("bootstrap", "set either bootstrap or bootstrapFile, not both"));
      }
      if (offline) {
        return p;
      }
      if (bootstrapJson != null || bootstrapFile != null) {
        p.add(new FBConfigException(bootstrapJson != null ? "bootstrap" : "bootstrapFile",
            "bootstrap data is only used with offline(true)"));
      }
      String secretProblem = secretProblem(envSecret);
      if (secretProblem != null) {
        p.add(new FBConfigException("envSecret", secretProblem));
      }
      positive(p, "pingInterval", pingInterval, Duration.ofMillis(10));
      positive(p, "connectTimeout", connectTimeout, Duration.ofMillis(1));
      positive(p, "firstRetryDelay", firstRetryDelay, Duration.ofMillis(1));
      positive(p, "maxRetryDelay", maxRetryDelay, firstRetryDelay);
      positive(p, "pollingInterval", pollingInterval, Duration.ofMillis(100));
      positive(p, "pollingRequestTimeout", pollingRequestTimeout, Duration.ofMillis(1));
      if (pollingFallbackAfter != null) {
        positive(p, "pollingFallbackAfter", pollingFallbackAfter, Duration.ofMillis(1));
      }
      String s = null;
      if (dataSyncMode == DataSyncMode.STREAMING) {
        s = urlProblem(streamingUrl, "ws", "wss");
        if (s != null) {
          p.add(new FBConfigException("streamingUrl", s));
        }
      }
      boolean needPolling = dataSyncMode == DataSyncMode.POLLING || (pollingFallbackAfter != null && pollingUrl != null);
      if (needPolling) {
        String pu = pollingUrl != null ? pollingUrl : defaultedEventsUrl();
        String pp = urlProblem(pu, "http", "https");
        if (pp != null) {
          p.add(new FBConfigException("pollingUrl", pp));
        }
      }
      if (!eventsDisabled || eventsUrl != null) {
        String e = urlProblem(defaultedEventsUrl(), "http", "https");
        if (e != null && (eventsUrl != null || s == null)) {
          p.add(new FBConfigException("eventsUrl", e));
        }
      }
      return p;
    }

    /**
     * Validates and builds.
     *
     * @throws FBConfigException naming the first invalid setting (all problems are in the message)
     */
    public FBConfig build() {
      List<FBConfigException> problems = check();
      if (!problems.isEmpty()) {
        if (problems.size() == 1) {
          throw problems.get(0);
        }
        StringBuilder all = new StringBuilder();
        for (FBConfigException e : problems) {
          all.append(all.length() == 0 ? "" : "; ").append(e.getMessage());
        }
        throw new FBConfigException(problems.get(0).setting(), "invalid configuration: " + all);
      }
      String json = bootstrapJson;
      if (offline && bootstrapFile != null) {
        try {
          json = new String(Files.readAllBytes(bootstrapFile), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          throw new FBConfigException("bootstrapFile", "cannot read " + bootstrapFile + " ("
              + e.getClass().getSimpleName() + ")");
        }
      }
      if (offline && json != null) {
        try {
          DataSyncMessage.parseBootstrap(json);
        } catch (DataSyncMessage.InvalidMessageException e) {
          throw new FBConfigException(bootstrapFile != null ? "bootstrapFile" : "bootstrap",
              "not FeatBit flag data: " + e.getMessage());
        }
      }
      return new FBConfig(this, offline ? json : null);
    }
  }

  private static void positive(List<FBConfigException> p, String setting, Duration d, Duration min) {
    if (d.compareTo(min) < 0) {
      p.add(new FBConfigException(setting, "must be at least " + min.toMillis() + " ms"));
    }
  }

  /**
   * The server's structural check of an env secret (spec 1.1): 44 characters whose last 22 decode to a
   * non-empty GUID. Returns the problem, or {@code null}. Never includes the secret.
   */
  static String secretProblem(String secret) {
    if (secret == null || secret.trim().isEmpty()) {
      return "is required unless offline(true)";
    }
    if (secret.length() != 44) {
      return "must be the 44-character server secret of an environment (got " + secret.length() + " characters)";
    }
    String envPart = secret.substring(22).replace('_', '/').replace('-', '+') + "==";
    byte[] guid;
    try {
      guid = Base64.getDecoder().decode(envPart);
    } catch (IllegalArgumentException e) {
      return "is not a FeatBit env secret (its environment part does not decode)";
    }
    boolean allZero = true;
    for (byte b : guid) {
      allZero &= b == 0;
    }
    if (guid.length != 16 || allZero) {
      return "is not a FeatBit env secret (its environment part is not a GUID)";
    }
    return null;
  }

  private static String urlProblem(String url, String plain, String secure) {
    if (url == null || url.trim().isEmpty()) {
      return "is required unless offline(true)";
    }
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(plain) && !scheme.equals(secure)) {
      return "must start with " + plain + ":// or " + secure + "://";
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      return "has no host";
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      return "must not have a query string or fragment";
    }
    return null;
  }
}
