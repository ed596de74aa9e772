package dev.featbit.spring;

import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;

/**
 * Builds an {@link FBConfig} from {@link FeatBitProperties}: maps every property onto the builder, applies the
 * customizers, validates, and reports problems under the property names ({@code featbit.streaming-url}, not
 * {@code streamingUrl}).
 */
public final class FeatBitConfigFactory {
  /** Core setting name (as in {@link FBConfigException#setting()}) to property name under {@code featbit.}. */
  static final Map<String, String> PROPERTY_OF_SETTING = Map.ofEntries(
      Map.entry("envSecret", "env-secret"),
      Map.entry("streamingUrl", "streaming-url"),
      Map.entry("eventsUrl", "events-url"),
      Map.entry("pollingUrl", "polling-url"),
      Map.entry("offline", "offline"),
      Map.entry("bootstrap", "bootstrap"),
      Map.entry("bootstrapFile", "bootstrap-file"),
      Map.entry("startWait", "start-wait"),
      Map.entry("dataSyncMode", "data-sync-mode"),
      Map.entry("regexStepBudget", "regex-step-budget"),
      Map.entry("evaluationMetrics", "evaluation-metrics"),
      Map.entry("pingInterval", "ping-interval"),
      Map.entry("connectTimeout", "connect-timeout"),
      Map.entry("firstRetryDelay", "first-retry-delay"),
      Map.entry("maxRetryDelay", "max-retry-delay"),
      Map.entry("pollingInterval", "polling.interval"),
      Map.entry("pollingRequestTimeout", "polling.request-timeout"),
      Map.entry("pollingFallbackAfter", "polling.fallback-after"),
      Map.entry("eventCapacity", "events.capacity"),
      Map.entry("flushInterval", "events.flush-interval"),
      Map.entry("eventBatchSize", "events.batch-size"),
      Map.entry("maxConcurrentEventRequests", "events.max-concurrent-requests"),
      Map.entry("eventMaxAttempts", "events.max-attempts"),
      Map.entry("eventRequestTimeout", "events.request-timeout"),
      Map.entry("shutdownTimeout", "events.shutdown-timeout"));

  private FeatBitConfigFactory() {}

  /**
   * The configuration for these properties.
   *
   * @param evaluationMetricsAvailable whether evaluation counts have a consumer (Micrometer on the classpath);
   *     {@code featbit.evaluation-metrics} only takes effect when it is
   * @throws FeatBitConfigurationException naming the first property at fault
   */
  public static FBConfig create(FeatBitProperties p, List<FBConfigCustomizer> customizers,
      boolean evaluationMetricsAvailable) {
    boolean fromFile = p.getBootstrapFile() != null;
    if (fromFile && p.getBootstrap() != null) {
      throw problem("featbit.bootstrap", "set either featbit.bootstrap or featbit.bootstrap-file, not both", null);
    }
    FBConfig.Builder b = FBConfig.builder(p.getEnvSecret())
        .streamingUrl(p.getStreamingUrl())
        .eventsUrl(p.getEventsUrl())
        .pollingUrl(p.getPollingUrl())
        .offline(p.isOffline())
        .startWait(required("start-wait", p.getStartWait()))
        .dataSyncMode(required("data-sync-mode", p.getDataSyncMode()))
        .regexStepBudget(p.getRegexStepBudget())
        .evaluationMetrics(p.isEvaluationMetrics() && evaluationMetricsAvailable)
        .pingInterval(required("ping-interval", p.getPingInterval()))
        .connectTimeout(required("connect-timeout", p.getConnectTimeout()))
        .firstRetryDelay(required("first-retry-delay", p.getFirstRetryDelay()))
        .maxRetryDelay(required("max-retry-delay", p.getMaxRetryDelay()));
    FeatBitProperties.Polling polling = p.getPolling();
    Duration fallback = polling.getFallbackAfter();
    b.pollingInterval(required("polling.interval", polling.getInterval()))
        .pollingRequestTimeout(required("polling.request-timeout", polling.getRequestTimeout()))
        .pollingFallbackAfter(fallback == null || fallback.isZero() || fallback.isNegative() ? null : fallback);
    FeatBitProperties.Events events = p.getEvents();
    if (!events.isEnabled()) {
      b.disableEvents();
    }
    b.eventCapacity(events.getCapacity())
        .flushInterval(required("events.flush-interval", events.getFlushInterval()))
        .eventBatchSize(events.getBatchSize())
        .maxConcurrentEventRequests(events.getMaxConcurrentRequests())
        .eventMaxAttempts(events.getMaxAttempts())
        .eventRequestTimeout(required("events.request-timeout", events.getRequestTimeout()))
        .shutdownTimeout(required("events.shutdown-timeout", events.getShutdownTimeout()));
    if (p.getBootstrap() != null) {
      b.bootstrap(p.getBootstrap());
    } else if (fromFile) {
      bootstrapFrom(b, p.getBootstrapFile(), p.isOffline());
    }
    for (FBConfigCustomizer c : customizers) {
      c.customize(b);
    }
    try {
      return b.build();
    } catch (FBConfigException e) {
      List<String> problems = new ArrayList<>();
      for (String text : b.validate()) {
        problems.add(translate(text, fromFile));
      }
      if (problems.isEmpty()) { // a problem only build() finds: reading or parsing bootstrap data
        problems.add(translate(e.getMessage(), fromFile));
      }
      throw new FeatBitConfigurationException(property(e.setting(), fromFile), problems, e);
    }
  }

  /**
   * A resource that is a file is passed as a path (the core reads it at build time); any other resource
   * (classpath inside a jar, URL) is read here, offline only.
   */
  private static void bootstrapFrom(FBConfig.Builder b, Resource r, boolean offline) {
    if (r.isFile()) {
      try {
        b.bootstrapFile(r.getFile().toPath());
        return;
      } catch (IOException e) {
        // read it as a stream below
      }
    }
    if (!offline) {
      b.bootstrapFile(Path.of(""));   // refused by validation: bootstrap data is only used offline
      return;
    }
    try (InputStream in = r.getInputStream()) {
      b.bootstrap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw problem("featbit.bootstrap-file", "cannot read " + r.getDescription() + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static <T> T required(String property, T value) {
    if (value == null) {
      throw new FeatBitConfigurationException(FeatBitProperties.PREFIX + "." + property,
          List.of(FeatBitProperties.PREFIX + "." + property + ": must not be empty"), null);
    }
    return value;
  }

  private static FeatBitConfigurationException problem(String property, String message, Throwable cause) {
    return new FeatBitConfigurationException(property, List.of(property + ": " + message), cause);
  }

  /** The full property name of a core setting; {@code bootstrap} is the file property when one was set. */
  static String property(String setting, boolean bootstrapFromFile) {
    String name = "bootstrap".equals(setting) && bootstrapFromFile ? "bootstrap-file" : PROPERTY_OF_SETTING.get(setting);
    return FeatBitProperties.PREFIX + "." + (name != null ? name : setting);
  }

  /** {@code "streamingUrl: must start with ..."} to {@code "featbit.streaming-url: must start with ..."}. */
  static String translate(String coreProblem, boolean bootstrapFromFile) {
    int colon = coreProblem.indexOf(": ");
    if (colon < 0) {
      return coreProblem;
    }
    String property = property(coreProblem.substring(0, colon), bootstrapFromFile);
    String message = coreProblem.substring(colon + 2).replace("offline(true)", "featbit.offline=true");
    return property + ": " + message;
  }
}
