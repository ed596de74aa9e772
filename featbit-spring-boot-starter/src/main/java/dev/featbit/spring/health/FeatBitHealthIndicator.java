package dev.featbit.spring.health;

import dev.featbit.sdk.FBClient;
import dev.featbit.spring.actuate.DataUpdateClock;
import dev.featbit.spring.actuate.HealthSnapshot;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health {@code featbit} on Spring Boot 4 ({@code org.springframework.boot.health.contributor}, module
 * {@code spring-boot-health}): the same status and details as on Spring Boot 3 ({@link HealthSnapshot}):
 * {@code UP} when ready or stale (detail {@code stale: true}), {@code UNKNOWN} before the first data,
 * {@code DOWN} once closed (detail {@code rejected: true} for a rejected secret).
 */
public class FeatBitHealthIndicator extends AbstractHealthIndicator {
  private final FBClient client;
  private final DataUpdateClock updates;

  /**
   * An indicator watching {@code client}.
   *
   * @param client the client watched
   * @param updates when the client last received data, or {@code null} when unknown
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
