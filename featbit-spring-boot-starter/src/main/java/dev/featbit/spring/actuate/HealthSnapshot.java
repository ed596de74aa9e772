package dev.featbit.spring.actuate;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code featbit} health component's status and details at one moment, independent of the Spring Boot
 * generation: the Spring Boot 3 indicator ({@link FeatBitHealthIndicator}) and the Spring Boot 4 one
 * ({@code dev.featbit.spring.health.FeatBitHealthIndicator}) both report this.
 *
 * <table>
 *   <caption>status per state</caption>
 *   <tr><th>state</th><th>status</th></tr>
 *   <tr><td>{@code READY}</td><td>{@code UP}</td></tr>
 *   <tr><td>{@code STALE}</td><td>{@code UP}, detail {@code stale: true}</td></tr>
 *   <tr><td>{@code NOT_READY}</td><td>{@code UNKNOWN}</td></tr>
 *   <tr><td>{@code CLOSED}</td><td>{@code DOWN}, detail {@code rejected}</td></tr>
 * </table>
 */
public final class HealthSnapshot {
  private final String status;
  private final Map<String, Object> details;

  private HealthSnapshot(String status, Map<String, Object> details) {
    this.status = status;
    this.details = Collections.unmodifiableMap(details);
  }

  /**
   * Reads the client's state now.
   *
   * @param client the client watched
   * @param updates when the client last received data, or {@code null} when unknown
   * @return the status and details
   */
  public static HealthSnapshot of(FBClient client, DataUpdateClock updates) {
    Objects.requireNonNull(client, "client");
    DataUpdateStatus status = client.dataUpdateStatusProvider().status();
    DataUpdateStatus.State state = status.state();
    DataUpdateStatus.ErrorInfo error = status.lastError();
    String code;
    switch (state) {
      case READY:
      case STALE:
        code = "UP";
        break;
      case NOT_READY:
        code = "UNKNOWN";
        break;
      default:
        code = "DOWN";
        break;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", state.name());
    details.put("since", status.since().toString());
    details.put("stale", state == DataUpdateStatus.State.STALE);
    details.put("offline", client.config().isOffline());
    details.put("initialized", client.isInitialized());
    if (state == DataUpdateStatus.State.CLOSED) {
      details.put("rejected", error != null && error.kind() == DataUpdateStatus.ErrorKind.REJECTED);
    }
    Instant last = updates == null ? null : updates.lastUpdate();
    if (last != null) {
      details.put("lastDataUpdate", last.toString());
    }
    if (error != null) {
      details.put("lastErrorKind", error.kind().name());
      details.put("lastErrorTime", error.time().toString());
    }
    return new HealthSnapshot(code, details);
  }

  /**
   * The status code.
   *
   * @return {@code UP}, {@code UNKNOWN} or {@code DOWN}
   */
  public String status() {
    return status;
  }

  /**
   * The details, in a stable order; never the secret, no error message text.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> details() {
    return details;
  }
}
