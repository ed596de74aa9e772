package dev.featbit.spring;

import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.config.DataSyncBuilder;
import dev.featbit.sdk.config.EventsBuilder;
import dev.featbit.sdk.config.HttpBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Builds an {@link FBConfig} from {@link FeatBitProperties}: the top-level properties onto the builder, each
 * area group onto its area builder ({@code featbit.data-sync.*} onto {@code Components.streaming()},
 * {@code polling()} or {@code noDataSync()}, {@code featbit.events.*} onto {@code Components.events()},
 * {@code featbit.http.*} onto {@code Components.http()}); applies the customizers, validates, and reports
 * problems under the property names ({@code featbit.data-sync.ping-interval}, not {@code pingInterval}).
 */
public final class FeatBitConfigFactory {
  private FeatBitConfigFactory() {}

  /**
   * The configuration for these properties.
   *
   * @param p the bound properties
   * @param customizers applied in order after the properties
   * @param evaluationMetricsAvailable whether evaluation counts have a consumer (Micrometer on the classpath);
   *     {@code featbit.evaluation-metrics} only takes effect when it is
   * @return the validated configuration
   * @throws FeatBitConfigurationException naming the first property at fault
   */
  public static FBConfig create(FeatBitProperties p, List<FBConfigCustomizer> customizers,
      boolean evaluationMetricsAvailable) {
    unresolvedPlaceholders(p);
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
        .regexStepBudget(p.getRegexStepBudget())
        .evaluationMetrics(p.isEvaluationMetrics() && evaluationMetricsAvailable)
        .defaults(p.getDefaults())
        .dataSync(dataSync(p.getDataSync()))
        .events(events(p.getEvents()))
        .http(http(p.getHttp()));
    if (p.getBootstrap() != null) {
      b.bootstrap(p.getBootstrap());
    } else if (fromFile) {
      bootstrapFrom(b, p.getBootstrapFile());
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
      String first = problems.get(0);
      int colon = first.indexOf(": ");
      throw new FeatBitConfigurationException(colon > 0 ? first.substring(0, colon) : property(e.setting(), fromFile),
          problems, e);
    }
  }

  /**
   * The data-sync area of {@code featbit.data-sync.*}: the mode chooses the builder, the other properties are
   * its settings. A customizer that replaces the area can start from it.
   *
   * @param d the bound data-sync properties
   * @return a new builder holding them
   * @throws FeatBitConfigurationException when a property is empty
   */
  public static DataSyncBuilder dataSync(FeatBitProperties.DataSync d) {
    DataSyncBuilder b = switch (required("data-sync.mode", d.getMode())) {
      case STREAMING -> Components.streaming();
      case POLLING -> Components.polling();
      case NONE -> Components.noDataSync();
    };
    Duration fallback = d.getPollingFallbackAfter();
    return b.pingInterval(required("data-sync.ping-interval", d.getPingInterval()))
        .firstRetryDelay(required("data-sync.first-retry-delay", d.getFirstRetryDelay()))
        .maxRetryDelay(required("data-sync.max-retry-delay", d.getMaxRetryDelay()))
        .pollingInterval(required("data-sync.polling-interval", d.getPollingInterval()))
        .pollingRequestTimeout(required("data-sync.polling-request-timeout", d.getPollingRequestTimeout()))
        .pollingFallbackAfter(fallback == null || fallback.isZero() || fallback.isNegative() ? null : fallback);
  }

  /**
   * The events area of {@code featbit.events.*}: {@code Components.events()}, or {@code noEvents()} when
   * disabled. A customizer that replaces the area can start from it.
   *
   * @param e the bound events properties
   * @return a new builder holding them
   * @throws FeatBitConfigurationException when a property is empty
   */
  public static EventsBuilder events(FeatBitProperties.Events e) {
    return (e.isEnabled() ? Components.events() : Components.noEvents())
        .capacity(e.getCapacity())
        .flushInterval(required("events.flush-interval", e.getFlushInterval()))
        .batchSize(e.getBatchSize())
        .maxConcurrentRequests(e.getMaxConcurrentRequests())
        .maxAttempts(e.getMaxAttempts())
        .requestTimeout(required("events.request-timeout", e.getRequestTimeout()))
        .shutdownTimeout(required("events.shutdown-timeout", e.getShutdownTimeout()));
  }

