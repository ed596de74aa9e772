package dev.featbit.spring;

import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.config.DataSyncConfig;
import dev.featbit.sdk.config.EventsConfig;
import dev.featbit.sdk.config.HttpConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code featbit.*} properties, shaped like {@link FBConfig}: top-level settings, then one group per
 * configuration area ({@code featbit.data-sync.*}, {@code featbit.events.*}, {@code featbit.http.*}), each
 * turned into that area's builder from {@code dev.featbit.sdk.Components}. Defaults are the core's constants
 * ({@link FBConfig}, {@link DataSyncConfig}, {@link EventsConfig}, {@link HttpConfig}). Then the starter's own
 * groups ({@code featbit.web.*}, {@code featbit.openfeature.*}, {@code featbit.opentelemetry.*},
 * {@code featbit.metrics.*}). Bound by {@link FeatBitAutoConfiguration};
 * invalid values stop the application at startup with a message naming the property.
 */
@ConfigurationProperties(prefix = FeatBitProperties.PREFIX)
public class FeatBitProperties {
  /** The property prefix, {@value}. */
  public static final String PREFIX = "featbit";

  /** Whether the starter configures anything at all (client, web, health, metrics). */
  private boolean enabled = true;

  /**
   * The environment's server secret (44 characters). Required unless featbit.offline=true. Never logged; keep
   * it out of source control (e.g. FEATBIT_ENV_SECRET in the environment).
   */
  private String envSecret;

  /** WebSocket base URL of the evaluation server (ws:// or wss://); required online. */
  private String streamingUrl;

  /** HTTP base URL for events (http:// or https://). Default: the streaming URL with ws/wss as http/https. */
  private String eventsUrl;

  /**
   * HTTP base URL of /api/public/sdk/server/latest-all for polling and the polling fallback. Default: the
   * events URL.
   */
  private String pollingUrl;

  /** Offline mode: no network, no events; flags from featbit.bootstrap or featbit.bootstrap-file. */
  private boolean offline = false;

  /**
   * Flag data as JSON text (a data-sync message or a latest-all body): offline, the client's data; online,
   * served until the first full data set from the server.
   */
  private String bootstrap;

  /**
   * Flag data file (a Spring resource location, e.g. classpath:featbit-flags.json or
   * file:/etc/featbit/flags.json), read once at startup; online, served until the first full data set.
   */
  private Resource bootstrapFile;

  /** How long startup waits for the first full data set online; 0 = do not wait. */
  private Duration startWait = FBConfig.DEFAULT_START_WAIT;

  /** Character reads allowed per regex match of a MatchRegex/NotMatchRegex condition. */
  private long regexStepBudget = FBConfig.DEFAULT_REGEX_STEP_BUDGET;

  /**
   * Count evaluations by reason for the featbit.evaluations metric. Only takes effect when Micrometer is on the
   * classpath.
   */
  private boolean evaluationMetrics = true;

  /**
   * Per-flag defaults, flag key to value as FeatBit stores variations ("true", "42", "blue", JSON text): a typed
   * evaluation that would return the caller's fallback returns this value instead, when it converts to the
   * requested type.
   */
  private final Map<String, String> defaults = new LinkedHashMap<>();

  private final DataSync dataSync = new DataSync();

  private final Events events = new Events();

  private final Http http = new Http();

  private final Web web = new Web();

  private final OpenFeature openfeature = new OpenFeature();

  private final OpenTelemetry opentelemetry = new OpenTelemetry();

  private final Metrics metrics = new Metrics();

  /**
   * How flag data is synchronised ({@code FBConfig.Builder.dataSync}): {@link #getMode() mode} chooses the
   * builder ({@code Components.streaming()}, {@code polling()} or {@code noDataSync()}), the other properties
   * are its settings.
   */
  public static class DataSync {
    /** The kinds of synchronisation the properties can choose. */
    public enum Mode {
      /** WebSocket streaming with change pushes and a polling fallback: {@code Components.streaming()}. */
      STREAMING,
      /** HTTP polling of the latest-all endpoint: {@code Components.polling()}. */
      POLLING,
      /**
       * No synchronisation: {@code Components.noDataSync()}, for a persistent data store set by an
       * {@link FBConfigCustomizer}.
       */
      NONE
    }

