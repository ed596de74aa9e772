package dev.featbit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.Secrets;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featbit serve}: the test kit as a local FeatBit-compatible evaluation server for development. Any
 * FeatBit server-side SDK can connect (WebSocket streaming or polling) and send insights; the data file is
 * reloaded when it changes and the difference is pushed as patches.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs a local FeatBit-compatible evaluation server on 127.0.0.1 for development: WebSocket "
        + "streaming (/streaming), polling (/api/public/sdk/server/latest-all) and insights "
        + "(/api/public/insight/track). Reloads the data file when it changes and pushes the difference to "
        + "connected SDKs as patches; prints every insight batch received. Stops with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  FeatBitCli cli;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Flag data file (JSON).")
  Path data;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5100",
      description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}, the evaluation server's; 0 = any free port).")
  int port;

  @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:FEATBIT_ENV_SECRET}",
      description = "The env secret SDKs must use: 44 characters, as FeatBit makes them (default: "
          + "$FEATBIT_ENV_SECRET, else the one kept in --secret-file).")
  String secret;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "Without --secret: where the generated secret is kept, so that a restart serves the same one "
          + "and running SDKs reconnect (default: ~/.featbit/serve-secret, readable by its owner only).")
  Path secretFile;

  @Option(names = "--reload-check", paramLabel = "DURATION", defaultValue = "250ms", converter = Durations.class,
      description = "How often the data file is checked for changes (default: ${DEFAULT-VALUE}).")
  Duration reloadCheck;

  private static final long SMALL_FILE = 1 << 20;
  private volatile String current;
  /** The file's text when a reload refused it, so that the same text is not reported at every check. */
  private volatile String rejected;
  private volatile FileTime lastModified;
  private volatile long lastSize;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw CliException.badInput("--port must be between 0 and 65535, got " + port);
    }
    if (reloadCheck.isNegative() || reloadCheck.isZero()) {
      throw CliException.badInput("--reload-check must be positive");
    }
    boolean given = secret != null && !secret.isBlank();
    if (given && !Secrets.isWellFormed(secret.trim())) {
      throw CliException.badInput("--secret is not a well-formed FeatBit env secret: " + secretShape(secret.trim())
          + "; or leave --secret out to use a generated one");
    }
    Inputs.FlagData flagData = Inputs.flagData(data);
    Path kept = secretFile != null ? secretFile : defaultSecretFile();
    String s = given ? secret.trim() : keptSecret(kept);
    stamp();
    current = flagData.text;

    FeatBitTestServer server;
    try {
      server = FeatBitTestServer.start(s, port);
    } catch (IllegalStateException e) {
      BindException bind = cause(e, BindException.class);
      if (bind != null) {
        String why = String.valueOf(bind.getMessage());
        if (why.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
          throw CliException.failed("port " + port + " is in use on 127.0.0.1 (choose another with --port)");
        }
        throw CliException.failed("cannot listen on 127.0.0.1:" + port + ": " + why);
      }
      throw CliException.failed("cannot start the server on port " + port + ": " + e.getMessage());
    }
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "featbit-serve-reload");
      t.setDaemon(true);
      return t;
    });
    try {
      server.load(flagData.text);
      server.onInsight(this::printInsight);
      say("serving " + flagData.activeFlags() + " flag(s) and " + flagData.segments() + " segment(s) from " + data);
      say("  streaming: " + server.streamingUrl() + "   (the SDK's streamingUrl, as is: SDKs append /streaming)");
      say("  polling:   " + server.httpUrl() + "   (the SDK's pollingUrl and eventsUrl)");
      say("  env secret: " + (given ? "as given" : s + "   (kept in " + kept + ")") + "   (SDKs must use it)");
      say("watching " + data + " for changes; Ctrl-C stops");
      watcher.scheduleWithFixedDelay(() -> reload(server), reloadCheck.toMillis(), reloadCheck.toMillis(),
          TimeUnit.MILLISECONDS);
      cli.stop.await();
      say("stopping");
    } finally {
      watcher.shutdownNow(); // no reload may run against a stopped server
      watcher.awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
    return 0;
  }

  static Path defaultSecretFile() {
    return Path.of(System.getProperty("user.home"), ".featbit", "serve-secret");
  }

  /** The secret kept in {@code file}, or a new one written there (owner-only permissions where supported). */
  static String keptSecret(Path file) {
    if (Files.exists(file)) {
      String text;
      try {
        text = Files.readString(file).trim();
      } catch (IOException e) {
        throw CliException.failed("cannot read the kept secret " + file + " (" + e.getClass().getSimpleName() + ")");
      }
      if (!Secrets.isWellFormed(text)) {
        throw CliException.badInput(file + " does not hold a FeatBit env secret: delete it to have a new one "
            + "generated, or give --secret");
      }
      return text;
    }
    String s = Secrets.newSecret();
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        ownerOnly(dir, true);
      }
      Path tmp = Files.createTempFile(dir, ".serve-secret", ".tmp");
      ownerOnly(tmp, false);
      Files.writeString(tmp, s + System.lineSeparator());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      throw CliException.failed("cannot keep the generated secret in " + file + " (" + e.getClass().getSimpleName()
          + "); give --secret or another --secret-file");
    }
    return s;
  }

  private static void ownerOnly(Path p, boolean directory) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
          directory ? "rwx------" : "rw-------"));
    } else {
      java.io.File f = p.toFile();
      f.setReadable(false, false);
      f.setWritable(false, false);
      f.setReadable(true, true);
      f.setWritable(true, true);
      if (directory) {
        f.setExecutable(false, false);
        f.setExecutable(true, true);
      }
    }
  }

  /** What is wrong with a given secret, in the SDK's words (never the secret itself). */
  private static String secretShape(String s) {
    for (String problem : dev.featbit.sdk.FBConfig.builder(s).streamingUrl("ws://127.0.0.1").validate()) {
      if (problem.startsWith("envSecret: ")) {
        return problem.substring("envSecret: ".length());
      }
    }
    return "44 characters, the last 22 encoding the environment's id";
  }

  private void stamp() {
    try {
      lastModified = Files.getLastModifiedTime(data);
      lastSize = Files.size(data);
    } catch (IOException e) {
      lastModified = null;
      lastSize = -1;
    }
  }

  /** On the watcher thread: reloads the file when its time stamp or size changed and its text differs. */
  private void reload(FeatBitTestServer server) {
    try {
      FileTime m;
      long size;
      try {
        m = Files.getLastModifiedTime(data);
        size = Files.size(data);
      } catch (IOException e) {
        if (lastModified != null) {
          say("reload: " + data + " cannot be read (" + e.getClass().getSimpleName() + "); keeping the current "
              + "data");
          lastModified = null;
        }
        return;
      }
      // time stamp and size decide for large files; small ones are read every time, so an edit within the
      // file system's time-stamp granularity that keeps the size is still seen
      if (Objects.equals(m, lastModified) && size == lastSize && size > SMALL_FILE) {
        return;
      }
      lastModified = m;
      lastSize = size;
      String text = Files.readString(data);
      if (text.equals(current)) {
        rejected = null;
        return;
      }
      if (text.equals(rejected)) {
        return; // reported when it was written; said again only once the file changes
      }
      Inputs.FlagData next;
      try {
        next = Inputs.checkFlagData(text, data.toString());
      } catch (CliException e) {
        rejected = text;
        say("reload failed, keeping the current data: " + e.getMessage());
        return;
      }
      FeatBitTestServer.DataChanges changes = server.replaceData(next.text);
      current = text;
      rejected = null;
      say(changes.isEmpty() ? "reloaded " + data + ": no changes"
          : "reloaded " + data + ": " + changes + " (pushed to " + server.openConnections() + " connections)");
    } catch (IOException | RuntimeException e) {
      say("reload failed, keeping the current data: " + e);
    }
  }

  /** On a server thread: one line per insight batch. */
  private void printInsight(RecordedRequest r) {
    JsonNode body = r.json();
    if (body == null || !body.isArray()) {
      say("insight request answered " + r.answeredStatus() + ": not a JSON array");
      return;
    }
    int evals = 0;
    int metrics = 0;
    StringBuilder b = new StringBuilder();
    for (JsonNode item : body) {
      String user = item.path("user").path("keyId").asText("?");
      for (JsonNode v : item.path("variations")) {
        evals++;
        b.append("\n    ").append(user).append(": ").append(v.path("featureFlagKey").asText())
            .append(" = ").append(v.path("variation").path("value").asText())
            .append(v.path("sendToExperiment").asBoolean() ? " (experiment)" : "");
      }
      for (JsonNode m : item.path("metrics")) {
        metrics++;
        b.append("\n    ").append(user).append(": metric ").append(m.path("eventName").asText())
            .append(" = ").append(m.path("numericValue").asText());
      }
    }
    say("insights (" + r.answeredStatus() + "): " + body.size() + " items, " + evals + " evaluations, " + metrics
        + " metrics" + b);
  }

  private void say(String text) {
    synchronized (cli.out) {
      cli.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + text);
      cli.out.flush();
    }
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
