package dev.featbit.spring.actuate;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.FBClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the client last received flag data: the last commit that changed flags (a flag change notification) or
 * that made the client ready again (a transition to {@code READY}, which follows every data set received after
 * an interruption). The core does not report commits that change nothing, so while synchronisation is healthy
 * and no flag changes this is the time of the last change or reconnection, not of the last message.
 *
 * <p>Created once per client; the listeners it adds end with the client.
 */
public final class DataUpdateClock {
  private final Clock clock;
  private volatile Instant lastUpdate;

  /**
   * Starts tracking the data updates of {@code client}, on the system clock.
   *
   * @param client the client whose data updates are tracked
   */
  public DataUpdateClock(FBClient client) {
    this(client, Clock.systemUTC());
  }

  DataUpdateClock(FBClient client, Clock clock) {
    this.clock = clock;
    client.flagTracker().addFlagChangeListener(e -> lastUpdate = clock.instant());
    client.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == DataUpdateStatus.State.READY) {
        lastUpdate = s.since();
      }
    });
    DataUpdateStatus now = client.dataUpdateStatusProvider().status();
    if (lastUpdate == null && now.state() == DataUpdateStatus.State.READY) {
      lastUpdate = now.since(); // the client became ready (first data) before this clock existed
    }
  }

  /**
   * The time of the last data update, or {@code null} before the first one.
   *
   * @return the instant, or {@code null}
   */
  public Instant lastUpdate() {
    return lastUpdate;
  }

  /**
   * Time since the last data update, or {@code null} before the first one.
   *
   * @return the age of the data, or {@code null}
   */
  public Duration age() {
    Instant last = lastUpdate;
    if (last == null) {
      return null;
    }
    Duration d = Duration.between(last, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