    /**
     * Streaming (WebSocket, default), polling (HTTP) or none (flags only from a persistent data store set in
     * code).
     */
    private Mode mode = Mode.STREAMING;

    /** Application ping interval on the WebSocket; a connection silent for 3 intervals is replaced. */
    private Duration pingInterval = DataSyncConfig.DEFAULT_PING_INTERVAL;

    /** Reconnection backoff base. */
    private Duration firstRetryDelay = DataSyncConfig.DEFAULT_FIRST_RETRY_DELAY;

    /** Reconnection backoff cap (also for polling retries). */
    private Duration maxRetryDelay = DataSyncConfig.DEFAULT_MAX_RETRY_DELAY;

    /** Polling and the polling fallback: time from the end of one successful poll to the next request. */
    private Duration pollingInterval = DataSyncConfig.DEFAULT_POLLING_INTERVAL;

    /** Deadline of one polling request, body included. */
    private Duration pollingRequestTimeout = DataSyncConfig.DEFAULT_POLLING_REQUEST_TIMEOUT;

    /**
     * Streaming: poll while streaming has not delivered data for this long, until it does again; 0 disables
     * the fallback.
     */
    private Duration pollingFallbackAfter = DataSyncConfig.DEFAULT_POLLING_FALLBACK_AFTER;

    /**
     * The kind of synchronisation.
     *
     * @return the mode
     */
    public Mode getMode() {
      return mode;
    }

    /**
     * Sets the kind of synchronisation.
     *
     * @param mode the mode
     */
    public void setMode(Mode mode) {
      this.mode = mode;
    }

    /**
     * The streaming ping interval.
     *
     * @return the ping interval
     */
    public Duration getPingInterval() {
      return pingInterval;
    }

    /**
     * Sets the streaming ping interval.
     *
     * @param pingInterval the ping interval
     */
    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }

    /**
     * The reconnection backoff base.
     *
     * @return the first retry delay
     */
    public Duration getFirstRetryDelay() {
      return firstRetryDelay;
    }

    /**
     * Sets the reconnection backoff base.
     *
     * @param firstRetryDelay the first retry delay
     */
    public void setFirstRetryDelay(Duration firstRetryDelay) {
      this.firstRetryDelay = firstRetryDelay;
    }

    /**
     * The reconnection backoff cap.
     *
     * @return the maximum retry delay
     */
    public Duration getMaxRetryDelay() {
      return maxRetryDelay;
    }

    /**
     * Sets the reconnection backoff cap.
     *
     * @param maxRetryDelay the maximum retry delay
     */
    public void setMaxRetryDelay(Duration maxRetryDelay) {
      this.maxRetryDelay = maxRetryDelay;
    }

    /**
     * The polling interval.
     *
     * @return the polling interval
     */
    public Duration getPollingInterval() {
      return pollingInterval;
    }

    /**
     * Sets the polling interval.
     *
     * @param pollingInterval the polling interval
     */
    public void setPollingInterval(Duration pollingInterval) {
      this.pollingInterval = pollingInterval;
    }

    /**
     * The deadline of one polling request.
     *
     * @return the polling request timeout
     */
    public Duration getPollingRequestTimeout() {
      return pollingRequestTimeout;
    }

    /**
     * Sets the deadline of one polling request.
     *
     * @param pollingRequestTimeout the polling request timeout
     */
    public void setPollingRequestTimeout(Duration pollingRequestTimeout) {
      this.pollingRequestTimeout = pollingRequestTimeout;
    }

    /**
     * The delay after which streaming falls back to polling; 0 when the fallback is off.
     *
     * @return the fallback delay
     */
    public Duration getPollingFallbackAfter() {
      return pollingFallbackAfter;
    }

