package dev.featbit.sdk;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of typed evaluations by the {@link ReasonKind} the caller received, since the client started
 * (immutable). Only collected with {@link FBConfig.Builder#evaluationMetrics(boolean)}; otherwise every count is
 * zero and {@link #isEnabled()} is {@code false}.
 *
 * <p>Each {@code ...Variation} / {@code ...VariationDetail} call counts once, under the reason its
 * {@link EvalDetail} carries: a served value under {@code OFF}, {@code TARGET_MATCH}, {@code RULE_MATCH} or
 * {@code FALLTHROUGH}; a fallback under {@code CLIENT_NOT_READY}, {@code WRONG_TYPE} or {@code ERROR}.
 * {@code getAllLatestFlagVariations} and listener evaluations are not counted. The counts of one snapshot are
 * read one after the other, not atomically together; each one only grows.
 *
 * @since 0.1.0
 */
public final class EvaluationStats {
  private static final ReasonKind[] KINDS = ReasonKind.values();
  private static final EvalDetail.ErrorKind[] ERRORS = EvalDetail.ErrorKind.values();

  private final boolean enabled;
  private final long[] counts;

  /**
   * Creates a snapshot from counts per reason (a missing reason counts zero).
   *
   * @param enabled whether counting is on
   * @param counts counts per reason; {@code null} values and negative counts are refused
   * @throws IllegalArgumentException for a negative count
   */
  public EvaluationStats(boolean enabled, Map<ReasonKind, Long> counts) {
    this(enabled, counts, Collections.emptyMap());
  }

  /**
   * Creates a snapshot from counts per reason and per error kind (a missing key counts zero).
   *
   * @param enabled whether counting is on
   * @param counts counts per reason
   * @param errors counts per error kind ({@link EvalDetail.ErrorKind#NONE} counts served values)
   * @throws IllegalArgumentException for a negative count
   */
  public EvaluationStats(boolean enabled, Map<ReasonKind, Long> counts, Map<EvalDetail.ErrorKind, Long> errors) {
    this.enabled = enabled;
    this.counts = new long[KINDS.length + ERRORS.length];
    for (Map.Entry<ReasonKind, Long> e : Objects.requireNonNull(counts, "counts").entrySet()) {
      this.counts[Objects.requireNonNull(e.getKey(), "reason").ordinal()] = checked(e.getKey(), e.getValue());
    }
    for (Map.Entry<EvalDetail.ErrorKind, Long> e : Objects.requireNonNull(errors, "errors").entrySet()) {
      this.counts[KINDS.length + Objects.requireNonNull(e.getKey(), "error kind").ordinal()] =
          checked(e.getKey(), e.getValue());
    }
  }

  private static long checked(Object key, Long value) {
    long n = Objects.requireNonNull(value, "count");
    if (n < 0) {
      throw new IllegalArgumentException("negative count for " + key);
    }
    return n;
  }

  /**
   * For the SDK: takes ownership of {@code counts} (by {@link ReasonKind#ordinal()}, then by
   * {@link EvalDetail.ErrorKind#ordinal()}).
   */
  EvaluationStats(boolean enabled, long[] counts) {
    this.enabled = enabled;
    this.counts = counts;
  }

  /** All zero, counting off. */
  static EvaluationStats disabled() {
    return new EvaluationStats(false, new long[KINDS.length + ERRORS.length]);
  }

  /**
   * Whether the client counts evaluations ({@link FBConfig#isEvaluationMetricsEnabled()}).
   *
   * @return {@code true} when evaluation metrics are on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Evaluations that ended with {@code reason}.
   *
   * @param reason the reason kind
   * @return the number of typed evaluations that ended with it
   */
  public long count(ReasonKind reason) {
    return counts[reason.ordinal()];
  }

  /**
   * Evaluations that ended with {@code error}: the cause of a fallback, or {@link EvalDetail.ErrorKind#NONE}
   * for served values.
   *
   * @param error the error kind
   * @return the count
   */
  public long count(EvalDetail.ErrorKind error) {
    return counts[KINDS.length + error.ordinal()];
  }

  /**
   * All counted evaluations.
   *
   * @return the sum of the counts of every reason
   */
  public long total() {
    long t = 0;
    for (int i = 0; i < KINDS.length; i++) {
      t += counts[i];
    }
    return t;
  }

  /**
   * Every reason with its count, in {@link ReasonKind} order (unmodifiable).
   *
   * @return an unmodifiable map from reason kind to count
   */
  public Map<ReasonKind, Long> asMap() {
    EnumMap<ReasonKind, Long> m = new EnumMap<>(ReasonKind.class);
    for (ReasonKind k : KINDS) {
      m.put(k, counts[k.ordinal()]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationStats && enabled == ((EvaluationStats) o).enabled
        && Arrays.equals(counts, ((EvaluationStats) o).counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + (enabled ? 1 : 0);
  }

  @Override
  public String toString() {
    return "EvaluationStats{enabled=" + enabled + ", " + asMap() + "}";
  }
}
