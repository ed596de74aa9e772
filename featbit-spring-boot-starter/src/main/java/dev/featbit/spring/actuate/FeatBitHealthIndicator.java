package dev.featbit.spring.actuate;

import dev.featbit.sdk.FBClient;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health {@code featbit} on Spring Boot 3 ({@code org.springframework.boot.actuate.health}), from the client's
 * synchronisation state ({@link HealthSnapshot}; on Spring Boot 4 the starter registers
 * {@code dev.featbit.spring.health.FeatBitHealthIndicator} instead):
 *
 * <table>
 *   <caption>status per state</caption>
 *   <tr><th>state</th><th>status</th></tr>
 *   <tr><td>{@code READY}</td><td>{@code UP}</td></tr>
 *   <tr><td>{@code STALE} (connection or persistent store interrupted, last data still served)</td><td>{@code UP} with detail
 *       {@code stale: true}: evaluations keep working from the last data, so taking the instance out of
 *       service would not help</td></tr>
 *   <tr><td>{@code NOT_READY} (no flag data yet)</td><td>{@code UNKNOWN}</td></tr>
 *   <tr><td>{@code CLOSED} (client closed, or secret rejected: close code 4003 / HTTP 401/403)</td>
 *       <td>{@code DOWN}, with {@code rejected: true} for a rejected secret</td></tr>
 * </table>
 *
 * <p>Details: {@code state}, {@code since}, {@code stale}, {@code offline}, {@code initialized},
 * {@code lastDataUpdate} (when known), and {@code lastErrorKind}/{@code lastErrorTime} of the last error. Never the
 * secret, and no error message text.
 */
public class FeatBitHealthIndicator extends AbstractHealthIndicator {
  private final FBClient client;
  private final DataUpdateClock updates;

  /**
   * A health indicator for {@code client}.
   *
   * @param client the client to report on
   * @param updates when the client last received data, or {@code null} to leave out {@code lastDataUpdate}
   * @throws NullPointerException if {@code client} is {@code null}
   */
  public FeatBitHealthIndicator(FBClient client, DataUpdateClock updates) {
    super("FeatBit health check failed");
    this.client = Objects.requireNonNull(client, "client");
    this.updates = updates;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    HealthSnapshot snapshot = HealthSnapshot.of(client, updates);
    builder.status(snapshot.status()).withDetails(snapshot.details());
  }
}
