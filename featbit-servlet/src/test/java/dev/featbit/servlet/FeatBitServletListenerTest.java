package dev.featbit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatBitServletListener} in a real Tomcat against the test kit's FeatBit server: one client created from
 * init parameters or environment variables, ready when the application starts serving, used by servlets with the
 * filter's user, closed when the application stops with a final flush of the queued events.
 */
class FeatBitServletListenerTest {
  FeatBitTestServer server;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(TestFlag.bool("flag").serve(false).targets(true, "alice"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Evaluates {@code flag} for the filter's user with the listener's client. */
  static final class FlagServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      FBClient client = FeatBitServletListener.client(getServletContext());
      resp.getWriter().write(String.valueOf(client.boolVariation("flag", FBUserFilter.currentUser(), false)));
    }
  }

  static void app(ServletContext context, FeatBitServletListener listener) {
    context.addListener(listener);
    addFilter(context);
    ServletRegistration.Dynamic flag = context.addServlet("flag", new FlagServlet());
    flag.addMapping("/flag");
  }

  /** The README's set-up. */
  static void readmeSetUp(ServletContext context) {
    context.addListener(new FeatBitServletListener());
    FilterRegistration.Dynamic users = context.addFilter("featbit", FBUserFilter.class);
    users.setAsyncSupported(true);
    users.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
    ServletRegistration.Dynamic flag = context.addServlet("flag", new FlagServlet());
    flag.addMapping("/flag");
  }

  static void addFilter(ServletContext context) {
    FilterRegistration.Dynamic users = context.addFilter("featbit", FBUserFilter.class);
    users.setAsyncSupported(true);
    users.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
  }

  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("featbit.env-secret", server.secret());
    settings.put("featbit.streaming-url", server.streamingUrl());
    settings.put("featbit.events-url", server.httpUrl());
    settings.put("featbit.start-wait", "10s");
    settings.put("featbit.flush-interval", "1h");   // only the final flush sends
    return settings;
  }

  @Test
  void fromInitParametersReadyAtStartAndClosedWithAFinalFlushAtStop() throws Exception {
    try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(settings(), (classes, context) -> readmeSetUp(context))) {
      FBClient client = FeatBitServletListener.client(tomcat.context.getServletContext());
      assertThat(client).isNotNull();
      assertThat(client.isInitialized()).as("ready before the first request").isTrue();
      assertThat(tomcat.get("/flag", "X-User-Id", "alice").body()).isEqualTo("true");
      assertThat(tomcat.get("/flag", "X-User-Id", "bob").body()).isEqualTo("false");
      assertThat(server.insightRequests()).isEmpty();

      tomcat.stop();
      assertThat(client.isClosed()).isTrue();
      assertThat(FeatBitServletListener.client(tomcat.context.getServletContext())).isNull();
      assertThat(server.insightRequests().stream().map(RecordedRequest::body))
          .as("the final flush delivered both evaluations").anyMatch(b -> b.contains("alice"))
          .anyMatch(b -> b.contains("bob"));
    }
  }

  @Test
  void fromEnvironmentVariables() throws Exception {
    Map<String, String> env = new HashMap<>();
    settings().forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
    assertThat(env).containsKeys("FEATBIT_ENV_SECRET", "FEATBIT_STREAMING_URL", "FEATBIT_START_WAIT");
    try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(Map.of(),
        (classes, context) -> app(context, new FeatBitServletListener(null, env::get)))) {
      assertThat(tomcat.get("/flag", "X-User-Id", "alice").body()).isEqualTo("true");
    }
  }

  @Test
  void anInitParameterWinsOverTheEnvironment() {
    Map<String, String> env = Map.of("FEATBIT_START_WAIT", "3s", "FEATBIT_OFFLINE", "true");
    Map<String, String> params = Map.of("featbit.start-wait", "250ms");
    UnaryOperator<String> settings = name -> params.containsKey(name) ? params.get(name)
        : env.get(name.toUpperCase().replace('.', '_').replace('-', '_'));
    FBConfig config = FeatBitServletListener.configFrom(settings);
    assertThat(config.startWait()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.isOffline()).isTrue();
  }

  @Test
  void durationsAndInvalidSettings() {
    assertThat(FeatBitServletListener.duration(Map.of("d", "PT2S")::get, "d")).isEqualTo(Duration.ofSeconds(2));
    assertThat(FeatBitServletListener.duration(Map.of("d", "2m")::get, "d")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> FeatBitServletListener.configFrom(Map.of("featbit.start-wait", "soon")::get))
        .isInstanceOfSatisfying(FBConfigException.class, e -> assertThat(e.setting()).isEqualTo("featbit.start-wait"));
    assertThatThrownBy(() -> FeatBitServletListener.configFrom(Map.of("featbit.env-secret", server.secret())::get))
        .as("online without a streaming URL").isInstanceOf(FBConfigException.class);
  }

  @Test
  void anUnreachableServerDoesNotStopTheApplication() throws Exception {
    server.refuseConnections(503, null);
    Map<String, String> settings = settings();
    settings.put("featbit.start-wait", "0s");
    try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(settings,
        (classes, context) -> app(context, new FeatBitServletListener()))) {
      assertThat(tomcat.available()).isTrue();
      assertThat(tomcat.get("/flag", "X-User-Id", "alice").body()).as("the fallback").isEqualTo("false");
    }
  }

  @Test
  void anInvalidSettingStopsTheApplicationsStart() throws Exception {
    Map<String, String> settings = settings();
    settings.put("featbit.start-wait", "soon");
    try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(settings,
        (classes, context) -> app(context, new FeatBitServletListener()))) {
      assertThat(tomcat.available()).isFalse();
      assertThat(FeatBitServletListener.client(tomcat.context.getServletContext())).isNull();
    }
  }
}
