package dev.featbit.sdk.spi;

import dev.featbit.sdk.FBConfig;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a client gives the components it builds (data sources, persistent data stores).
 *
 * @since 0.1.0
 */
public interface ComponentContext {
  /**
   * The client's configuration.
   *
   * @return the configuration
   */
  FBConfig config();

  /**
   * The client's single task thread ({@code featbit-tasks}), for timers and short non-blocking work; it is
   * stopped by the client's {@code close()}. Blocking calls (network, disk) belong on the component's own
   * threads.
   *
   * @return the scheduler
   */
  ScheduledExecutorService scheduler();

  /**
   * The client's clock: every timing decision of the SDK reads it, so tests can run in virtual time.
   *
   * @return the clock
   */
  Clock clock();

  /**
   * The environment id encoded in the env secret (a GUID in its 32-hex-digit form), for keying shared data
   * per environment; {@code null} when no secret is configured (offline).
   *
   * @return the environment id, or {@code null}
   */
  String environmentId();
}
