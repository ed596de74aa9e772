package dev.featbit.sdk.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@code CONNECT} tunnels through an HTTP proxy that requires Basic credentials, for this client only.
 *
 * <p>The JDK's HTTP client never sends Basic credentials in a {@code CONNECT} request unless the JVM-wide
 * {@code jdk.http.auth.tunneling.disabledSchemes} property is changed: neither its authenticator nor a
 * {@code Proxy-Authorization} header set on the request reaches the proxy. Every {@code https://} request and
 * every WebSocket ({@code ws://} included) through a proxy is such a tunnel. So the client that sends them is
 * given this relay as its proxy: a listener on the loopback interface which accepts a {@code CONNECT} from that
 * client only (it must carry this relay's random token, which the JDK does pass on, and name an endpoint the
 * client's own {@link #selector() selector} routed here), sends the same {@code CONNECT} to the real proxy with
 * the {@code Proxy-Authorization: Basic} header added, relays the proxy's answer, then copies bytes both ways
 * (TLS stays end to end between the client and the server).
 *
 * <p>{@code connectTimeout} bounds the connection to the proxy and the wait for its answer to {@code CONNECT}
 * (an answer that does not come is a {@code 504} to the client). Threads: {@code featbit-proxy-relay-N},
 * daemons; an accepting one and two per open tunnel; {@link #close()} stops them and closes every socket.
 * Credentials are never logged.
 */
public final class ProxyRelay implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.http");
  /** The scheme of the token the client sends to this relay (not a credential for anyone else). */
  static final String TOKEN_SCHEME = "FeatBit-Relay";
  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_TUNNELS = 64;

  private final ProxySelector upstream;
  private final byte[] basicHeader;
  private final int connectTimeoutMillis;
  private final String tokenHeader;
  private final ServerSocket listener;
  private final InetSocketAddress address;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  /** The upstream proxy chosen for each endpoint ({@code host:port}, lower case) this client connects to. */
  private final Map<String, InetSocketAddress> routes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Listens on an ephemeral loopback port and starts accepting.
   *
   * @param upstream chooses the real proxy for an endpoint ({@code null} answer or non-HTTP proxy: direct)
   * @param username the proxy user
   * @param password the proxy password
   * @param connectTimeout bound of the connection to the proxy and of its answer to {@code CONNECT}
   * @param factory makes the relay's threads
   * @throws IOException when no loopback port can be opened
   */
  public ProxyRelay(ProxySelector upstream, String username, String password, Duration connectTimeout,
      ThreadFactory factory) throws IOException {
    this.upstream = upstream;
    this.basicHeader = ("Proxy-Authorization: " + Credentials.basic(username, password) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    byte[] token = new byte[32];
    new SecureRandom().nextBytes(token);
    this.tokenHeader = TOKEN_SCHEME + " " + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.listener = new ServerSocket(0, 16, loopback);
    this.address = new InetSocketAddress(loopback, listener.getLocalPort());
    this.threads = Executors.newCachedThreadPool(factory);
    threads.execute(this::acceptLoop);
  }

  /**
   * The value of the {@code Proxy-Authorization} header the client must send to this relay: the JDK passes a
   * header of this scheme on to its {@code CONNECT} requests, and sends {@code Proxy-*} headers to no server.
   *
   * @return the header value
   */
  public String tokenHeader() {
    return tokenHeader;
  }

  /**
   * The proxy selector of the client that opens tunnels: the configured proxy of an endpoint is replaced by
   * this relay; a direct connection stays direct.
   *
   * @return the selector
   */
  public ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        List<Proxy> chosen = upstream == null ? null : upstream.select(uri);
        Proxy first = chosen == null || chosen.isEmpty() ? null : chosen.get(0);
        if (first == null || first.type() != Proxy.Type.HTTP || !(first.address() instanceof InetSocketAddress)
            || uri.getHost() == null) {
          return List.of(Proxy.NO_PROXY);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        routes.put(endpoint(uri.getHost(), port), (InetSocketAddress) first.address());
        return List.of(new Proxy(Proxy.Type.HTTP, address));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException e) {
        // the relay itself is on loopback: nothing to report to the application's selector
      }
    };
  }

  /**
   * The proxy the relay uses for an endpoint, for messages; {@code null} when none was chosen.
   *
   * @param host the endpoint's host
   * @param port the endpoint's port
   * @return the proxy address, or {@code null}
   */
  public InetSocketAddress proxyFor(String host, int port) {
    return routes.get(endpoint(host, port));
  }

  private static String endpoint(String host, int port) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("Proxy relay stopped accepting: {}", e.getClass().getSimpleName());
        }
        return;
      }
      if (sockets.size() >= 2 * MAX_TUNNELS) {
        closeQuietly(s);
        continue;
      }
      sockets.add(s);
      try {
        threads.execute(() -> serve(s));
      } catch (RejectedExecutionException shutDown) {
        closeQuietly(s);
        return;
      }
    }
  }

  /** One connection from the client: its {@code CONNECT}, then the tunnel. */
  private void serve(Socket client) {
    Socket proxy = null;
    try {
      client.setSoTimeout(connectTimeoutMillis);
      client.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
        answer(out, "405 Method Not Allowed");
        return;
      }
      if (!hasToken(lines)) {
        answer(out, "403 Forbidden");
        return;
      }
      String authority = requestLine[1];
      InetSocketAddress via = route(authority);
      if (via == null) {
        answer(out, "403 Forbidden");
        return;
      }
      proxy = new Socket();
      sockets.add(proxy);
      try {
        proxy.connect(via.isUnresolved() ? new InetSocketAddress(via.getHostString(), via.getPort()) : via,
            connectTimeoutMillis);
      } catch (IOException e) {
        LOG.warn("Cannot connect to the HTTP proxy {}:{}: {}", via.getHostString(), via.getPort(),
            e.getClass().getSimpleName());
        answer(out, "502 Bad Gateway");
        return;
      }
      proxy.setSoTimeout(connectTimeoutMillis);
      proxy.setTcpNoDelay(true);
      OutputStream up = proxy.getOutputStream();
      up.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      up.write(basicHeader);
      up.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      up.flush();
      InputStream down = proxy.getInputStream();
      String answer;
      try {
        answer = readHead(down);
      } catch (SocketTimeoutException e) {
        LOG.warn("The HTTP proxy {}:{} did not answer CONNECT within {} ms", via.getHostString(), via.getPort(),
            connectTimeoutMillis);
        answer(out, "504 Gateway Timeout");
        return;
      }
      if (answer == null) {
        answer(out, "502 Bad Gateway");
        return;
      }
      LOG.debug("The HTTP proxy answered CONNECT {} with {}", authority, answer.split("\r\n", 2)[0]);
      out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      client.setSoTimeout(0);
      proxy.setSoTimeout(0);
      Socket p = proxy;
      threads.execute(() -> pump(down, out, p, client));
      pump(in, up, client, p);
      proxy = null; // closed by the pumps
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.debug("Proxy relay connection ended: {}", e.getClass().getSimpleName());
      }
    } finally {
      if (proxy != null) {
        closeQuietly(proxy);
        closeQuietly(client);
      }
    }
  }

  private boolean hasToken(String[] lines) {
    byte[] expected = tokenHeader.getBytes(StandardCharsets.ISO_8859_1);
    boolean found = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
        byte[] given = lines[i].substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1);
        found |= MessageDigest.isEqual(expected, given);
      }
    }
    return found;
  }

  /** The proxy for a {@code CONNECT} authority, only for an endpoint the client's selector routed here. */
  private InetSocketAddress route(String authority) {
    try {
      URI u = new URI(null, authority, null, null, null);
      if (u.getHost() == null || u.getPort() < 0) {
        return null;
      }
      return routes.get(endpoint(u.getHost(), u.getPort()));
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** Copies bytes until either side ends, then closes both. */
  private void pump(InputStream from, OutputStream to, Socket a, Socket b) {
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = from.read(buf)) >= 0) {
        to.write(buf, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // one side closed or failed: the tunnel ends
    } finally {
      closeQuietly(a);
      closeQuietly(b);
    }
  }

  /** Reads an HTTP head up to and including the empty line; {@code null} on end of stream or an oversized head. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    while (head.size() < MAX_HEAD) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      head.write(c);
      if (c == (matched % 2 == 0 ? '\r' : '\n')) {
        matched++;
        if (matched == 4) {
          return head.toString(StandardCharsets.ISO_8859_1);
        }
      } else {
        matched = c == '\r' ? 1 : 0;
      }
    }
    return null;
  }

  private static void answer(OutputStream out, String status) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Stops accepting, closes every tunnel and stops the threads. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    threads.shutdownNow();
  }
}
