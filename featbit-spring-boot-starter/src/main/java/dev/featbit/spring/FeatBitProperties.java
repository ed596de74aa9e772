package dev.featbit.spring;

import dev.featbit.sdk.FBConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code featbit.*} properties: one per {@link FBConfig.Builder} option, with the core's defaults (a
 * starter test checks they stay equal), plus the starter's own switches. Bound by
 * {@link FeatBitAutoConfiguration}; invalid values stop the application at startup with a message naming the
 * property.
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

  /** Offline flag data as JSON text (a data-sync message or a latest-all body). */
  private String bootstrap;

  /**
   * Offline flag data file (a Spring resource location, e.g. classpath:featbit-flags.json or
   * file:/etc/featbit/flags.json), read once at startup.
   */
  private Resource bootstrapFile;

  /** How long startup waits for the first full data set online; 0 = do not wait. */
  private Duration startWait = Duration.ofSeconds(5);

  /** Streaming (WebSocket, default) or polling (HTTP). */
  private FBConfig.DataSyncMode dataSyncMode = FBConfig.DataSyncMode.STREAMING;

  /** Character reads allowed per regex match of a MatchRegex/NotMatchRegex condition. */
  private long regexStepBudget = 1_000_000L;

  /**
   * Count evaluations by reason for the featbit.evaluations metric. Only takes effect when Micrometer is on the
   * classpath.
   */
  private boolean evaluationMetrics = true;

  /** Application ping interval on the WebSocket; a connection silent for 3 intervals is replaced. */
  private Duration pingInterval = Duration.ofSeconds(10);

  /** Deadline of each connection attempt. */
  private Duration connectTimeout = Duration.ofSeconds(5);

  /** Reconnection backoff base. */
  private Duration firstRetryDelay = Duration.ofSeconds(1);

  /** Reconnection backoff cap (also for polling retries). */
  private Duration maxRetryDelay = Duration.ofSeconds(60);

  private final Polling polling = new Polling();

  private final Events events = new Events();

  private final Web web = new Web();

  private final OpenFeature openfeature = new OpenFeature();

  /** Polling options (data-sync-mode=polling, and the streaming mode's polling fallback). */
  public static class Polling {
    /** Time from the end of one successful poll to the next request (at least 100 ms). */
    private Duration interval = Duration.ofSeconds(30);

    /** Deadline of one polling request, body included. */
    private Duration requestTimeout = Duration.ofSeconds(10);

    /**
     * Streaming mode: poll while streaming has not delivered data for this long, until it does again; 0
     * disables the fallback.
     */
    private Duration fallbackAfter = Duration.ofSeconds(60);

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getFallbackAfter() {
      return fallbackAfter;
    }

    public void setFallbackAfter(Duration fallbackAfter) {
      this.fallbackAfter = fallbackAfter;
    }
  }

  /** Insight (evaluation and metric) event options. */
  public static class Events {
    /** Whether evaluation and metric events are sent (never offline). */
    private boolean enabled = true;

    /** Events buffered in memory; when full, new events are dropped and counted. */
    private int capacity = 10_000;

    /** Period of automatic sends (at least 10 ms). */
    private Duration flushInterval = Duration.ofSeconds(1);

    /** Events per request; a full batch is sent at once. */
    private int batchSize = 50;

    /** Event requests in flight at once. */
    private int maxConcurrentRequests = 2;

    /** Attempts per batch for 400/408/429/5xx/network failures. */
    private int maxAttempts = 3;

    /** Deadline of one event request. */
    private Duration requestTimeout = Duration.ofSeconds(10);

    /** Bound of the final flush when the application context closes. */
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getCapacity() {
      return capacity;
    }

    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }

    public Duration getFlushInterval() {
      return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public int getMaxConcurrentRequests() {
      return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
      this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
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

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getUserHeader() {
      return userHeader;
    }

    public void setUserHeader(String userHeader) {
      this.userHeader = userHeader;
    }

    public String getAnonymousKey() {
      return anonymousKey;
    }

    public void setAnonymousKey(String anonymousKey) {
      this.anonymousKey = anonymousKey;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getEnvSecret() {
    return envSecret;
  }

  public void setEnvSecret(String envSecret) {
    this.envSecret = envSecret;
  }

  public String getStreamingUrl() {
    return streamingUrl;
  }

  public void setStreamingUrl(String streamingUrl) {
    this.streamingUrl = streamingUrl;
  }

  public String getEventsUrl() {
    return eventsUrl;
  }

  public void setEventsUrl(String eventsUrl) {
    this.eventsUrl = eventsUrl;
  }

  public String getPollingUrl() {
    return pollingUrl;
  }

  public void setPollingUrl(String pollingUrl) {
    this.pollingUrl = pollingUrl;
  }

  public boolean isOffline() {
    return offline;
  }

  public void setOffline(boolean offline) {
    this.offline = offline;
  }

  public String getBootstrap() {
    return bootstrap;
  }

  public void setBootstrap(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public Resource getBootstrapFile() {
    return bootstrapFile;
  }

  public void setBootstrapFile(Resource bootstrapFile) {
    this.bootstrapFile = bootstrapFile;
  }

  public Duration getStartWait() {
    return startWait;
  }

  public void setStartWait(Duration startWait) {
    this.startWait = startWait;
  }

  public FBConfig.DataSyncMode getDataSyncMode() {
    return dataSyncMode;
  }

  public void setDataSyncMode(FBConfig.DataSyncMode dataSyncMode) {
    this.dataSyncMode = dataSyncMode;
  }

  public long getRegexStepBudget() {
    return regexStepBudget;
  }

  public void setRegexStepBudget(long regexStepBudget) {
    this.regexStepBudget = regexStepBudget;
  }

  public boolean isEvaluationMetrics() {
    return evaluationMetrics;
  }

  public void setEvaluationMetrics(boolean evaluationMetrics) {
    this.evaluationMetrics = evaluationMetrics;
  }

  public Duration getPingInterval() {
    return pingInterval;
  }

  public void setPingInterval(Duration pingInterval) {
    this.pingInterval = pingInterval;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getFirstRetryDelay() {
    return firstRetryDelay;
  }

  public void setFirstRetryDelay(Duration firstRetryDelay) {
    this.firstRetryDelay = firstRetryDelay;
  }

  public Duration getMaxRetryDelay() {
    return maxRetryDelay;
  }

  public void setMaxRetryDelay(Duration maxRetryDelay) {
    this.maxRetryDelay = maxRetryDelay;
  }

  public Polling getPolling() {
    return polling;
  }

  public Events getEvents() {
    return events;
  }

  public Web getWeb() {
    return web;
  }

  public OpenFeature getOpenfeature() {
    return openfeature;
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

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getDomain() {
      return domain;
    }

    public void setDomain(String domain) {
      this.domain = domain;
    }
  }
}
