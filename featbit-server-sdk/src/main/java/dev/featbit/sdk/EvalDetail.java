package dev.featbit.sdk;

import java.util.Objects;

/**
 * The result of an evaluation with its explanation (spec EVAL-29): on success the served value and
 * variation id; on any fallback the caller's fallback value, unchanged, and an empty variation id.
 *
 * @param <T> the requested type
 * @since 0.1.0
 */
public final class EvalDetail<T> {
  private final String flagKey;
  private final T value;
  private final String variationId;
  private final ReasonKind reason;
  private final String reasonText;

  /** Creates a detail; used by the SDK and by test doubles. */
  public EvalDetail(String flagKey, T value, String variationId, ReasonKind reason, String reasonText) {
    this.flagKey = flagKey;
    this.value = value;
    this.variationId = variationId == null ? "" : variationId;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.reasonText = reasonText == null ? "" : reasonText;
  }

  public String flagKey() {
    return flagKey;
  }

  /** The served value, or the caller's fallback (which may be {@code null}). */
  public T value() {
    return value;
  }

  /** The served variation's id; {@code ""} for a fallback. */
  public String variationId() {
    return variationId;
  }

  public ReasonKind reason() {
    return reason;
  }

  /** Human-readable reason, e.g. {@code "match rule Beta users"}; not a stable contract. */
  public String reasonText() {
    return reasonText;
  }

  /** True when a variation was served (not a fallback). */
  public boolean isServed() {
    return reason.isServed();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EvalDetail)) {
      return false;
    }
    EvalDetail<?> d = (EvalDetail<?>) o;
    return Objects.equals(flagKey, d.flagKey) && Objects.equals(value, d.value)
        && variationId.equals(d.variationId) && reason == d.reason && reasonText.equals(d.reasonText);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flagKey, value, variationId, reason);
  }

  @Override
  public String toString() {
    return "EvalDetail{flagKey=" + flagKey + ", value=" + value + ", variationId=" + variationId
        + ", reason=" + reason + ", reasonText=" + reasonText + "}";
  }
}
