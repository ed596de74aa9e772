package dev.featbit.sdk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small forward HTTP proxy on 127.0.0.1 for tests: absolute-form requests ({@code GET http://host/path},
 * forwarded with {@code Connection: close}, bodies by {@code Content-Length}) and {@code CONNECT} tunnels. With
 * credentials it requires {@code Proxy-Authorization: Basic} on every request and answers {@code 407} with
 * {@code Proxy-Authenticate: Basic realm="featbit-test-proxy"} otherwise. Records every request head it
 * receives. Threads: {@code test-proxy-N}, daemons, stopped by {@link #close()}.
 */
public final class TestProxy implements AutoCloseable {
  /** One request head the proxy received. */
  public static final class Seen {
    public final String requestLine;
    /** Header names in lower case; repeated headers joined with ", ". */
    public final Map<String, String> headers;
    /** The raw head, as received. */
    public final String raw;
    public final boolean authorized;

    Seen(String requestLine, Map<String, String> headers, String raw, boolean authorized) {
      this.requestLine = requestLine;
      this.headers = headers;
      this.raw = raw;
      this.authorized = authorized;
    }

    public String method() {
      return requestLine.split(" ")[0];
    }

    public String target() {
      return requestLine.split(" ")[1];
    }

    @Override
    public String toString() {
      return requestLine + (authorized ? "" : " (refused)");
    }
  }

  private final String expectedAuthorization;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Seen> seen = new ArrayList<>();
  private final Object monitor = new Object();
  private volatile boolean closed;

  private TestProxy(String user, String password) throws IOException {
    this.expectedAuthorization = user == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-proxy-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    threads.execute(this::acceptLoop);
  }

  /** A proxy that requires these Basic credentials. */
  public static TestProxy start(String user, String password) throws IOException {
    return new TestProxy(user, password);
  }

  /** A proxy that requires no credentials. */
  public static TestProxy open() throws IOException {
    return new TestProxy(null, null);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Every request head received so far, in order. */
  public List<Seen> seen() {
    synchronized (monitor) {
      return new ArrayList<>(seen);
    }
  }

  /** Waits until {@code condition} holds, re-checked whenever a request arrives; false at the deadline. */
  public boolean await(Predicate<TestProxy> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!condition.test(this)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      return true;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = listener.accept();
        sockets.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException | RuntimeException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
      }
      boolean authorized = expectedAuthorization == null
          || expectedAuthorization.equals(headers.get("proxy-authorization"));
      synchronized (monitor) {
        seen.add(new Seen(lines[0], headers, head, authorized));
        monitor.notifyAll();
      }
      if (!authorized) {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
            + "realm=\"featbit-test-proxy\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return;
      }
      String[] requestLine = lines[0].split(" ");
      if (requestLine[0].equals("CONNECT")) {
        tunnel(client, requestLine[1]);
      } else {
        forward(client, requestLine, lines, headers);
      }
    } catch (IOException | RuntimeException e) {
      // the connection ends
    } finally {
      close(client);
    }
  }

  private void tunnel(Socket client, String authority) throws IOException {
    URI u = URI.create("//" + authority);
    Socket origin = new Socket();
    sockets.add(origin);
    try {
      origin.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
    } catch (IOException e) {
      client.getOutputStream().write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      close(origin);
      return;
    }
    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    client.getOutputStream().flush();
    threads.execute(() -> pump(origin, client));
    pump(client, origin);
  }

  private void forward(Socket client, String[] requestLine, String[] lines, Map<String, String> headers)
      throws IOException {
    URI target = URI.create(requestLine[1]);
    int port = target.getPort() >= 0 ? target.getPort() : 80;
    Socket origin = new Socket();
    sockets.add(origin);
    try {
      origin.connect(new InetSocketAddress(target.getHost(), port), 5000);
      StringBuilder h = new StringBuilder();
      String path = target.getRawPath() + (target.getRawQuery() != null ? "?" + target.getRawQuery() : "");
      h.append(requestLine[0]).append(' ').append(path).append(' ').append(requestLine[2]).append("\r\n");
      for (int i = 1; i < lines.length; i++) {
        String name = lines[i].split(":", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
          h.append(lines[i]).append("\r\n");
        }
      }
      h.append("Connection: close\r\n\r\n");
      OutputStream up = origin.getOutputStream();
      up.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      String length = headers.get("content-length");
      if (length != null) {
        up.write(client.getInputStream().readNBytes(Integer.parseInt(length)));
      }
      up.flush();
      origin.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    } finally {
      close(origin);
    }
  }

  private void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // one side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    int state = 0;
    while ((c = in.read()) >= 0) {
      b.write(c);
      boolean cr = c == '\r';
      boolean lf = c == '\n';
      state = (cr && (state == 0 || state == 2)) || (lf && (state == 1 || state == 3)) ? state + 1 : cr ? 1 : 0;
      if (state == 4) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
      if (b.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  private void close(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) {
      close(s);
    }
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }
}
