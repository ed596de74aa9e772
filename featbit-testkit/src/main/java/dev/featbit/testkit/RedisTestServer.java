package dev.featbit.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, started by a test and stopped (or killed) by
 * it: no persistence, so a restart starts empty. Tests check {@link #isInstalled()} first and skip (naming
 * {@link #MISSING}) without the program, unless {@link #isRequired()} (CI), where they fail instead.
 *
 * @since 0.1.0
 */
public final class RedisTestServer implements AutoCloseable {
  /** Why a Redis test cannot run: the package to install. */
  public static final String MISSING = "redis-server is not installed: install the package redis-server "
      + "(e.g. apt-get install -y redis-server) to run the Redis tests";

  private final List<String> extraArgs;
  private final Path dir;
  private final boolean tls;
  private final int port;
  private Process process;

  private RedisTestServer(int port, boolean tls, List<String> extraArgs) throws IOException {
    this.port = port;
    this.tls = tls;
    this.extraArgs = extraArgs;
    this.dir = Files.createTempDirectory("featbit-redis-test");
  }

  /**
   * The {@code redis-server} executable on the {@code PATH} (or in {@code /usr/bin}, {@code /usr/sbin},
   * {@code /usr/local/bin}).
   *
   * @return its path, or {@code null} when it is not installed
   */
  public static Path executable() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(Arrays.asList((path == null ? "" : path).split(":")));
    dirs.add("/usr/bin");
    dirs.add("/usr/sbin");
    dirs.add("/usr/local/bin");
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Whether {@code redis-server} is installed.
   *
   * @return true when {@link #executable()} found it
   */
  public static boolean isInstalled() {
    return executable() != null;
  }

  /**
   * Whether the environment requires the Redis tests to run ({@code FEATBIT_REQUIRE_REDIS=1}, as CI sets):
   * a test then fails instead of skipping when Redis is not installed.
   *
   * @return true when required
   */
  public static boolean isRequired() {
    return "1".equals(System.getenv("FEATBIT_REQUIRE_REDIS"));
  }

  /**
   * Starts a server on a free loopback port and waits until it accepts connections.
   *
   * @param extraArgs more redis-server configuration, e.g. {@code "--requirepass", "x"}
   * @return the running server
   * @throws IllegalStateException when redis-server is not installed or does not start
   */
  public static RedisTestServer start(String... extraArgs) {
    return start(false, List.of(extraArgs));
  }

  /**
   * Starts a TLS-only server ({@code tls-port}, no plain port).
   *
   * @param extraArgs its configuration: at least {@code --tls-cert-file}, {@code --tls-key-file} and
   *     {@code --tls-ca-cert-file}
   * @return the running server
   * @throws IllegalStateException when redis-server is not installed or does not start
   */
  public static RedisTestServer startTls(String... extraArgs) {
    return start(true, List.of(extraArgs));
  }

  private static RedisTestServer start(boolean tls, List<String> extraArgs) {
    if (!isInstalled()) {
      throw new IllegalStateException(MISSING);
    }
    try {
      RedisTestServer s = new RedisTestServer(freePort(), tls, extraArgs);
      s.launch();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void launch() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(executable().toString(),
        "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--logfile", "", "--dir", dir.toString()));
    if (tls) {
      cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
    } else {
      cmd.addAll(List.of("--port", Integer.toString(port)));
    }
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    CountDownLatch ready = new CountDownLatch(1);
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (out) {
            if (out.length() < 20_000) {
              out.append(line).append('\n');
            }
          }
          if (line.contains("Ready to accept connections")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "redis-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.await(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        synchronized (out) {
          throw new IllegalStateException("redis-server did not start:\n" + out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process = p;
  }

  /**
   * The port the server listens on (the TLS port of a TLS server).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The server's URI.
   *
   * @return {@code redis://127.0.0.1:<port>}, or {@code rediss://...} for a TLS server
   */
  public String uri() {
    return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
  }

  /** Kills the process (SIGKILL): connections break at once, the data is gone. */
  public void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the server again on the same port, empty (after {@link #kill()}, or killing it first). */
  public void restart() {
    kill();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the server and deletes its working directory. */
  @Override
  public void close() {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
