package dev.featbit.spring.actuate;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.spi.HookContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Counts typed evaluations on the Micrometer counter {@code featbit.evaluations} tagged {@code flag} (the flag
 * key) and {@code reason} (the {@link ReasonKind} name): what {@code featbit.metrics.flag-tag=true} turns on, in
 * place of the reason-only function counters of {@link FeatBitMetrics}.
 *
 * <p>Series: flags × reasons (at most 7 per flag, usually one or two). Past {@value #MAX_FLAGS} distinct flag keys
 * (keys of flags that do not exist count too) further keys are counted under {@code flag=}{@value #OTHER}, so a
 * stream of unknown keys cannot grow the registry without bound. The counters are looked up once per flag and
 * reason and then kept. The registry is resolved at the first evaluation.
 */
public final class FlagTagMeterHook implements Hook {
  /** The meter name, {@value}. */
  public static final String METER = "featbit.evaluations";

  /** The number of flag keys given their own series, {@value}. */
  public static final int MAX_FLAGS = 1000;

  /** The {@code flag} tag of keys past {@link #MAX_FLAGS}, {@value}. */
  public static final String OTHER = "_other";

  private static final ReasonKind[] REASONS = ReasonKind.values();

  private final Supplier<MeterRegistry> registrySource;
  private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  /**
   * Creates the hook.
   *
   * @param registry supplies the registry, called once, at the first evaluation
   */
  public FlagTagMeterHook(Supplier<MeterRegistry> registry) {
    this.registrySource = Objects.requireNonNull(registry, "registry");
  }

  /**
   * The hook's name, for the SDK's logs.
   *
   * @return {@code "featbit-micrometer-flag-tag"}
   */
  @Override
  public String name() {
    return "featbit-micrometer-flag-tag";
  }

  /**
   * Increments the counter of this flag and reason.
   *
   * @param context the evaluation
   * @param data unused
   * @param detail the result
   */
  @Override
  public void afterEvaluation(HookContext context, Object data, EvalDetail<?> detail) {
    String key = context.flagKey() != null ? context.flagKey() : "";
    String flag = key;
    Counter[] byReason = counters.get(key);
    if (byReason == null) {
      flag = counters.size() < MAX_FLAGS ? key : OTHER;
      byReason = counters.computeIfAbsent(flag, k -> new Counter[REASONS.length]);
    }
    int i = detail.reason().ordinal();
    Counter c = byReason[i];
    if (c == null) { // a benign race: the registry returns the same counter
      byReason[i] = c = Counter.builder(METER).description("Typed flag evaluations by flag and reason")
          .tag("flag", flag).tag("reason", REASONS[i].name()).baseUnit("evaluations").register(registry());
    }
    c.increment();
  }

  private MeterRegistry registry() {
    MeterRegistry r = registry;
    if (r == null) {
      r = Objects.requireNonNull(registrySource.get(), "no MeterRegistry");
      registry = r;
    }
    return r;
  }
}
