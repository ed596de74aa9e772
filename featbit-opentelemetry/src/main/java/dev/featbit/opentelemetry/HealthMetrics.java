package dev.featbit.opentelemetry;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.EventStats;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.Subscription;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A client's synchronisation and event-delivery health as asynchronous OpenTelemetry instruments, read from the
 * client's public status each time the metrics are collected:
 *
 * <ul>
 *   <li>{@code featbit.sync.state} (gauge, attribute {@code state}: {@code NOT_READY}, {@code READY},
 *       {@code STALE}, {@code CLOSED}): 1 for the current state, 0 for the others;</li>
 *   <li>{@code featbit.data.age} (gauge, seconds): time since the client last received flag data, that is the
 *       last committed update that changed flags or made the client ready again (the SDK does not report updates
 *       that change nothing, so the age also grows while synchronisation is healthy and no flag changes); not
 *       reported before the first data;</li>
 *   <li>{@code featbit.events.accepted}, {@code featbit.events.sent}, {@code featbit.events.dropped},
 *       {@code featbit.events.failed} (counters, {@code {event}}): {@link FBClient#eventStats()}.</li>
 * </ul>
 *
 * <p>{@link #close()} removes the instruments' callback and the listeners on the client.
 *
 * @since 0.1.0
 */
public final class HealthMetrics implements AutoCloseable {
  /** The attribute of {@code featbit.sync.state}, {@code state}. */
  public static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

  private static final DataUpdateStatus.State[] STATES = DataUpdateStatus.State.values();
  private static final Attributes[] STATE_ATTRIBUTES = new Attributes[STATES.length];

  static {
    for (DataUpdateStatus.State s : STATES) {
      STATE_ATTRIBUTES[s.ordinal()] = Attributes.of(STATE, s.name());
    }
  }

  private final Clock clock;
  private final Subscription flagChanges;
  private final Subscription statusChanges;
  private final BatchCallback callback;
  private volatile Instant lastUpdate;

  private HealthMetrics(OpenTelemetry openTelemetry, FBClient client, Clock clock) {
    this.clock = clock;
    this.flagChanges = client.flagTracker().addFlagChangeListener(e -> lastUpdate = clock.instant());
    this.statusChanges = client.dataUpdateStatusProvider().addStatusListener(s -> {
      if (s.state() == DataUpdateStatus.State.READY) {
        lastUpdate = s.since();
      }
    });
    DataUpdateStatus now = client.dataUpdateStatusProvider().status();
    if (lastUpdate == null && now.state() == DataUpdateStatus.State.READY) {
      lastUpdate = now.since(); // ready before these listeners existed
    }

    Meter meter = Scope.meter(openTelemetry);
    ObservableLongMeasurement state = meter.gaugeBuilder("featbit.sync.state").ofLongs()
        .setDescription("1 for the current synchronisation state of the FeatBit client, 0 for the others")
        .setUnit("1").buildObserver();
    ObservableDoubleMeasurement age = meter.gaugeBuilder("featbit.data.age")
        .setDescription("Time since the FeatBit client last received flag data").setUnit("s").buildObserver();
    ObservableLongMeasurement accepted = meter.counterBuilder("featbit.events.accepted")
        .setDescription("Events taken into the FeatBit SDK's buffer").setUnit("{event}").buildObserver();
    ObservableLongMeasurement sent = meter.counterBuilder("featbit.events.sent")
        .setDescription("Events the FeatBit server accepted").setUnit("{event}").buildObserver();
    ObservableLongMeasurement dropped = meter.counterBuilder("featbit.events.dropped")
        .setDescription("Events refused because the buffer was full").setUnit("{event}").buildObserver();
    ObservableLongMeasurement failed = meter.counterBuilder("featbit.events.failed")
        .setDescription("Accepted events that will never be delivered").setUnit("{event}").buildObserver();
    this.callback = meter.batchCallback(() -> {
      DataUpdateStatus.State current = client.dataUpdateStatusProvider().state();
      for (DataUpdateStatus.State s : STATES) {
        state.record(s == current ? 1 : 0, STATE_ATTRIBUTES[s.ordinal()]);
      }
      Duration a = age();
      if (a != null) {
        age.record(a.toNanos() / 1e9);
      }
      EventStats e = client.eventStats();
      accepted.record(e.accepted());
      sent.record(e.sent());
      dropped.record(e.dropped());
      failed.record(e.failed());
    }, state, age, accepted, sent, dropped, failed);
  }

  /**
   * Registers the instruments for {@code client} on a meter of {@code openTelemetry}'s meter provider.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @param client the client to watch
   * @return the registration; close it to remove the instruments' callback (before or after the client closes)
   * @throws NullPointerException if an argument is null
   */
  public static HealthMetrics register(OpenTelemetry openTelemetry, FBClient client) {
    return register(openTelemetry, client, Clock.systemUTC());
  }

  static HealthMetrics register(OpenTelemetry openTelemetry, FBClient client, Clock clock) {
    return new HealthMetrics(Objects.requireNonNull(openTelemetry, "openTelemetry"),
        Objects.requireNonNull(client, "client"), clock);
  }

  /**
   * When the client last received flag data.
   *
   * @return the time, or {@code null} before the first data
   */
  public Instant lastUpdate() {
    return lastUpdate;
  }

  /**
   * The time since the client last received flag data.
   *
   * @return the age (zero rather than negative), or {@code null} before the first data
   */
  public Duration age() {
    Instant last = lastUpdate;
    if (last == null) {
      return null;
    }
    Duration d = Duration.between(last, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Removes the instruments' callback and the listeners this registration added to the client. */
  @Override
  public void close() {
    callback.close();
    flagChanges.close();
    statusChanges.close();
  }
}
