package dev.featbit.sdk;

/**
 * A registered listener; {@link #close()} removes it (idempotent). A listener call already running when it
 * is closed completes; no call starts afterwards.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
