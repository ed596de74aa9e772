package dev.featbit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, whose open connections can be frozen: they stay open at both
 * ends but carry nothing any more, as a connection that a NAT, load balancer or dead host dropped silently
 * (half-open). Connections made after {@link #freeze()} work.
 */
final class FreezingProxy implements AutoCloseable {
  private final int upstreamPort;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  private static final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean frozen;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }

  FreezingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "test-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Every open connection carries nothing from now on (bytes read from either side are dropped). */
  void freeze() {
    links.forEach(l -> l.frozen = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket c = server.accept();
        Socket u = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        Link l = new Link(c, u);
        links.add(l);
        accepted.incrementAndGet();
        pump(l, c, u, "test-proxy-up");
        pump(l, u, c, "test-proxy-down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Link l, Socket from, Socket to, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!l.frozen) {
            out.write(buf, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(l.client);
        closeQuietly(l.upstream);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Link l : links) {
      closeQuietly(l.client);
      closeQuietly(l.upstream);
    }
  }
}
