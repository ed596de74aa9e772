package dev.featbit.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A real Tomcat 11 on 127.0.0.1 (random port, a small request thread pool so that threads are reused) running
 * one web application set up by a {@link ServletContainerInitializer}, with the given context init parameters.
 */
final class EmbeddedTomcat implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final Tomcat tomcat;
  final Context context;
  final Path baseDir;
  private boolean stopped;

  private EmbeddedTomcat(Tomcat tomcat, Context context, Path baseDir) {
    this.tomcat = tomcat;
    this.context = context;
    this.baseDir = baseDir;
  }

  static EmbeddedTomcat start(Map<String, String> initParameters, ServletContainerInitializer app)
      throws IOException, LifecycleException {
    Path baseDir = Files.createTempDirectory("featbit-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", "4");
    connector.setProperty("minSpareThreads", "4");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    initParameters.forEach(context::addParameter);
    context.addServletContainerInitializer(app, null);
    tomcat.start();
    return new EmbeddedTomcat(tomcat, context, baseDir);
  }

  boolean available() {
    return context.getState() == LifecycleState.STARTED;
  }

  int port() {
    return tomcat.getConnector().getLocalPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** GET {@code path} with the given headers (name, value, name, value...). */
  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return HTTP.send(request(path, headers), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  /** Stops the application (its listeners' contextDestroyed run) and the server. */
  void stop() throws LifecycleException {
    if (!stopped) {
      stopped = true;
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
