package dev.featbit.sdk;

import java.util.Objects;

/**
 * An application-wide client, for code that cannot pass an {@link FBClient} around (the counterpart of the
 * {@code set_config()} / {@code get()} pair of FeatBit's Python SDK). Thread-safe.
 *
 * <pre>{@code
 * FeatBit.init(config);                       // at startup
 * boolean on = FeatBit.get().boolVariation("new-checkout", user, false);
 * FeatBit.close();                            // at shutdown
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatBit {
  private static final Object LOCK = new Object();
  private static volatile FBClient client;
  private static FBConfig clientConfig;

  private FeatBit() {}

  /**
   * Creates the shared client from {@code config}. Called again with the same configuration object it
   * returns the existing client; with another one it closes the old client and starts a new one.
   *
   * @param config the configuration of the shared client
   * @return the shared client
   */
  public static FBClient init(FBConfig config) {
    Objects.requireNonNull(config, "config");
    synchronized (LOCK) {
      FBClient current = client;
      if (current != null && !current.isClosed() && clientConfig == config) {
        return current;
      }
      FBClient next = new FBClient(config);
      client = next;
      clientConfig = config;
      if (current != null) {
        current.close();
      }
      return next;
    }
  }

  /**
   * The shared client.
   *
   * @throws IllegalStateException if {@link #init(FBConfig)} was not called (a programming error)
   * @return the client made by the latest {@link #init(FBConfig)}
   */
  public static FBClient get() {
    FBClient c = client;
    if (c == null) {
      throw new IllegalStateException("FeatBit.init(config) must be called before FeatBit.get()");
    }
    return c;
  }

  /** Closes and forgets the shared client, if any. */
  public static void close() {
    synchronized (LOCK) {
      FBClient c = client;
      client = null;
      clientConfig = null;
      if (c != null) {
        c.close();
      }
    }
  }
}
