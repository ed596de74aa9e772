package dev.featbit.sdk;

import java.util.Objects;

/**
 * The result of an evaluation with its explanation (spec EVAL-29): on success the served value and
 * variation id ({@code null} for a variation that has no id in the flag data, as the evaluation server
 * reports it); on any fallback the caller's fallback value, unchanged, and an empty variation id.
 *
 * <p>Programs decide on {@link #reason()} and, for a fallback, on {@link #errorKind()}; the
 * {@link #reasonText()} is for people and may change.
 *
 * @param <T> the requested type
 * @since 0.1.0
 */
public final class EvalDetail<T> {
  /**
   * Why an evaluation returned the caller's fallback value, or {@link #NONE} when a variation was served.
   * Each kind belongs to exactly one {@link ReasonKind} ({@link #reason()}), except {@code NONE}, which goes
   * with every served reason. Integrations switch on it rather than on the reason text.
   *
   * @since 0.1.0
   */
  public enum ErrorKind {
    /** A variation was served: no error. */
    NONE(null),
    /** No flag data yet (an online client before its first full data set). */
    CLIENT_NOT_READY(ReasonKind.CLIENT_NOT_READY),
    /** No active flag with the requested key (unknown, deleted or archived). */
    FLAG_NOT_FOUND(ReasonKind.ERROR),
    /** No user, or a user whose key is empty or white space only. */
    USER_NOT_SPECIFIED(ReasonKind.ERROR),
    /**
     * The evaluation reached a defect in the flag's data (or a segment's): an unreadable field, an unknown
     * variation, a missing segment, no rollout slice for the user.
     */
    MALFORMED_FLAG(ReasonKind.ERROR),
    /** The served value does not convert to the requested type. */
    WRONG_TYPE(ReasonKind.WRONG_TYPE),
    /** A regular-expression condition ran out of its step budget ({@code regexStepBudget}). */
    REGEX_BUDGET_EXCEEDED(ReasonKind.ERROR),
    /** An unexpected error during the evaluation (logged once per flag version). */
    EXCEPTION(ReasonKind.ERROR);

    private final ReasonKind reason;

    ErrorKind(ReasonKind reason) {
      this.reason = reason;
    }

    /**
     * The reason kind a fallback of this kind carries.
     *
     * @return {@link ReasonKind#CLIENT_NOT_READY}, {@link ReasonKind#WRONG_TYPE} or {@link ReasonKind#ERROR};
     *     {@code null} for {@link #NONE}, which goes with any served reason
     */
    public ReasonKind reason() {
      return reason;
    }

    /** The kind a detail built without one gets: {@code NONE} when served, else the reason's generic kind. */
    static ErrorKind of(ReasonKind reason) {
      switch (reason) {
        case CLIENT_NOT_READY:
          return CLIENT_NOT_READY;
        case WRONG_TYPE:
          return WRONG_TYPE;
        case ERROR:
          return EXCEPTION;
        default:
          return NONE;
      }
    }
  }

  private final String flagKey;
  private final T value;
  private final String variationId;
  private final ReasonKind reason;
  private final String reasonText;
  private final ErrorKind errorKind;

  /**
   * Creates a detail whose error kind follows from the reason: {@link ErrorKind#NONE} for a served reason,
   * {@link ErrorKind#CLIENT_NOT_READY} and {@link ErrorKind#WRONG_TYPE} for those reasons, and
   * {@link ErrorKind#EXCEPTION} for {@link ReasonKind#ERROR} (the SDK itself uses
   * {@link #EvalDetail(String, Object, String, ReasonKind, String, ErrorKind)}, which names the exact kind).
   *
   * @param flagKey the flag key
   * @param value the served value, or the caller's fallback
   * @param variationId the served variation's id, {@code null} for a variation without one; with a fallback
   *     reason, {@code null} is read as {@code ""}
   * @param reason why this value was returned
   * @param reasonText the human-readable reason; {@code null} is read as {@code ""}
   * @throws NullPointerException if {@code reason} is null
   */
  public EvalDetail(String flagKey, T value, String variationId, ReasonKind reason, String reasonText) {
    this(flagKey, value, variationId, reason, reasonText,
        ErrorKind.of(Objects.requireNonNull(reason, "reason")));
  }