  /**
   * The HTTP area of {@code featbit.http.*}: {@code Components.http()} with the connect timeout, proxy and
   * headers. A customizer that adds what properties cannot express (an {@code SSLContext}, a proxy selector)
   * starts from it, so the properties are kept.
   *
   * @param h the bound HTTP properties
   * @return a new builder holding them
   * @throws FeatBitConfigurationException when the proxy properties are incomplete or the port is out of range
   */
  public static HttpBuilder http(FeatBitProperties.Http h) {
    HttpBuilder b = Components.http().connectTimeout(required("http.connect-timeout", h.getConnectTimeout()));
    FeatBitProperties.Proxy proxy = h.getProxy();
    if (!blank(proxy.getHost())) {
      if (proxy.getPort() == null) {
        throw problem("featbit.http.proxy.port", "is required with featbit.http.proxy.host", null);
      }
      if (proxy.getPort() < 1 || proxy.getPort() > 65535) {
        throw problem("featbit.http.proxy.port", "must be between 1 and 65535", null);
      }
      b.proxy(proxy.getHost().trim(), proxy.getPort());
    } else if (proxy.getPort() != null) {
      throw problem("featbit.http.proxy.host", "is required with featbit.http.proxy.port", null);
    }
    boolean user = !blank(proxy.getUsername());
    boolean password = proxy.getPassword() != null && !proxy.getPassword().isEmpty();
    if (user && password) {
      b.proxyAuthentication(proxy.getUsername(), proxy.getPassword());
    } else if (user || password) {
      throw problem(user ? "featbit.http.proxy.password" : "featbit.http.proxy.username",
          "is required with featbit.http.proxy." + (user ? "username" : "password"), null);
    }
    h.getHeaders().forEach((name, value) -> b.header(name, value == null ? "" : value));
    return b;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A resource that is a file is passed as a path (the core reads it at build time); any other resource
   * (classpath inside a jar, URL) is read here.
   */
  private static void bootstrapFrom(FBConfig.Builder b, Resource r) {
    if (r.isFile()) {
      try {
        b.bootstrapFile(r.getFile().toPath());
        return;
      } catch (IOException e) {
        // read it as a stream below
      }
    }
    try (InputStream in = r.getInputStream()) {
      b.bootstrap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw problem("featbit.bootstrap-file", "cannot read " + r.getDescription() + " (" + e.getClass().getSimpleName()
          + ")" + fileHint(r), e);
    }
  }

  /**
   * A value without a prefix ({@code /data/flags.json}) is a class path resource for Spring: when it is not on the
   * class path, say how to name a file instead.
   */
  private static String fileHint(Resource r) {
    if (!(r instanceof ClassPathResource)) {
      return "";
    }
    String path = ((ClassPathResource) r).getPath();
    Path absolute = Path.of("/" + path);
    if (Files.isRegularFile(absolute)) {
      return "; a value without a prefix is read from the class path: for the file " + absolute + " write "
          + "featbit.bootstrap-file=file:" + absolute;
    }
    return "; a value without a prefix is read from the class path: a file needs the file: prefix "
        + "(featbit.bootstrap-file=file:/path/to/flags.json)";
  }

  /** {@code ${NAME}} or {@code ${NAME:default}} left in a value: the placeholder's name. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

  /**
   * A {@code ${FEATBIT_ENV_SECRET}} that nothing resolved (an environment variable not set) reaches the binding
   * as its own text; it is reported as what it is, not as a malformed secret or URL.
   */
  private static void unresolvedPlaceholders(FeatBitProperties p) {
    List<String> problems = new ArrayList<>();
    String first = null;
    String[][] values = {{"env-secret", p.getEnvSecret()}, {"streaming-url", p.getStreamingUrl()},
        {"events-url", p.getEventsUrl()}, {"polling-url", p.getPollingUrl()}};
    for (String[] v : values) {
      Matcher m = v[1] == null ? null : PLACEHOLDER.matcher(v[1]);
      if (m != null && m.find()) {
        String property = FeatBitProperties.PREFIX + "." + v[0];
        first = first == null ? property : first;
        problems.add(property + ": unresolved placeholder: set " + m.group(1).trim() + " (the value is "
            + m.group() + ")");
      }
    }
    if (first != null) {
      throw new FeatBitConfigurationException(first, problems, null);
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

  /**
   * The full property name of a core setting, found from the shape of {@link FeatBitProperties}
   * ({@code pingInterval} is {@code featbit.data-sync.ping-interval}); {@code bootstrap} is the file property
   * when one was set; a setting no property sets (code-only, from a customizer) is returned as it is.
   */
  static String property(String setting, boolean bootstrapFromFile) {
    return resolve(setting, "", bootstrapFromFile).property();
  }

  private static PropertyPaths.Resolved resolve(String setting, String message, boolean bootstrapFromFile) {
    if ("bootstrap".equals(setting) && bootstrapFromFile) {
      setting = "bootstrapFile";
    }
    return PropertyPaths.resolve(setting, message);
  }

  /** {@code "streamingUrl: must start with ..."} to {@code "featbit.streaming-url: must start with ..."}. */
  static String translate(String coreProblem, boolean bootstrapFromFile) {
    int colon = coreProblem.indexOf(": ");
    if (colon < 0) {
      return coreProblem;
    }
    PropertyPaths.Resolved r = resolve(coreProblem.substring(0, colon), coreProblem.substring(colon + 2),
        bootstrapFromFile);
    String message = r.message().replace("offline(true)", "featbit.offline=true")
        .replace("noDataSync()", "none");
    return r.property() + ": " + message;
  }
}
