package dev.featbit.sdk.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts TCP connections on 127.0.0.1 and never reads or answers anything: a server whose HTTP, TLS or
 * WebSocket handshake never completes. Records when it accepted each connection. Thread: {@code test-silent}.
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> accepted = new ArrayList<>();
  private final List<Long> acceptedAtMillis = new ArrayList<>();
  private final Thread thread;

  public SilentServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    thread = new Thread(() -> {
      while (true) {
        try {
          Socket s = listener.accept();
          synchronized (accepted) {
            accepted.add(s);
            acceptedAtMillis.add(System.currentTimeMillis());
          }
        } catch (IOException e) {
          return;
        }
      }
    }, "test-silent");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** When each connection was accepted (epoch ms), in order. */
  public List<Long> acceptedAtMillis() {
    synchronized (accepted) {
      return new ArrayList<>(acceptedAtMillis);
    }
  }

  @Override
  public void close() throws Exception {
    listener.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
    thread.join(5000);
  }
}
