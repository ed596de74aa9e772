package dev.featbit.servlet;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link FBClient} for a web application: created when the application starts (waiting up to the start wait
 * for the flag data), kept as the servlet context attribute {@link #CONTEXT_ATTRIBUTE} ({@link #client}), and
 * closed when the application stops, which sends the queued events in a final flush.
 *
 * <p>Created with an {@link FBConfig}, or without one (from {@code web.xml} or {@code @WebListener}), when it reads
 * each setting from the context init parameter of that name, else from the environment variable beside it:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>init parameter</th><th>environment variable</th><th>FBConfig.Builder</th></tr>
 *   <tr><td>{@code featbit.env-secret}</td><td>{@code FEATBIT_ENV_SECRET}</td><td>{@code builder(envSecret)},
 *       required unless offline</td></tr>
 *   <tr><td>{@code featbit.streaming-url}</td><td>{@code FEATBIT_STREAMING_URL}</td><td>{@code streamingUrl},
 *       required unless offline</td></tr>
 *   <tr><td>{@code featbit.events-url}</td><td>{@code FEATBIT_EVENTS_URL}</td><td>{@code eventsUrl}</td></tr>
 *   <tr><td>{@code featbit.polling-url}</td><td>{@code FEATBIT_POLLING_URL}</td><td>{@code pollingUrl}</td></tr>
 *   <tr><td>{@code featbit.offline}</td><td>{@code FEATBIT_OFFLINE}</td><td>{@code offline}</td></tr>
 *   <tr><td>{@code featbit.bootstrap-file}</td><td>{@code FEATBIT_BOOTSTRAP_FILE}</td><td>{@code bootstrapFile}
 *       </td></tr>
 *   <tr><td>{@code featbit.start-wait}</td><td>{@code FEATBIT_START_WAIT}</td><td>{@code startWait}</td></tr>
 *   <tr><td>{@code featbit.flush-interval}</td><td>{@code FEATBIT_FLUSH_INTERVAL}</td><td>{@code flushInterval}
 *       </td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}). An invalid setting
 * stops the application's start with an {@link FBConfigException} naming it; an unreachable server does not (the
 * client keeps trying in the background and evaluations return the fallback values meanwhile).
 */
public class FeatBitServletListener implements ServletContextListener {
  /** The servlet context attribute holding the client while the application runs. */
  public static final String CONTEXT_ATTRIBUTE = FBClient.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger("featbit.servlet");

  private final FBConfig config;
  private final UnaryOperator<String> environment;
  private FBClient client;

  /** A listener reading its settings from context init parameters and environment variables. */
  public FeatBitServletListener() {
    this(null, System::getenv);
  }

  /**
   * A listener creating its client from {@code config}.
   *
   * @param config the client's configuration
   * @throws NullPointerException if {@code config} is null
   */
  public FeatBitServletListener(FBConfig config) {
    this(Objects.requireNonNull(config, "config"), name -> null);
  }

  FeatBitServletListener(FBConfig config, UnaryOperator<String> environment) {
    this.config = config;
    this.environment = environment;
  }

  /**
   * The application's client.
   *
   * @param context the web application's servlet context
   * @return the client, or {@code null} before the listener started it or after it closed it
   */
  public static FBClient client(ServletContext context) {
    Object client = context.getAttribute(CONTEXT_ATTRIBUTE);
    return client instanceof FBClient ? (FBClient) client : null;
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    FBConfig c = config != null ? config : configFrom(name -> setting(context, name));
    FBClient started = new FBClient(c);  // waits up to the start wait for the flag data
    if (started.isInitialized()) {
      LOG.info("FeatBit client ready for {}", context.getContextPath().isEmpty() ? "/" : context.getContextPath());
    } else {
      LOG.warn("FeatBit client not ready after {}: evaluations return the fallback values until the flag data "
          + "arrives; synchronisation continues in the background", c.startWait());
    }
    client = started;
    context.setAttribute(CONTEXT_ATTRIBUTE, started);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(CONTEXT_ATTRIBUTE);
    FBClient c = client;
    client = null;
    if (c != null) {
      c.close();  // stops synchronisation, then one final flush of the queued events
    }
  }

  private String setting(ServletContext context, String name) {
    String value = context.getInitParameter(name);
    if (value == null || value.isBlank()) {
      value = environment.apply(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The configuration from the settings {@code settings} gives by init parameter name.
   *
   * @throws FBConfigException naming the first invalid setting
   */
  static FBConfig configFrom(UnaryOperator<String> settings) {
    boolean offline = Boolean.parseBoolean(settings.apply("featbit.offline"));
    String secret = settings.apply("featbit.env-secret");
    FBConfig.Builder b = FBConfig.builder(secret == null && offline ? "" : secret).offline(offline);
    String streaming = settings.apply("featbit.streaming-url");
    if (streaming != null) {
      b.streamingUrl(streaming);
    }
    String events = settings.apply("featbit.events-url");
    if (events != null) {
      b.eventsUrl(events);
    }
    String polling = settings.apply("featbit.polling-url");
    if (polling != null) {
      b.pollingUrl(polling);
    }
    String bootstrap = settings.apply("featbit.bootstrap-file");
    if (bootstrap != null) {
      b.bootstrapFile(Path.of(bootstrap));
    }
    Duration startWait = duration(settings, "featbit.start-wait");
    if (startWait != null) {
      b.startWait(startWait);
    }
    Duration flush = duration(settings, "featbit.flush-interval");
    if (flush != null) {
      b.flushInterval(flush);
    }
    return b.build();
  }

  static Duration duration(UnaryOperator<String> settings, String name) {
    String text = settings.apply(name);
    if (text == null) {
      return null;
    }
    String t = text.toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return Duration.parse(text);
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      }
      if (t.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below
    }
    throw new FBConfigException(name, "must be a duration such as 500ms, 5s, 2m, 1h or PT5S (was " + text + ")");
  }
}
