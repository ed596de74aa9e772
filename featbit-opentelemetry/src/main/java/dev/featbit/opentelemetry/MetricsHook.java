package dev.featbit.opentelemetry;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.spi.HookContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts typed evaluations on the counter {@value #METRIC} (unit {@code {evaluation}}), with the attributes
 * {@code feature_flag.key}, {@code feature_flag.result.variant} (the variation id; absent for a fallback),
 * {@code feature_flag.result.reason} and, for a fallback, {@code error.type} (values as in
 * {@link FeatureFlagAttributes}).
 *
 * <p>Cardinality: one series per flag, variation and reason, at most
 * {@code flags × (variations × 3 served reasons + 6 error types)}; in practice a flag serves one reason or two
 * per variation. Keys of flags that do not exist (typing errors, keys built at run time) each add a series
 * under {@code flag_not_found}; the OpenTelemetry SDK caps the series of one instrument (2000 by default) and
 * folds the rest into one overflow series.
 *
 * <p>The attribute sets are built once per flag, variation and reason and then reused (up to
 * {@value #MAX_CACHED_FLAGS} flag keys), so counting allocates nothing for a flag seen before. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MetricsHook implements Hook {
  /** The counter's name, {@value}. */
  public static final String METRIC = "featbit.flag.evaluations";

  /** Flag keys whose attribute sets are kept, {@value}. */
  static final int MAX_CACHED_FLAGS = 10_000;

  private static final int REASONS = ReasonKind.values().length;
  private static final int ERRORS = EvalDetail.ErrorKind.values().length;

  private final LongCounter counter;
  private final int maxCachedFlags;
  private final ConcurrentMap<String, PerFlag> cache = new ConcurrentHashMap<>();

  private MetricsHook(LongCounter counter, int maxCachedFlags) {
    this.counter = counter;
    this.maxCachedFlags = maxCachedFlags;
  }

  /**
   * A hook counting on a meter of {@code openTelemetry}'s meter provider.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the hook
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static MetricsHook create(OpenTelemetry openTelemetry) {
    return create(openTelemetry, MAX_CACHED_FLAGS);
  }

  static MetricsHook create(OpenTelemetry openTelemetry, int maxCachedFlags) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    LongCounter counter = Scope.meter(openTelemetry).counterBuilder(METRIC)
        .setDescription("Typed feature flag evaluations by flag, variation and reason")
        .setUnit("{evaluation}")
        .build();
    return new MetricsHook(counter, maxCachedFlags);
  }

  /**
   * The hook's name, for the SDK's logs.
   *
   * @return {@code "featbit-opentelemetry-metrics"}
   */
  @Override
  public String name() {
    return "featbit-opentelemetry-metrics";
  }

  /**
   * Adds one to the counter for this flag, variation and reason.
   *
   * @param context the evaluation
   * @param data unused
   * @param detail the result
   */
  @Override
  public void afterEvaluation(HookContext context, Object data, EvalDetail<?> detail) {
    String key = context.flagKey() != null ? context.flagKey() : detail.flagKey();
    counter.add(1, attributes(key == null ? "" : key, detail));
  }

  private Attributes attributes(String key, EvalDetail<?> detail) {
    PerFlag f = cache.get(key);
    if (f == null) {
      if (cache.size() >= maxCachedFlags) {
        return build(key, detail);
      }
      f = cache.computeIfAbsent(key, k -> new PerFlag());
    }
    if (detail.isServed()) {
      String variant = detail.variationId();
      Attributes[] byReason = variant == null ? f.withoutId : f.served.get(variant);
      if (byReason == null) {
        byReason = f.served.computeIfAbsent(variant, v -> new Attributes[REASONS]);
      }
      int i = detail.reason().ordinal();
      Attributes a = byReason[i];
      if (a == null) {
        byReason[i] = a = build(key, detail); // a benign race: equal sets
      }
      return a;
    }
    int i = detail.errorKind().ordinal();
    Attributes a = f.errors[i];
    if (a == null) {
      f.errors[i] = a = build(key, detail);
    }
    return a;
  }

  private static Attributes build(String key, EvalDetail<?> detail) {
    AttributesBuilder a = Attributes.builder().put(FeatureFlagAttributes.KEY, key);
    String variant = detail.variationId();
    if (variant != null && !variant.isEmpty()) {
      a.put(FeatureFlagAttributes.RESULT_VARIANT, variant);
    }
    a.put(FeatureFlagAttributes.RESULT_REASON, FeatureFlagAttributes.reason(detail.reason()));
    String errorType = FeatureFlagAttributes.errorType(detail.errorKind());
    if (errorType != null) {
      a.put(FeatureFlagAttributes.ERROR_TYPE, errorType);
    }
    return a.build();
  }

  /** The attribute sets of one flag: by variation and reason, and by error kind. */
  private static final class PerFlag {
    final ConcurrentMap<String, Attributes[]> served = new ConcurrentHashMap<>();
    /** By reason, for a variation that has no id (a map takes no {@code null} key). */
    final Attributes[] withoutId = new Attributes[REASONS];
    final Attributes[] errors = new Attributes[ERRORS];
  }
}
