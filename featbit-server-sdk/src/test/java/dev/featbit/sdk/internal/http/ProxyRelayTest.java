package dev.featbit.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.testing.LogCapture;
import dev.featbit.sdk.testing.SilentServer;
import dev.featbit.sdk.testing.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loopback relay that adds Basic proxy credentials to CONNECT tunnels, on raw sockets. */
class ProxyRelayTest {
  static final String USER = "svc";
  static final String PASSWORD = "relay-test-password";
  static final Duration T = Duration.ofSeconds(10);

  TestProxy upstream;
  ServerSocket echo;
  Thread echoThread;
  final List<ProxyRelay> relays = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    upstream = TestProxy.start(USER, PASSWORD);
    echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    echoThread = new Thread(() -> {
      while (true) {
        try (Socket s = echo.accept()) {
          s.getInputStream().transferTo(s.getOutputStream());
        } catch (IOException e) {
          if (echo.isClosed()) {
            return;
          }
        }
      }
    }, "test-echo");
    echoThread.setDaemon(true);
    echoThread.start();
  }

  @AfterEach
  void stop() throws Exception {
    relays.forEach(ProxyRelay::close);
    upstream.close();
    echo.close();
    echoThread.join(5000);
  }

  ProxyRelay relay(InetSocketAddress proxy, Duration connectTimeout) throws IOException {
    ProxyRelay r = new ProxyRelay(ProxySelector.of(proxy), USER, PASSWORD, connectTimeout,
        ClientContext.threads("proxy-relay"));
    relays.add(r);
    return r;
  }

  ProxyRelay relay() throws IOException {
    return relay(new InetSocketAddress("127.0.0.1", upstream.port()), Duration.ofSeconds(5));
  }

  /** Routes an endpoint through the relay, as the client's selector does before connecting. */
  static InetSocketAddress route(ProxyRelay r, String authority) {
    List<Proxy> chosen = r.selector().select(URI.create("https://" + authority + "/"));
    assertThat(chosen).hasSize(1);
    return (InetSocketAddress) chosen.get(0).address();
  }

  static String send(Socket s, String head) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String answer = ProxyRelay.readHead(s.getInputStream());
    return answer == null ? null : answer.split("\r\n", 2)[0];
  }

  static Socket connect(InetSocketAddress a) throws IOException {
    Socket s = new Socket();
    s.connect(a, 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void tunnelsWithTheCredentialsAddedAndCopiesBytesBothWays() throws Exception {
    ProxyRelay r = relay();
    String target = "127.0.0.1:" + echo.getLocalPort();
    InetSocketAddress relayAddress = route(r, target);
    assertThat(relayAddress.getAddress().isLoopbackAddress()).isTrue();
    try (Socket s = connect(relayAddress)) {
      assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nProxy-Authorization: "
          + r.tokenHeader() + "\r\n\r\n")).isEqualTo("HTTP/1.1 200 Connection established");
      s.getOutputStream().write("ping through the tunnel".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      byte[] back = s.getInputStream().readNBytes("ping through the tunnel".length());
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("ping through the tunnel");
    }
    TestProxy.Seen seen = upstream.seen().get(0);
    assertThat(seen.requestLine).isEqualTo("CONNECT " + target + " HTTP/1.1");
    assertThat(seen.authorized).isTrue();
    assertThat(seen.headers.get("host")).isEqualTo(target);
    assertThat(seen.headers).doesNotContainValue(r.tokenHeader());
  }

  @Test
  void refusesAConnectWithoutItsToken() throws Exception {
    ProxyRelay r = relay();
    String target = "127.0.0.1:" + echo.getLocalPort();
    InetSocketAddress relayAddress = route(r, target);
    try (Socket s = connect(relayAddress)) {
      assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"))
          .isEqualTo("HTTP/1.1 403 Forbidden");
    }
    try (Socket s = connect(relayAddress)) {
      assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: " + r.tokenHeader() + "x\r\n\r\n"))
          .isEqualTo("HTTP/1.1 403 Forbidden");
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void refusesAnEndpointTheClientDidNotRouteAndAnythingButConnect() throws Exception {
    ProxyRelay r = relay();
    InetSocketAddress relayAddress = route(r, "127.0.0.1:" + echo.getLocalPort());
    try (Socket s = connect(relayAddress)) {
      assertThat(send(s, "CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: " + r.tokenHeader() + "\r\n\r\n"))
          .isEqualTo("HTTP/1.1 403 Forbidden");
    }
    try (Socket s = connect(relayAddress)) {
      assertThat(send(s, "GET http://127.0.0.1:" + echo.getLocalPort() + "/ HTTP/1.1\r\nProxy-Authorization: "
          + r.tokenHeader() + "\r\n\r\n")).isEqualTo("HTTP/1.1 405 Method Not Allowed");
    }
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void aDirectRouteStaysDirect() throws Exception {
    ProxyRelay r = new ProxyRelay(ProxySelector.of(null), USER, PASSWORD, Duration.ofSeconds(1),
        ClientContext.threads("proxy-relay"));
    relays.add(r);
    assertThat(r.selector().select(URI.create("https://featbit.example.com/"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void anUnreachableProxyIs502AndASilentOneIs504WithinTheConnectTimeout() throws Exception {
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = gone.getLocalPort();
    }
    String target = "127.0.0.1:" + echo.getLocalPort();
    try (LogCapture logs = new LogCapture(); SilentServer silent = new SilentServer()) {
      ProxyRelay unreachable = relay(new InetSocketAddress("127.0.0.1", closedPort), Duration.ofSeconds(2));
      try (Socket s = connect(route(unreachable, target))) {
        assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: " + unreachable.tokenHeader()
            + "\r\n\r\n")).isEqualTo("HTTP/1.1 502 Bad Gateway");
      }
      assertThat(logs.lines()).anyMatch(l -> l.equals("WARN Cannot connect to the HTTP proxy 127.0.0.1:" + closedPort
          + ": ConnectException"));

      ProxyRelay slow = relay(new InetSocketAddress("127.0.0.1", silent.port()), Duration.ofMillis(300));
      long t0 = System.nanoTime();
      try (Socket s = connect(route(slow, target))) {
        assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: " + slow.tokenHeader()
            + "\r\n\r\n")).isEqualTo("HTTP/1.1 504 Gateway Timeout");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(250L, 3000L);
      assertThat(logs.lines()).noneMatch(l -> l.contains(PASSWORD) || l.contains(slow.tokenHeader()));
    }
  }

  @Test
  void closeEndsOpenTunnelsAndStopsItsThreads() throws Exception {
    ProxyRelay r = relay();
    String target = "127.0.0.1:" + echo.getLocalPort();
    try (Socket s = connect(route(r, target))) {
      assertThat(send(s, "CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: " + r.tokenHeader() + "\r\n\r\n"))
          .isEqualTo("HTTP/1.1 200 Connection established");
      List<Thread> relayThreads = relayThreads();
      assertThat(relayThreads).isNotEmpty().allMatch(Thread::isDaemon);
      r.close();
      InputStream in = s.getInputStream();
      assertThat(in.read()).as("the tunnel is closed").isEqualTo(-1);
      for (Thread t : relayThreads) {
        t.join(5000);
        assertThat(t.isAlive()).as(t.getName()).isFalse();
      }
    }
  }

  static List<Thread> relayThreads() {
    List<Thread> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("featbit-proxy-relay-")) {
        out.add(t);
      }
    }
    return out;
  }
}
