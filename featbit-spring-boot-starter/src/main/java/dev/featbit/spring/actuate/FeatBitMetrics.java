package dev.featbit.spring.actuate;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.ReasonKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The client's Micrometer meters:
 *
 * <ul>
 *   <li>{@code featbit.events.accepted}, {@code featbit.events.sent}, {@code featbit.events.dropped},
 *       {@code featbit.events.failed}: function counters on {@link FBClient#eventStats()};</li>
 *   <li>{@code featbit.evaluations} tagged {@code reason} (every {@link ReasonKind}): function counters on
 *       {@link FBClient#evaluationStats()}, registered when the client counts evaluations
 *       ({@code featbit.evaluation-metrics}); with {@code featbit.metrics.flag-tag=true} the client's
 *       {@link FlagTagMeterHook} counts {@code featbit.evaluations} tagged {@code flag} and {@code reason}
 *       instead;</li>
 *   <li>{@code featbit.sync.state} tagged {@code state} (every {@link DataUpdateStatus.State}): 1 for the
 *       current state, 0 for the others;</li>
 *   <li>{@code featbit.data.update.age}: time gauge, time since the last data update ({@link DataUpdateClock});
 *       NaN before the first one.</li>
 * </ul>
 */
public class FeatBitMetrics implements MeterBinder {
  private final FBClient client;
  private final DataUpdateClock updates;

  /**
   * The meters of {@code client}, registered by {@link #bindTo}.
   *
   * @param client the client to measure
   * @param updates when the client last received data
   * @throws NullPointerException if an argument is {@code null}
   */
  public FeatBitMetrics(FBClient client, DataUpdateClock updates) {
    this.client = Objects.requireNonNull(client, "client");
    this.updates = Objects.requireNonNull(updates, "updates");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("featbit.events.accepted", client, c -> c.eventStats().accepted())
        .description("Events taken into the SDK's buffer").baseUnit("events").register(registry);
    FunctionCounter.builder("featbit.events.sent", client, c -> c.eventStats().sent())
        .description("Events the FeatBit server accepted").baseUnit("events").register(registry);
    FunctionCounter.builder("featbit.events.dropped", client, c -> c.eventStats().dropped())
        .description("Events refused because the buffer was full").baseUnit("events").register(registry);
    FunctionCounter.builder("featbit.events.failed", client, c -> c.eventStats().failed())
        .description("Accepted events that will never be delivered").baseUnit("events").register(registry);
    boolean flagTagged = client.config().hooks().stream().anyMatch(h -> h instanceof FlagTagMeterHook);
    if (client.evaluationStats().isEnabled() && !flagTagged) { // else the hook counts featbit.evaluations
      for (ReasonKind reason : ReasonKind.values()) {
        FunctionCounter.builder("featbit.evaluations", client, c -> c.evaluationStats().count(reason))
            .description("Typed flag evaluations by reason").tag("reason", reason.name())
            .baseUnit("evaluations").register(registry);
      }
    }
    if (client.evaluationStats().isEnabled()) {
      for (EvalDetail.ErrorKind error : EvalDetail.ErrorKind.values()) {
        if (error != EvalDetail.ErrorKind.NONE) {
          FunctionCounter.builder("featbit.evaluation.errors", client, c -> c.evaluationStats().count(error))
              .description("Typed flag evaluations that returned the fallback, by cause").tag("error", error.name())
              .baseUnit("evaluations").register(registry);
        }
      }
    }
    for (DataUpdateStatus.State state : DataUpdateStatus.State.values()) {
      Gauge.builder("featbit.sync.state", client, c -> c.dataUpdateStatusProvider().state() == state ? 1 : 0)
          .description("1 for the current synchronisation state of the FeatBit client").tag("state", state.name())
          .register(registry);
    }
    TimeGauge.builder("featbit.data.update.age", updates, TimeUnit.MILLISECONDS, u -> {
      Duration age = u.age();
      return age == null ? Double.NaN : age.toMillis();
    }).description("Time since the FeatBit client last received flag data").register(registry);
  }
}