    /**
     * Sets the delay after which streaming falls back to polling; 0 disables the fallback.
     *
     * @param pollingFallbackAfter the fallback delay
     */
    public void setPollingFallbackAfter(Duration pollingFallbackAfter) {
      this.pollingFallbackAfter = pollingFallbackAfter;
    }
  }

  /**
   * Insight (evaluation and metric) event delivery ({@code FBConfig.Builder.events}): {@code Components.events()},
   * or {@code Components.noEvents()} when {@link #isEnabled() enabled} is false.
   */
  public static class Events {
    /** Whether evaluation and metric events are sent (never offline). */
    private boolean enabled = true;

    /** Events buffered in memory; when full, new events are dropped and counted. */
    private int capacity = EventsConfig.DEFAULT_CAPACITY;

    /** Period of automatic sends (at least 10 ms). */
    private Duration flushInterval = EventsConfig.DEFAULT_FLUSH_INTERVAL;

    /** Events per request; a full batch is sent at once. */
    private int batchSize = EventsConfig.DEFAULT_BATCH_SIZE;

    /** Event requests in flight at once. */
    private int maxConcurrentRequests = EventsConfig.DEFAULT_MAX_CONCURRENT_REQUESTS;

    /** Attempts per batch for 400/408/429/5xx/network failures. */
    private int maxAttempts = EventsConfig.DEFAULT_MAX_ATTEMPTS;

    /** Deadline of one event request. */
    private Duration requestTimeout = EventsConfig.DEFAULT_REQUEST_TIMEOUT;

    /** Bound of the final flush when the application context closes. */
    private Duration shutdownTimeout = EventsConfig.DEFAULT_SHUTDOWN_TIMEOUT;

    /**
     * Whether events are sent.
     *
     * @return true when enabled
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns event delivery on or off.
     *
     * @param enabled whether events are sent
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The event buffer capacity.
     *
     * @return the capacity
     */
    public int getCapacity() {
      return capacity;
    }

    /**
     * Sets the event buffer capacity.
     *
     * @param capacity the capacity
     */
    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }

    /**
     * The period of automatic sends.
     *
     * @return the flush interval
     */
    public Duration getFlushInterval() {
      return flushInterval;
    }

    /**
     * Sets the period of automatic sends.
     *
     * @param flushInterval the flush interval
     */
    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
    }

    /**
     * Events per request.
     *
     * @return the batch size
     */
    public int getBatchSize() {
      return batchSize;
    }

    /**
     * Sets the events per request.
     *
     * @param batchSize the batch size
     */
    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    /**
     * Event requests in flight at once.
     *
     * @return the maximum number of concurrent requests
     */
    public int getMaxConcurrentRequests() {
      return maxConcurrentRequests;
    }

    /**
     * Sets the event requests in flight at once.
     *
     * @param maxConcurrentRequests the maximum number of concurrent requests
     */
    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
      this.maxConcurrentRequests = maxConcurrentRequests;
    }

    /**
     * Attempts per batch.
     *
     * @return the maximum attempts
     */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts per batch.
     *
     * @param maxAttempts the maximum attempts
     */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The deadline of one event request.
     *
     * @return the request timeout
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the deadline of one event request.
     *
     * @param requestTimeout the request timeout
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /**
     * The bound of the final flush.
     *
     * @return the shutdown timeout
     */
    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    /**
     * Sets the bound of the final flush.
     *
     * @param shutdownTimeout the shutdown timeout
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }
  }

  /**
   * HTTP and WebSocket settings ({@code FBConfig.Builder.http}, from {@code Components.http()}). TLS trust
   * ({@code sslContext}) and proxy selectors are set in code, with an {@link FBConfigCustomizer}.
   */
  public static class Http {
    /** Deadline of each connection attempt (TCP, TLS and the WebSocket handshake). */
    private Duration connectTimeout = HttpConfig.DEFAULT_CONNECT_TIMEOUT;

    private final Proxy proxy = new Proxy();

    /**
     * Extra headers sent with every request and WebSocket handshake (a gateway's API key, a tenant id...),
     * header name to value. Values are never logged.
     */
    private final Map<String, String> headers = new LinkedHashMap<>();

    /**
     * The deadline of each connection attempt.
     *
     * @return the connect timeout
     */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the deadline of each connection attempt.
     *
     * @param connectTimeout the connect timeout
     */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /**
     * The HTTP proxy.
     *
     * @return the proxy properties
     */
    public Proxy getProxy() {
      return proxy;
    }

    /**
     * The extra request headers (a live, modifiable map).
     *
     * @return header names to values
     */
    public Map<String, String> getHeaders() {
      return headers;
    }
  }

  /** An HTTP proxy for every request and WebSocket ({@code HttpBuilder.proxy} and {@code proxyAuthentication}). */
  public static class Proxy {
    /** Host name or address of the HTTP proxy. Unset (default): direct connections. */
    private String host;

    /** Port of the HTTP proxy; required with featbit.http.proxy.host. */
    private Integer port;

    /** User name for a proxy that requires Basic authentication (HTTP 407). */
    private String username;

    /** Password for the proxy user; never logged. */
    private String password;

    /**
     * The proxy host.
     *
     * @return the host, or {@code null}
     */
    public String getHost() {
      return host;
    }

    /**
     * Sets the proxy host.
     *
     * @param host the host
     */
    public void setHost(String host) {
      this.host = host;
    }

    /**
     * The proxy port.
     *
     * @return the port, or {@code null}
     */
    public Integer getPort() {
      return port;
    }

    /**
     * Sets the proxy port.
     *
     * @param port the port
     */
    public void setPort(Integer port) {
      this.port = port;
    }

    /**
     * The proxy user name.
     *
     * @return the user name, or {@code null}
     */
    public String getUsername() {
      return username;
    }

    /**
     * Sets the proxy user name.
     *
     * @param username the user name
     */
    public void setUsername(String username) {
      this.username = username;
    }

    /**
     * The proxy password; a credential, never log it.
     *
     * @return the password, or {@code null}
     */
    public String getPassword() {
      return password;
    }

    /**
     * Sets the proxy password.
     *
     * @param password the password
     */
    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** Spring MVC integration: the per-request FBUser. */
  public static class Web {
    /** Whether FBUser controller parameters are resolved (servlet web applications with Spring MVC). */
    private boolean enabled = true;

    /** Request header carrying the user key when no authenticated principal is present. */
    private String userHeader = "X-User-Id";

    /**
     * Key of the user given to requests without an authenticated principal or user header. Unset (default): such
     * requests get a null FBUser, and evaluations for it return the fallback value with reason ERROR.
     */
    private String anonymousKey;

    /**
     * The value of {@code featbit.web.enabled}.
     *
     * @return whether controller methods get an injected {@code FBUser}
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets {@code featbit.web.enabled}.
     *
     * @param enabled whether controller methods get an injected {@code FBUser}
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The value of {@code featbit.web.user-header}.
     *
     * @return the request header carrying the user key when no authenticated principal is present
     */
    public String getUserHeader() {
      return userHeader;
    }

    /**
     * Sets {@code featbit.web.user-header}.
     *
     * @param userHeader the request header carrying the user key when no authenticated principal is present
     */
    public void setUserHeader(String userHeader) {
      this.userHeader = userHeader;
    }

    /**
     * The value of {@code featbit.web.anonymous-key}.
     *
     * @return the user key given to requests without a principal or user header, or {@code null} (such requests then get a {@code null} user)
     */
    public String getAnonymousKey() {
      return anonymousKey;
    }

    /**
     * Sets {@code featbit.web.anonymous-key}.
     *
     * @param anonymousKey the user key given to requests without a principal or user header, or {@code null} (such requests then get a {@code null} user)
     */
    public void setAnonymousKey(String anonymousKey) {
      this.anonymousKey = anonymousKey;
    }
  }

  /** OpenFeature integration, when featbit-openfeature is on the classpath. */
  public static class OpenFeature {
    /** Whether a FeatBitProvider bean is created and registered with OpenFeatureAPI. */
    private boolean enabled = true;

    /**
     * OpenFeature domain the provider is registered for. Unset (default): the default provider, so
     * OpenFeatureAPI.getInstance().getClient() evaluates with FeatBit.
     */
    private String domain;

    /**
     * The value of {@code featbit.openfeature.enabled}.
     *
     * @return whether a {@code FeatBitProvider} bean is created and registered with {@code OpenFeatureAPI}
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets {@code featbit.openfeature.enabled}.
     *
     * @param enabled whether a {@code FeatBitProvider} bean is created and registered with {@code OpenFeatureAPI}
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The value of {@code featbit.openfeature.domain}.
     *
     * @return the OpenFeature domain the provider is registered for, or {@code null} for the default provider
     */
    public String getDomain() {
      return domain;
    }

    /**
     * Sets {@code featbit.openfeature.domain}.
     *
     * @param domain the OpenFeature domain the provider is registered for, or {@code null} for the default provider
     */
    public void setDomain(String domain) {
      this.domain = domain;
    }
  }

  /**
   * The value of {@code featbit.enabled}.
   *
   * @return whether the starter configures anything at all
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code featbit.enabled}.
   *
   * @param enabled whether the starter configures anything at all
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The value of {@code featbit.env-secret}.
   *
   * @return the environment's server secret
   */
  public String getEnvSecret() {
    return envSecret;
  }

  /**
   * Sets {@code featbit.env-secret}.
   *
   * @param envSecret the environment's server secret
   */
  public void setEnvSecret(String envSecret) {
    this.envSecret = envSecret;
  }

  /**
   * The value of {@code featbit.streaming-url}.
   *
   * @return the WebSocket base URL of the evaluation server
   */
  public String getStreamingUrl() {
    return streamingUrl;
  }

  /**
   * Sets {@code featbit.streaming-url}.
   *
   * @param streamingUrl the WebSocket base URL of the evaluation server
   */
  public void setStreamingUrl(String streamingUrl) {
    this.streamingUrl = streamingUrl;
  }

  /**
   * The value of {@code featbit.events-url}.
   *
   * @return the HTTP base URL for events, or {@code null} to derive it from the streaming URL
   */
  public String getEventsUrl() {
    return eventsUrl;
  }

  /**
   * Sets {@code featbit.events-url}.
   *
   * @param eventsUrl the HTTP base URL for events, or {@code null} to derive it from the streaming URL
   */
  public void setEventsUrl(String eventsUrl) {
    this.eventsUrl = eventsUrl;
  }

  /**
   * The value of {@code featbit.polling-url}.
   *
   * @return the HTTP base URL for polling, or {@code null} for the events URL
   */
  public String getPollingUrl() {
    return pollingUrl;
  }

  /**
   * Sets {@code featbit.polling-url}.
   *
   * @param pollingUrl the HTTP base URL for polling, or {@code null} for the events URL
   */
  public void setPollingUrl(String pollingUrl) {
    this.pollingUrl = pollingUrl;
  }

  /**
   * The value of {@code featbit.offline}.
   *
   * @return whether the client runs offline
   */
  public boolean isOffline() {
    return offline;
  }

  /**
   * Sets {@code featbit.offline}.
   *
   * @param offline whether the client runs offline
   */
  public void setOffline(boolean offline) {
    this.offline = offline;
  }

  /**
   * The value of {@code featbit.bootstrap}.
   *
   * @return the offline flag data as JSON text, or {@code null}
   */
  public String getBootstrap() {
    return bootstrap;
  }

  /**
   * Sets {@code featbit.bootstrap}.
   *
   * @param bootstrap the offline flag data as JSON text, or {@code null}
   */
  public void setBootstrap(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * The value of {@code featbit.bootstrap-file}.
   *
   * @return the offline flag data file, or {@code null}
   */
  public Resource getBootstrapFile() {
    return bootstrapFile;
  }

  /**
   * Sets {@code featbit.bootstrap-file}.
   *
   * @param bootstrapFile the offline flag data file, or {@code null}
   */
  public void setBootstrapFile(Resource bootstrapFile) {
    this.bootstrapFile = bootstrapFile;
  }

  /**
   * The value of {@code featbit.start-wait}.
   *
   * @return how long startup waits for the first full data set online
   */
  public Duration getStartWait() {
    return startWait;
  }

  /**
   * Sets {@code featbit.start-wait}.
   *
   * @param startWait how long startup waits for the first full data set online
   */
  public void setStartWait(Duration startWait) {
    this.startWait = startWait;
  }

  /**
   * The value of {@code featbit.regex-step-budget}.
   *
   * @return the character reads allowed per regex match
   */
  public long getRegexStepBudget() {
    return regexStepBudget;
  }

  /**
   * Sets {@code featbit.regex-step-budget}.
   *
   * @param regexStepBudget the character reads allowed per regex match
   */
  public void setRegexStepBudget(long regexStepBudget) {
    this.regexStepBudget = regexStepBudget;
  }

  /**
   * The value of {@code featbit.evaluation-metrics}.
   *
   * @return whether evaluations are counted by reason
   */
  public boolean isEvaluationMetrics() {
    return evaluationMetrics;
  }

  /**
   * Sets {@code featbit.evaluation-metrics}.
   *
   * @param evaluationMetrics whether evaluations are counted by reason
   */
  public void setEvaluationMetrics(boolean evaluationMetrics) {
    this.evaluationMetrics = evaluationMetrics;
  }

  /**
   * The per-flag defaults (a live, modifiable map).
   *
   * @return flag keys to raw values
   */
  public Map<String, String> getDefaults() {
    return defaults;
  }

  /**
   * The data synchronisation area.
   *
   * @return the {@code featbit.data-sync.*} properties
   */
  public DataSync getDataSync() {
    return dataSync;
  }

  /**
   * The events area.
   *
   * @return the {@code featbit.events.*} properties
   */
  public Events getEvents() {
    return events;
  }

  /**
   * The HTTP area.
   *
   * @return the {@code featbit.http.*} properties
   */
  public Http getHttp() {
    return http;
  }

  /**
   * The web area.
   *
   * @return the {@code featbit.web.*} properties
   */
  public Web getWeb() {
    return web;
  }

  /**
   * The OpenFeature area.
   *
   * @return the {@code featbit.openfeature.*} properties
   */
  public OpenFeature getOpenfeature() {
    return openfeature;
  }

  /**
   * The OpenTelemetry integration, when featbit-opentelemetry is on the classpath and the application has an
   * {@code io.opentelemetry.api.OpenTelemetry} bean.
   */
  public static class OpenTelemetry {
    /**
     * Whether the FeatBit tracing hook (feature_flag.evaluation span events) and metrics hook
     * (featbit.flag.evaluations counter) are registered on the client's configuration.
     */
    private boolean enabled = true;

    /** Whether each evaluation also gets its own span, a child of the current span. */
    private boolean spans = false;

    /** Whether the user key is recorded as feature_flag.context.id (user keys often identify people). */
    private boolean includeUserKey = false;

    /** Whether the value returned is recorded as feature_flag.result.value. */
    private boolean includeValue = false;

    /**
     * Whether the hooks are registered.
     *
     * @return {@code true} to register them
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the hooks are registered.
     *
     * @param enabled {@code true} to register them
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Whether each evaluation gets its own span.
     *
     * @return {@code true} for a span per evaluation
     */
    public boolean isSpans() {
      return spans;
    }

    /**
     * Sets whether each evaluation gets its own span.
     *
     * @param spans {@code true} for a span per evaluation
     */
    public void setSpans(boolean spans) {
      this.spans = spans;
    }

    /**
     * Whether the user key is recorded.
     *
     * @return {@code true} to record it as {@code feature_flag.context.id}
     */
    public boolean isIncludeUserKey() {
      return includeUserKey;
    }

    /**
     * Sets whether the user key is recorded.
     *
     * @param includeUserKey {@code true} to record it as {@code feature_flag.context.id}
     */
    public void setIncludeUserKey(boolean includeUserKey) {
      this.includeUserKey = includeUserKey;
    }

    /**
     * Whether the value returned is recorded.
     *
     * @return {@code true} to record it as {@code feature_flag.result.value}
     */
    public boolean isIncludeValue() {
      return includeValue;
    }

    /**
     * Sets whether the value returned is recorded.
     *
     * @param includeValue {@code true} to record it as {@code feature_flag.result.value}
     */
    public void setIncludeValue(boolean includeValue) {
      this.includeValue = includeValue;
    }
  }

  /** The starter's Micrometer meters. */
  public static class Metrics {
    /**
     * Whether featbit.evaluations is tagged with the flag key as well as the reason (one series per flag and
     * reason). Off by default: the number of series grows with the number of flags.
     */
    private boolean flagTag = false;

    /**
     * Whether {@code featbit.evaluations} carries a {@code flag} tag.
     *
     * @return {@code true} for the tags {@code flag} and {@code reason}
     */
    public boolean isFlagTag() {
      return flagTag;
    }

    /**
     * Sets whether {@code featbit.evaluations} carries a {@code flag} tag.
     *
     * @param flagTag {@code true} for the tags {@code flag} and {@code reason}
     */
    public void setFlagTag(boolean flagTag) {
      this.flagTag = flagTag;
    }
  }

  /**
   * The OpenTelemetry group, {@code featbit.opentelemetry.*}.
   *
   * @return the group
   */
  public OpenTelemetry getOpentelemetry() {
    return opentelemetry;
  }

  /**
   * The Micrometer group, {@code featbit.metrics.*}.
   *
   * @return the group
   */
  public Metrics getMetrics() {
    return metrics;
  }
}