  /**
   * Creates a detail with its error kind; used by the SDK and by test doubles.
   *
   * @param flagKey the flag key
   * @param value the served value, or the caller's fallback
   * @param variationId the served variation's id, {@code null} for a variation without one; with a fallback
   *     reason, {@code null} is read as {@code ""}
   * @param reason why this value was returned
   * @param reasonText the human-readable reason; {@code null} is read as {@code ""}
   * @param errorKind {@link ErrorKind#NONE} with a served reason, otherwise a kind whose
   *     {@link ErrorKind#reason()} is {@code reason}
   * @throws NullPointerException if {@code reason} or {@code errorKind} is null
   * @throws IllegalArgumentException if {@code errorKind} does not belong to {@code reason}
   */
  public EvalDetail(String flagKey, T value, String variationId, ReasonKind reason, String reasonText,
      ErrorKind errorKind) {
    this.flagKey = flagKey;
    this.value = value;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.variationId = variationId == null && !reason.isServed() ? "" : variationId;
    this.reasonText = reasonText == null ? "" : reasonText;
    this.errorKind = Objects.requireNonNull(errorKind, "errorKind");
    if (reason.isServed() ? errorKind != ErrorKind.NONE : errorKind.reason() != reason) {
      throw new IllegalArgumentException("error kind " + errorKind + " does not go with reason " + reason);
    }
  }

  /**
   * The evaluated flag's key.
   *
   * @return the key as the caller gave it (may be {@code null} when the caller passed none)
   */
  public String flagKey() {
    return flagKey;
  }

  /**
   * The served value, or the caller's fallback.
   *
   * @return the value (may be {@code null} when the fallback was {@code null})
   */
  public T value() {
    return value;
  }

  /**
   * The served variation's id. A variation that has no {@code id} in the flag data has none here either:
   * the evaluation server reports such a variation's id as {@code null}, in its evaluation results and in
   * the insights it records, and so does the SDK.
   *
   * @return the id; {@code null} when the served variation has no id; {@code ""} for a fallback
   */
  public String variationId() {
    return variationId;
  }

  /**
   * Why the evaluation returned this value.
   *
   * @return the reason kind, never {@code null}
   */
  public ReasonKind reason() {
    return reason;
  }

  /**
   * The human-readable reason, e.g. {@code "match rule Beta users"}; not a stable contract (decide on
   * {@link #reason()} and {@link #errorKind()} instead).
   *
   * @return the text, never {@code null}
   */
  public String reasonText() {
    return reasonText;
  }

  /**
   * Why the caller's fallback was returned: the stable, machine-readable cause of a fallback.
   *
   * @return {@link ErrorKind#NONE} when a variation was served, otherwise the kind of error (its
   *     {@link ErrorKind#reason()} is {@link #reason()}); never {@code null}
   */
  public ErrorKind errorKind() {
    return errorKind;
  }

  /**
   * Whether a variation was served.
   *
   * @return {@code true} for a served variation, {@code false} for a fallback
   */
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
        && Objects.equals(variationId, d.variationId) && reason == d.reason && reasonText.equals(d.reasonText)
        && errorKind == d.errorKind;
  }

  @Override
  public int hashCode() {
    return Objects.hash(flagKey, value, variationId, reason, errorKind);
  }

  @Override
  public String toString() {
    return "EvalDetail{flagKey=" + flagKey + ", value=" + value + ", variationId=" + variationId
        + ", reason=" + reason + ", reasonText=" + reasonText + ", errorKind=" + errorKind + "}";
  }
}
