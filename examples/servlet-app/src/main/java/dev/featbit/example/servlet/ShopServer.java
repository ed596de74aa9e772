package dev.featbit.example.servlet;

import dev.featbit.sdk.FBClient;
import dev.featbit.servlet.FBUserFilter;
import dev.featbit.servlet.FeatBitServletListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A small shop API on plain servlets in an embedded Tomcat, the counterpart of FeatBit's Flask sample:
 * {@link FeatBitServletListener} owns the one FeatBit client (settings from {@code FEATBIT_*} environment
 * variables or context init parameters), {@link FBUserFilter} builds each request's user from the
 * {@code X-User-Id} header (else the key {@code anonymous}), {@link MaintenanceFilter} and {@link ShopServlet}
 * evaluate flags for it.
 */
public final class ShopServer implements AutoCloseable {
  private final Tomcat tomcat;
  private final Context context;
  private final Path baseDir;

  private ShopServer(Tomcat tomcat, Context context, Path baseDir) {
    this.tomcat = tomcat;
    this.context = context;
    this.baseDir = baseDir;
  }

  /** Runs on {@code PORT} (default 8080) on 127.0.0.1 until the process is stopped. */
  public static void main(String[] args) throws Exception {
    String port = System.getenv().getOrDefault("PORT", "8080");
    ShopServer server = start(Integer.parseInt(port), Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shop-shutdown"));
    System.out.println("Shop listening on http://127.0.0.1:" + server.port() + "/api/pricing");
    server.tomcat.getServer().await();
  }

  /**
   * Starts the shop on {@code port} (0: any free port) of 127.0.0.1.
   *
   * @param initParameters context init parameters ({@code featbit.*}), which win over the environment
   */
  public static ShopServer start(int port, Map<String, String> initParameters) throws IOException, LifecycleException {
    Path baseDir = Files.createTempDirectory("shop-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    initParameters.forEach(context::addParameter);
    context.addServletContainerInitializer((classes, servletContext) -> setUp(servletContext), null);
    tomcat.start();
    return new ShopServer(tomcat, context, baseDir);
  }

  /** The application: the FeatBit listener and user filter, the maintenance switch, the shop's servlet. */
  static void setUp(ServletContext context) {
    context.addListener(new FeatBitServletListener());

    FilterRegistration.Dynamic users = context.addFilter("featbit-user",
        new FBUserFilter(FBUserFilter.standardResolver(true, "X-User-Id", null, "anonymous")));
    users.setAsyncSupported(true);
    users.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");

    FilterRegistration.Dynamic maintenance = context.addFilter("maintenance", new MaintenanceFilter());
    maintenance.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");

    ServletRegistration.Dynamic shop = context.addServlet("shop", new ShopServlet());
    shop.addMapping("/api/*");
  }

  /** The application's FeatBit client ({@code null} once stopped). */
  public FBClient featbit() {
    return FeatBitServletListener.client(context.getServletContext());
  }

  /** The port listened on. */
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  /** Stops the application (the client's final flush) and the server. */
  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    } finally {
      try (var files = Files.walk(baseDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
  }
}
