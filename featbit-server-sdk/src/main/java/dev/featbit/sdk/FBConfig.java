package dev.featbit.sdk;

import dev.featbit.sdk.config.DataStoreBuilder;
import dev.featbit.sdk.config.DataStoreConfig;
import dev.featbit.sdk.config.DataSyncBuilder;
import dev.featbit.sdk.config.DataSyncConfig;
import dev.featbit.sdk.config.EventsBuilder;
import dev.featbit.sdk.config.EventsConfig;
import dev.featbit.sdk.config.HttpBuilder;
import dev.featbit.sdk.config.HttpConfig;
import dev.featbit.sdk.internal.Urls;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.BoundedRegex;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Immutable client configuration: the environment's secret and endpoints, plus one configuration per area
 * (data synchronisation, events, HTTP, data store), each made by a builder from {@link Components}.
 *
 * <pre>{@code
 * FBConfig online = FBConfig.builder(System.getenv("FEATBIT_ENV_SECRET"))
 *     .streamingUrl("wss://featbit.example.com")
 *     .events(Components.events().flushInterval(Duration.ofSeconds(2)))
 *     .build();
 * FBConfig offline = FBConfig.builder(null).offline(true).bootstrapFile(Path.of("featbit-data.json")).build();
 * }</pre>
 *
 * <p>The builder's flat setters ({@code pingInterval}, {@code eventCapacity}, {@code connectTimeout}...) are
 * shortcuts onto the same area builders: {@code .pingInterval(d)} and
 * {@code .dataSync(Components.streaming().pingInterval(d))} configure the same thing; whichever is called later
 * wins.
 *
 * <p>URL joining: all trailing {@code /} are removed from a base URL and the endpoint path is appended, so a
 * deployment prefix such as {@code https://gw.example.com/featbit} is kept with or without a trailing slash.
 *
 * @since 0.1.0
 */
public final class FBConfig {
  /** Default {@link Builder#startWait(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(5);
  /** Default {@link Builder#regexStepBudget(long)}: 1,000,000 character reads per regex match. */
  public static final long DEFAULT_REGEX_STEP_BUDGET = BoundedRegex.DEFAULT_BUDGET;
  /** Default {@link Builder#pingInterval(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_PING_INTERVAL = DataSyncConfig.DEFAULT_PING_INTERVAL;
  /** Default {@link Builder#connectTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = HttpConfig.DEFAULT_CONNECT_TIMEOUT;
  /** Default {@link Builder#firstRetryDelay(Duration)}: 1 second. */
  public static final Duration DEFAULT_FIRST_RETRY_DELAY = DataSyncConfig.DEFAULT_FIRST_RETRY_DELAY;
  /** Default {@link Builder#maxRetryDelay(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = DataSyncConfig.DEFAULT_MAX_RETRY_DELAY;
  /** Default {@link Builder#pollingInterval(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_POLLING_INTERVAL = DataSyncConfig.DEFAULT_POLLING_INTERVAL;
  /** Default {@link Builder#pollingRequestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_POLLING_REQUEST_TIMEOUT = DataSyncConfig.DEFAULT_POLLING_REQUEST_TIMEOUT;
  /** Default {@link Builder#pollingFallbackAfter(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_POLLING_FALLBACK_AFTER = DataSyncConfig.DEFAULT_POLLING_FALLBACK_AFTER;
  /** Default {@link Builder#eventCapacity(int)}: 10,000 events. */
  public static final int DEFAULT_EVENT_CAPACITY = EventsConfig.DEFAULT_CAPACITY;
  /** Default {@link Builder#flushInterval(Duration)}: 1 second. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = EventsConfig.DEFAULT_FLUSH_INTERVAL;
  /** Default {@link Builder#eventBatchSize(int)}: 50 events per request. */
  public static final int DEFAULT_EVENT_BATCH_SIZE = EventsConfig.DEFAULT_BATCH_SIZE;
  /** Default {@link Builder#maxConcurrentEventRequests(int)}: 2. */
  public static final int DEFAULT_MAX_CONCURRENT_EVENT_REQUESTS = EventsConfig.DEFAULT_MAX_CONCURRENT_REQUESTS;
  /** Default {@link Builder#eventMaxAttempts(int)}: 3 attempts per batch. */
  public static final int DEFAULT_EVENT_MAX_ATTEMPTS = EventsConfig.DEFAULT_MAX_ATTEMPTS;
  /** Default {@link Builder#eventRequestTimeout(Duration)}: 10 seconds. */
  public static final Duration DEFAULT_EVENT_REQUEST_TIMEOUT = EventsConfig.DEFAULT_REQUEST_TIMEOUT;
  /** Default {@link Builder#shutdownTimeout(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = EventsConfig.DEFAULT_SHUTDOWN_TIMEOUT;

  /** Streaming or polling: the shortcut {@link Builder#dataSyncMode(DataSyncMode)} chooses between them. */
  public enum DataSyncMode {
    /** WebSocket streaming with change pushes (default). */
    STREAMING,
    /** HTTP polling of {@code /api/public/sdk/server/latest-all}. */
    POLLING
  }

  private final String envSecret;
  private final String streamingUrl;
  private final String eventsUrlSet;   // as set (normalised), null when derived
  private final String pollingUrlSet;  // as set (normalised), null when derived
  private final boolean offline;
  private final String bootstrapJson;
  /**
   * The bootstrap data as {@link Builder#build()} read it while validating (compiled as it was read), for the
   * first client built from this configuration (which takes it and releases it once loaded), so the text is
   * read once; a later client reads the text again.
   */
  private final java.util.concurrent.atomic.AtomicReference<DataSyncMessage> parsedBootstrap;
  private final Duration startWait;
  private final long regexStepBudget;
  private final boolean evaluationMetrics;
  private final DataSyncConfig dataSync;
  private final EventsConfig events;
  private final HttpConfig http;
  private final DataStoreConfig dataStore;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Map<String, String> defaults;
  private final List<Hook> hooks;

  private FBConfig(Builder b, String bootstrapJson, DataSyncMessage parsedBootstrap) {
    this.envSecret = b.envSecret;
    this.streamingUrl = normalizeBase(b.streamingUrl);
    this.eventsUrlSet = normalizeBase(b.eventsUrl);
    this.pollingUrlSet = normalizeBase(b.pollingUrl);
    this.offline = b.offline;
    this.bootstrapJson = bootstrapJson;
    this.parsedBootstrap = parsedBootstrap == null ? null
        : new java.util.concurrent.atomic.AtomicReference<>(parsedBootstrap);
    this.startWait = b.startWait;
    this.regexStepBudget = b.regexStepBudget;
    this.evaluationMetrics = b.evaluationMetrics;
    this.dataSync = b.dataSync.build();
    this.events = b.events.build();
    this.http = b.http.build();
    this.dataStore = b.dataStore.build();
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(b.defaults));
    this.hooks = Collections.unmodifiableList(new ArrayList<>(b.hooks));
  }

  /**
   * Starts a configuration. The env secret is the environment's <em>server</em> secret; it may be
   * {@code null} in offline mode.
   *
   * @param envSecret the environment's server secret, or {@code null} offline
   * @return a new builder
   */
  public static Builder builder(String envSecret) {
    return new Builder(envSecret);
  }

  /** This configuration without the bootstrap text: what a client keeps once the data is loaded. */
  FBConfig withoutBootstrapJson() {
    return bootstrapJson == null ? this : new FBConfig(toBuilder(), null, null);
  }

  /**
   * The bootstrap data parsed by {@link Builder#build()}, once: the first caller gets it (and this configuration
   * no longer holds it), later callers {@code null} (they parse {@link #bootstrapJson()}).
   */
  DataSyncMessage takeParsedBootstrap() {
    return parsedBootstrap == null ? null : parsedBootstrap.getAndSet(null);
  }

  /**
   * A builder initialised with this configuration's settings. URLs that were derived (the events URL from
   * the streaming URL, the polling URL from the events URL) stay derived, so changing the streaming URL on
   * the builder moves them too.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(envSecret);
    b.streamingUrl = streamingUrl;
    b.eventsUrl = eventsUrlSet;
    b.pollingUrl = pollingUrlSet;
    b.offline = offline;
    b.bootstrapJson = bootstrapJson;
    b.startWait = startWait;
    b.regexStepBudget = regexStepBudget;
    b.evaluationMetrics = evaluationMetrics;
    b.dataSync = DataSyncBuilder.from(dataSync);
    b.events = EventsBuilder.from(events);
    b.http = HttpBuilder.from(http);
    b.dataStore = DataStoreBuilder.from(dataStore);
    b.clock = clock;
    b.scheduler = scheduler;
    b.defaults.putAll(defaults);
    b.hooks.addAll(hooks);
    return b;
  }

  /**
   * The env secret. Treat it as a credential: never log it.
   *
   * @return the secret, or {@code null}
   */
  public String envSecret() {
    return envSecret;
  }

  /**
   * Streaming base URL without trailing {@code /}, or {@code null}.
   *
   * @return the streaming URL
   */
  public String streamingUrl() {
    return streamingUrl;
  }

  /**
   * Events base URL without trailing {@code /}: as set, else derived from the streaming URL
   * ({@code ws}→{@code http}, {@code wss}→{@code https}), else the polling URL; {@code null} when none.
   *
   * @return the events URL
   */
  public String eventsUrl() {
    if (eventsUrlSet != null) {
      return eventsUrlSet;
    }
    String derived = normalizeBase(deriveEventsUrl(streamingUrl));
    return derived != null ? derived : pollingUrlSet;
  }

  /**
   * Polling base URL without trailing {@code /}: as set, else the events URL; {@code null} when none.
   *
   * @return the polling URL
   */
  public String pollingUrl() {
    return pollingUrlSet != null ? pollingUrlSet : eventsUrl();
  }

  /**
   * Whether the client is offline: no network at all, no events, data from bootstrap.
   *
   * @return true offline
   */
  public boolean isOffline() {
    return offline;
  }

  /**
   * Bootstrap data (JSON text), or {@code null}: offline, the client's data; online, what it serves until the
   * data source's first full data set.
   *
   * @return the bootstrap text
   */
  public String bootstrapJson() {
    return bootstrapJson;
  }

  /**
   * How long the client's constructor waits for the first full data set.
   *
   * @return the start wait
   */
  public Duration startWait() {
    return startWait;
  }

  /**
   * True when no evaluation or metric events are sent (always true offline).
   *
   * @return whether events are off
   */
  public boolean isEventsDisabled() {
    return !events.isEnabled() || offline;
  }

  /**
   * Character reads allowed per regex match.
   *
   * @return the regex step budget
   */
  public long regexStepBudget() {
    return regexStepBudget;
  }

  /**
   * Whether the client counts evaluations by reason ({@link FBClient#evaluationStats()}).
   *
   * @return true when evaluation metrics are on
   */
  public boolean isEvaluationMetricsEnabled() {
    return evaluationMetrics;
  }

  /**
   * The data synchronisation area (offline clients have none, whatever it says).
   *
   * @return the data-sync configuration
   */
  public DataSyncConfig dataSync() {
    return dataSync;
  }

  /**
   * The events area.
   *
   * @return the events configuration
   */
  public EventsConfig events() {
    return events;
  }

  /**
   * The HTTP area.
   *
   * @return the HTTP configuration
   */
  public HttpConfig http() {
    return http;
  }

  /**
   * The data-store area.
   *
   * @return the data-store configuration
   */
  public DataStoreConfig dataStore() {
    return dataStore;
  }

  /**
   * The clock the client reads for every timing decision, or {@code null} for the system clock.
   *
   * @return the clock, or {@code null}
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The application's scheduler the client runs its timers on, or {@code null} when the client owns one.
   *
   * @return the scheduler, or {@code null}
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * Per-flag defaults: for these flag keys, a typed evaluation that would return the caller's fallback returns
   * this value instead (when it converts to the requested type), with the same reason.
   *
   * @return an unmodifiable map of flag keys to raw values (as FeatBit stores variations)
   */
  public Map<String, String> defaults() {
    return defaults;
  }

  /**
   * The evaluation hooks, in registration order.
   *
   * @return an unmodifiable list of hooks
   */
  public List<Hook> hooks() {
    return hooks;
  }

  /**
   * Shortcut: {@code STREAMING} or {@code POLLING}; {@code null} for other data-sync kinds.
   *
   * @return the data-sync mode
   */
  public DataSyncMode dataSyncMode() {
    switch (dataSync.kind()) {
      case STREAMING:
        return DataSyncMode.STREAMING;
      case POLLING:
        return DataSyncMode.POLLING;
      default:
        return null;
    }
  }

  /**
   * Shortcut for {@code dataSync().pollingInterval()}.
   *
   * @return the polling interval
   */
  public Duration pollingInterval() {
    return dataSync.pollingInterval();
  }

  /**
   * Shortcut for {@code dataSync().pollingRequestTimeout()}.
   *
   * @return the polling request timeout
   */
  public Duration pollingRequestTimeout() {
    return dataSync.pollingRequestTimeout();
  }

  /**
   * Shortcut for {@code dataSync().pollingFallbackAfter()}.
   *
   * @return the fallback delay, or {@code null} when disabled
   */
  public Duration pollingFallbackAfter() {
    return dataSync.pollingFallbackAfter();
  }

  /**
   * Shortcut for {@code dataSync().pingInterval()}.
   *
   * @return the ping interval
   */
  public Duration pingInterval() {
    return dataSync.pingInterval();
  }

  /**
   * Shortcut for {@code http().connectTimeout()}.
   *
   * @return the connect timeout
   */
  public Duration connectTimeout() {
    return http.connectTimeout();
  }

  /**
   * Shortcut for {@code dataSync().firstRetryDelay()}.
   *
   * @return the first retry delay
   */
  public Duration firstRetryDelay() {
    return dataSync.firstRetryDelay();
  }

  /**
   * Shortcut for {@code dataSync().maxRetryDelay()}.
   *
   * @return the maximum retry delay
   */
  public Duration maxRetryDelay() {
    return dataSync.maxRetryDelay();
  }

  /**
   * Shortcut for {@code events().capacity()}.
   *
   * @return the event capacity
   */
  public int eventCapacity() {
    return events.capacity();
  }

  /**
   * Shortcut for {@code events().flushInterval()}.
   *
   * @return the flush interval
   */
  public Duration flushInterval() {
    return events.flushInterval();
  }

  /**
   * Shortcut for {@code events().batchSize()}.
   *
   * @return the batch size
   */
  public int eventBatchSize() {
    return events.batchSize();
  }

  /**
   * Shortcut for {@code events().maxConcurrentRequests()}.
   *
   * @return the maximum concurrent event requests
   */
  public int maxConcurrentEventRequests() {
    return events.maxConcurrentRequests();
  }

  /**
   * Shortcut for {@code events().maxAttempts()}.
   *
   * @return the maximum attempts per batch
   */
  public int eventMaxAttempts() {
    return events.maxAttempts();
  }

  /**
   * Shortcut for {@code events().requestTimeout()}.
   *
   * @return the event request timeout
   */
  public Duration eventRequestTimeout() {
    return events.requestTimeout();
  }

  /**
   * Shortcut for {@code events().shutdownTimeout()}.
   *
   * @return the shutdown timeout
   */
  public Duration shutdownTimeout() {
    return events.shutdownTimeout();
  }

  /**
   * Joins a base URL and an endpoint path starting with {@code /}.
   *
   * @param base the base URL
   * @param path the endpoint path
   * @return the joined URL
   */
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

  /**
   * Shows the settings, never the secret.
   *
   * @return a description safe for logs
   */
  @Override
  public String toString() {
    return "FBConfig{offline=" + offline + ", dataSync=" + dataSync.kind() + ", streamingUrl="
        + redactUrl(streamingUrl) + ", pollingUrl=" + redactUrl(pollingUrl()) + ", eventsUrl="
        + redactUrl(eventsUrl()) + ", startWait=" + startWait + ", eventsDisabled=" + isEventsDisabled()
        + ", bootstrap=" + (bootstrapJson != null) + ", http=" + http + ", dataStore=" + dataStore + "}";
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
    private String pollingUrl;
    private boolean offline;
    private String bootstrapJson;
    private Path bootstrapFile;
    private String bootstrapResource;
    private Duration startWait = DEFAULT_START_WAIT;
    private long regexStepBudget = DEFAULT_REGEX_STEP_BUDGET;
    private boolean evaluationMetrics;
    private DataSyncBuilder dataSync = Components.streaming();
    private EventsBuilder events = Components.events();
    private HttpBuilder http = Components.http();
    private DataStoreBuilder dataStore = Components.inMemoryDataStore();
    private Clock clock;
    private ScheduledExecutorService scheduler;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final List<Hook> hooks = new ArrayList<>();

    private Builder(String envSecret) {
      this.envSecret = envSecret;
    }

    // ----------------------------------------------------------------------------- areas

    /**
     * How flag data is synchronised: {@link Components#streaming()} (default), {@link Components#polling()},
     * {@link Components#noDataSync()} or {@link Components#customDataSource}.
     *
     * @param dataSync the data-sync builder (copied: later changes to it have no effect)
     * @return this builder
     */
    public Builder dataSync(DataSyncBuilder dataSync) {
      this.dataSync = Objects.requireNonNull(dataSync, "dataSync").copy();
      return this;
    }

    /**
     * Event delivery: {@link Components#events()} (default) or {@link Components#noEvents()}.
     *
     * @param events the events builder (copied)
     * @return this builder
     */
    public Builder events(EventsBuilder events) {
      this.events = Objects.requireNonNull(events, "events").copy();
      return this;
    }

    /**
     * HTTP and WebSocket settings: {@link Components#http()}.
     *
     * @param http the HTTP builder (copied)
     * @return this builder
     */
    public Builder http(HttpBuilder http) {
      this.http = Objects.requireNonNull(http, "http").copy();
      return this;
    }

    /**
     * Where data is kept besides the in-memory snapshot: {@link Components#inMemoryDataStore()} (default) or
     * {@link Components#persistentDataStore}.
     *
     * @param dataStore the data-store builder (copied)
     * @return this builder
     */
    public Builder dataStore(DataStoreBuilder dataStore) {
      this.dataStore = DataStoreBuilder.from(Objects.requireNonNull(dataStore, "dataStore").build());
      return this;
    }

    /**
     * The clock every timing decision reads (backoff, liveness, retries, flushes, status times); default the
     * system clock. With {@link #scheduler(ScheduledExecutorService)}, tests run the client in virtual time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the client's timers and message handling on the application's scheduler instead of the client's
     * own {@code featbit-tasks} thread. The application owns it: {@link FBClient#close()} cancels the client's
     * tasks but does not shut it down. Tasks must run one at a time (a single-threaded scheduler).
     *
     * @param scheduler a single-threaded scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * A per-flag default: a typed evaluation of {@code flagKey} that would return the caller's fallback (flag
     * not found, client not ready, malformed data, wrong type...) returns this value instead, with the same
     * reason, when it converts to the requested type (else the caller's fallback stays). Values are written as
     * FeatBit stores variations: {@code "true"}, {@code "42"}, {@code "blue"}, JSON text.
     *
     * @param flagKey the flag key
     * @param value the raw value
     * @return this builder
     */
    public Builder flagDefault(String flagKey, String value) {
      defaults.put(Objects.requireNonNull(flagKey, "flagKey"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Several per-flag defaults (see {@link #flagDefault(String, String)}); values are converted with
     * {@code String.valueOf}.
     *
     * @param defaults flag keys to values
     * @return this builder
     */
    public Builder defaults(Map<String, ?> defaults) {
      for (Map.Entry<String, ?> e : Objects.requireNonNull(defaults, "defaults").entrySet()) {
        flagDefault(e.getKey(), e.getValue() instanceof Number ? FBUser.numberText((Number) e.getValue())
            : String.valueOf(e.getValue()));
      }
      return this;
    }

    /**
     * Adds evaluation hooks, run around every typed evaluation in registration order (see {@link Hook}).
     *
     * @param hooks the hooks
     * @return this builder
     */
    public Builder hooks(Hook... hooks) {
      for (Hook h : Objects.requireNonNull(hooks, "hooks")) {
        this.hooks.add(Objects.requireNonNull(h, "hook"));
      }
      return this;
    }

    // ----------------------------------------------------------------------------- environment

    /**
     * Base URL of the evaluation server for WebSocket streaming ({@code ws://} or {@code wss://}); required
     * for streaming. No default.
     *
     * @param url the streaming base URL
     * @return this builder
     */
    public Builder streamingUrl(String url) {
      this.streamingUrl = url;
      return this;
    }

    /**
     * Base URL for events ({@code http://} or {@code https://}). Default: the streaming URL with
     * {@code ws}/{@code wss} replaced by {@code http}/{@code https}, else the polling URL.
     *
     * @param url the events base URL
     * @return this builder
     */
    public Builder eventsUrl(String url) {
      this.eventsUrl = url;
      return this;
    }

    /**
     * Base URL ({@code http}/{@code https}) of {@code /api/public/sdk/server/latest-all} for polling and for
     * the streaming fallback. Default: the events URL.
     *
     * @param url the polling base URL
     * @return this builder
     */
    public Builder pollingUrl(String url) {
      this.pollingUrl = url;
      return this;
    }

    /**
     * Offline mode (default {@code false}): no network connection at all, no events; flags come from
     * {@link #bootstrap(String)} / {@link #bootstrapFile(Path)} (an empty store if neither is given) and the
     * client is ready at once.
     *
     * @param offline whether the client is offline
     * @return this builder
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /**
     * Bootstrap data: a {@code data-sync} message or the body of the evaluation server's
     * {@code GET /api/public/sdk/server/latest-all}. Validated by {@link #build()}. Offline, it is the
     * client's data. Online, the client starts from it at once (status {@code STALE}, error kind
     * {@code STORE}: "serving bootstrap data until the data source delivers", so {@code new FBClient} does not
     * wait) and the data source's first full data set replaces it; a persistent store or a snapshot that holds
     * data takes precedence.
     *
     * @param json the flag data
     * @return this builder
     */
    public Builder bootstrap(String json) {
      this.bootstrapJson = json;
      return this;
    }

    /**
     * Like {@link #bootstrap(String)}, read (UTF-8) from a file by {@link #build()}.
     *
     * @param file the flag data file
     * @return this builder
     */
    public Builder bootstrapFile(Path file) {
      this.bootstrapFile = file;
      return this;
    }

    /**
     * Like {@link #bootstrap(String)}, read (UTF-8) by {@link #build()} from a class path resource (e.g.
     * {@code featbit/flags.json} in {@code src/main/resources}), looked up with the thread's context class
     * loader, then the SDK's; a leading {@code /} is ignored.
     *
     * @param name the resource name
     * @return this builder
     */
    public Builder bootstrapResource(String name) {
      this.bootstrapResource = name;
      return this;
    }

    /**
     * How long the {@link FBClient} constructor waits for the first full data set online (default
     * {@link #DEFAULT_START_WAIT}); zero means do not wait. Synchronisation continues in the background after
     * the wait ends.
     *
     * @param wait the start wait
     * @return this builder
     */
    public Builder startWait(Duration wait) {
      this.startWait = Objects.requireNonNull(wait, "startWait");
      return this;
    }

    /**
     * Character reads allowed per regex match of a {@code MatchRegex}/{@code NotMatchRegex} condition
     * (default {@link #DEFAULT_REGEX_STEP_BUDGET}); a match that needs more ends that evaluation with
     * reason {@code ERROR}.
     *
     * @param budget at least 1
     * @return this builder
     */
    public Builder regexStepBudget(long budget) {
      this.regexStepBudget = budget;
      return this;
    }

    /**
     * Counts typed evaluations per {@link ReasonKind} for {@link FBClient#evaluationStats()} (default
     * {@code false}). Off, it costs one check of a final field per evaluation; on, one uncontended striped
     * counter increment, without a lock.
     *
     * @param enabled whether to count
     * @return this builder
     */
    public Builder evaluationMetrics(boolean enabled) {
      this.evaluationMetrics = enabled;
      return this;
    }

    // ----------------------------------------------------------------------------- shortcuts

    /**
     * Shortcut for {@code events(Components.noEvents())}: sends no evaluation or metric events.
     *
     * @return this builder
     */
    public Builder disableEvents() {
      events.enabled(false);
      return this;
    }

    /**
     * Shortcut: streaming (default) or polling, keeping the other data-sync settings.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder dataSyncMode(DataSyncMode mode) {
      Objects.requireNonNull(mode, "dataSyncMode");
      if (dataSync.build().kind() != DataSyncConfig.Kind.STREAMING
          && dataSync.build().kind() != DataSyncConfig.Kind.POLLING) {
        dataSync = Components.streaming();
      }
      dataSync.kind(mode == DataSyncMode.POLLING ? DataSyncConfig.Kind.POLLING : DataSyncConfig.Kind.STREAMING);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#pollingInterval(Duration)}.
     *
     * @param interval the polling interval
     * @return this builder
     */
    public Builder pollingInterval(Duration interval) {
      dataSync.pollingInterval(interval);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#pollingRequestTimeout(Duration)}.
     *
     * @param timeout the polling request timeout
     * @return this builder
     */
    public Builder pollingRequestTimeout(Duration timeout) {
      dataSync.pollingRequestTimeout(timeout);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#pollingFallbackAfter(Duration)}.
     *
     * @param after the fallback delay, or {@code null} to disable it
     * @return this builder
     */
    public Builder pollingFallbackAfter(Duration after) {
      dataSync.pollingFallbackAfter(after);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#pingInterval(Duration)}.
     *
     * @param interval the ping interval
     * @return this builder
     */
    public Builder pingInterval(Duration interval) {
      dataSync.pingInterval(interval);
      return this;
    }

    /**
     * Shortcut for {@link HttpBuilder#connectTimeout(Duration)}.
     *
     * @param timeout the connect timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      http.connectTimeout(timeout);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#firstRetryDelay(Duration)}.
     *
     * @param delay the first retry delay
     * @return this builder
     */
    public Builder firstRetryDelay(Duration delay) {
      dataSync.firstRetryDelay(delay);
      return this;
    }

    /**
     * Shortcut for {@link DataSyncBuilder#maxRetryDelay(Duration)}.
     *
     * @param delay the maximum retry delay
     * @return this builder
     */
    public Builder maxRetryDelay(Duration delay) {
      dataSync.maxRetryDelay(delay);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#capacity(int)}.
     *
     * @param capacity the event capacity
     * @return this builder
     */
    public Builder eventCapacity(int capacity) {
      events.capacity(capacity);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#flushInterval(Duration)}.
     *
     * @param interval the flush interval
     * @return this builder
     */
    public Builder flushInterval(Duration interval) {
      events.flushInterval(interval);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#batchSize(int)}.
     *
     * @param size the batch size
     * @return this builder
     */
    public Builder eventBatchSize(int size) {
      events.batchSize(size);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#maxConcurrentRequests(int)}.
     *
     * @param max the maximum concurrent event requests
     * @return this builder
     */
    public Builder maxConcurrentEventRequests(int max) {
      events.maxConcurrentRequests(max);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#maxAttempts(int)}.
     *
     * @param attempts the maximum attempts
     * @return this builder
     */
    public Builder eventMaxAttempts(int attempts) {
      events.maxAttempts(attempts);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#requestTimeout(Duration)}.
     *
     * @param timeout the request timeout
     * @return this builder
     */
    public Builder eventRequestTimeout(Duration timeout) {
      events.requestTimeout(timeout);
      return this;
    }

    /**
     * Shortcut for {@link EventsBuilder#shutdownTimeout(Duration)}.
     *
     * @param timeout the shutdown timeout
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      events.shutdownTimeout(timeout);
      return this;
    }

    // ----------------------------------------------------------------------------- validation

    /**
     * Every problem of these settings, each starting with the setting's name; empty when they are valid.
     * Never throws and never echoes the secret.
     *
     * @return the problems
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
      DataSyncConfig ds = dataSync.build();
      EventsConfig ev = events.build();
      HttpConfig ht = http.build();
      DataStoreConfig st = dataStore.build();
      if (startWait.isNegative()) {
        p.add(new FBConfigException("startWait", "must not be negative"));
      }
      if (regexStepBudget < 1) {
        p.add(new FBConfigException("regexStepBudget", "must be at least 1"));
      }
      if (ev.capacity() < 1) {
        p.add(new FBConfigException("eventCapacity", "must be at least 1"));
      }
      if (ev.batchSize() < 1) {
        p.add(new FBConfigException("eventBatchSize", "must be at least 1"));
      }
      if (ev.maxConcurrentRequests() < 1) {
        p.add(new FBConfigException("maxConcurrentEventRequests", "must be at least 1"));
      }
      if (ev.maxAttempts() < 1) {
        p.add(new FBConfigException("eventMaxAttempts", "must be at least 1"));
      }
      positive(p, "flushInterval", ev.flushInterval(), Duration.ofMillis(10));
      positive(p, "eventRequestTimeout", ev.requestTimeout(), Duration.ofMillis(1));
      if (ev.shutdownTimeout().isNegative()) {
        p.add(new FBConfigException("shutdownTimeout", "must not be negative"));
      }
      if (st.cacheTtl() != null) {
        positive(p, "dataStore.cacheTtl", st.cacheTtl(), Duration.ofMillis(10));
      }
      if (bootstrapJson != null && bootstrapFile != null) {
        p.add(new FBConfigException("bootstrap", "set either bootstrap or bootstrapFile, not both"));
      } else if (bootstrapResource != null && (bootstrapJson != null || bootstrapFile != null)) {
        p.add(new FBConfigException("bootstrapResource", "set either bootstrapResource or "
            + (bootstrapJson != null ? "bootstrap" : "bootstrapFile") + ", not both"));
      }
      positive(p, "dataStore.snapshotInterval", st.snapshotInterval(), Duration.ofMillis(10));
      checkHttp(p, ht);
      if (offline) {
        if (st.snapshotFile() != null) {
          p.add(new FBConfigException("dataStore.snapshotFile", "keeps what a data source delivers and is not "
              + "used offline: remove it (offline data comes from bootstrap or bootstrapFile)"));
        }
        return p;
      }
      if (st.snapshotFile() != null && secretProblem(envSecret) != null) {
        p.add(new FBConfigException("dataStore.snapshotFile", "needs the env secret: a snapshot belongs to the "
            + "environment the secret names"));
      }
      if (ds.kind() == DataSyncConfig.Kind.NONE && st.persistentFactory() == null) {
        p.add(new FBConfigException("dataSync", "noDataSync() needs a persistent data store to read flags from "
            + "(Components.persistentDataStore), or offline(true) with bootstrap data"));
      }
      boolean network = ds.kind() == DataSyncConfig.Kind.STREAMING || ds.kind() == DataSyncConfig.Kind.POLLING
          || ev.isEnabled();
      if (network || envSecret != null) {
        String secretProblem = secretProblem(envSecret);
        if (secretProblem != null) {
          p.add(new FBConfigException("envSecret", secretProblem));
        }
      }
      positive(p, "pingInterval", ds.pingInterval(), Duration.ofMillis(10));
      positive(p, "firstRetryDelay", ds.firstRetryDelay(), Duration.ofMillis(1));
      positive(p, "maxRetryDelay", ds.maxRetryDelay(), ds.firstRetryDelay());
      positive(p, "pollingInterval", ds.pollingInterval(), Duration.ofMillis(100));
      positive(p, "pollingRequestTimeout", ds.pollingRequestTimeout(), Duration.ofMillis(1));
      if (ds.pollingFallbackAfter() != null) {
        positive(p, "pollingFallbackAfter", ds.pollingFallbackAfter(), Duration.ofMillis(1));
      }
      String s = null;
      if (ds.kind() == DataSyncConfig.Kind.STREAMING) {
        s = urlProblem(streamingUrl, "ws", "wss");
        if (s == null) {
          s = endpointInBase(streamingUrl, "/streaming", "wss://featbit.example.com");
        }
        if (s != null) {
          p.add(new FBConfigException("streamingUrl", s));
        }
      }
      boolean needPolling = ds.kind() == DataSyncConfig.Kind.POLLING
          || (ds.kind() == DataSyncConfig.Kind.STREAMING && ds.pollingFallbackAfter() != null && pollingUrl != null);
      if (needPolling) {
        String pu = pollingUrl != null ? pollingUrl : defaultedEventsUrl();
        String pp = urlProblem(pu, "http", "https");
        if (pp == null) {
          pp = endpointInBase(pu, "/api/public/sdk/server/latest-all", "https://featbit.example.com");
        }
        if (pp != null) {
          p.add(new FBConfigException("pollingUrl", pp));
        }
      }
      if (ev.isEnabled() || eventsUrl != null) {
        String e = urlProblem(defaultedEventsUrl(), "http", "https");
        if (e == null) {
          e = endpointInBase(defaultedEventsUrl(), "/api/public/insight/track", "https://featbit.example.com");
        }
        if (e != null && (eventsUrl != null || s == null)) {
          p.add(new FBConfigException("eventsUrl", e));
        }
      }
      return p;
    }

    private static void checkHttp(List<FBConfigException> p, HttpConfig ht) {
      positive(p, "connectTimeout", ht.connectTimeout(), Duration.ofMillis(1));
      if (ht.proxy() != null && (ht.proxy().getPort() < 1 || ht.proxy().getPort() > 65535)) {
        p.add(new FBConfigException("http.proxy", "port must be between 1 and 65535"));
      }
      if (ht.proxyUsername() != null && ht.proxyUsername().indexOf(':') >= 0) {
        p.add(new FBConfigException("http.proxyAuthentication", "the proxy user name must not contain ':'"));
      }
      for (Map.Entry<String, String> h : ht.headers().entrySet()) {
        String name = h.getKey();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
          p.add(new FBConfigException("http.header", "'" + name + "' is not a valid header name"));
        } else if (RESERVED_HEADERS.contains(lower)) {
          p.add(new FBConfigException("http.header", "'" + name + "' is set by the SDK and cannot be replaced"));
        }
        if (h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
          p.add(new FBConfigException("http.header", "the value of '" + name + "' must not contain line breaks"));
        }
      }
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
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
      if (bootstrapResource != null) {
        json = readResource(bootstrapResource);
      }
      if (bootstrapFile != null) {
        try {
          json = new String(Files.readAllBytes(bootstrapFile), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
          throw new FBConfigException("bootstrapFile", "cannot read " + bootstrapFile + " ("
              + e.getClass().getSimpleName() + ")");
        }
      }
      DataSyncMessage parsed = null;
      if (json != null) {
        try {
          parsed = DataSyncMessage.parseBootstrap(json,
              new FullDataCompiler(regexStepBudget));
        } catch (DataSyncMessage.InvalidMessageException e) {
          throw new FBConfigException(bootstrapFile != null ? "bootstrapFile"
              : bootstrapResource != null ? "bootstrapResource" : "bootstrap",
              "not FeatBit flag data: " + e.getMessage() + "; expected a data-sync message (the body of "
              + "GET /api/public/sdk/server/latest-all) or {\"featureFlags\":[...],\"segments\":[...]}");
        }
      }
      return new FBConfig(this, json, parsed);
    }

    private static String readResource(String name) {
      String n = name.startsWith("/") ? name.substring(1) : name;
      ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), FBConfig.class.getClassLoader()};
      for (ClassLoader l : loaders) {
        if (l == null) {
          continue;
        }
        try (java.io.InputStream in = l.getResourceAsStream(n)) {
          if (in != null) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        } catch (IOException | RuntimeException e) {
          throw new FBConfigException("bootstrapResource", "cannot read " + n + " (" + e.getClass().getSimpleName()
              + ")");
        }
      }
      throw new FBConfigException("bootstrapResource", "no class path resource " + n + " (put it in "
          + "src/main/resources, or use bootstrapFile for a file)");
    }
  }

  private static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("authorization", "user-agent",
      "content-type", "content-length", "host", "connection", "upgrade", "expect", "proxy-authorization",
      "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");

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
    String trimmed = secret.trim();
    if (trimmed.length() != secret.length()) {
      return "has white space (a space or line break) at its start or end: remove it"
          + (secretProblem(trimmed) == null ? "" : "; " + secretProblem(trimmed));
    }
    if (secret.length() != 44) {
      return "must be an environment's server secret: " + SECRET_SHAPE + " (got " + secret.length()
          + " characters)";
    }
    String envPart = secret.substring(22).replace('_', '/').replace('-', '+') + "==";
    byte[] guid;
    try {
      guid = Base64.getDecoder().decode(envPart);
    } catch (IllegalArgumentException e) {
      return "is not a FeatBit env secret (its environment part does not decode): " + SECRET_SHAPE;
    }
    boolean allZero = true;
    for (byte b : guid) {
      allZero &= b == 0;
    }
    if (guid.length != 16 || allZero) {
      return "is not a FeatBit env secret (its environment part is not a GUID): " + SECRET_SHAPE;
    }
    return null;
  }

  /** What an env secret looks like, for problem messages. */
  private static final String SECRET_SHAPE = "44 characters of URL-safe Base64 (A-Z, a-z, 0-9, '-', '_'), the "
      + "last 22 encoding the environment's id; copy the server-side secret of the environment from FeatBit";

  /**
   * A base URL that already ends with the endpoint the SDK appends ({@code ws://host:5100/streaming}) would be
   * joined into a path the server does not serve: the problem naming the base to give instead, or {@code null}.
   */
  private static String endpointInBase(String url, String endpoint, String example) {
    String base = normalizeBase(url);
    if (!base.toLowerCase(Locale.ROOT).endsWith(endpoint.toLowerCase(Locale.ROOT))) {
      return null;
    }
    String without = base.substring(0, base.length() - endpoint.length());
    return "must be the server's base URL without " + endpoint + " (the SDK appends it): use " + redactUrl(without)
        + " (e.g. " + example + ")";
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
