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
            accepted.notifyAll();
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

  /**
   * Waits until {@code n} connections were accepted.
   *
   * @return false if fewer had been accepted when {@code timeout} ran out
   */
  public boolean awaitAccepted(int n, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (accepted) {
      while (accepted.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        accepted.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
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
