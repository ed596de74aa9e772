package dev.featbit.opentelemetry;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.ReasonKind;
import io.opentelemetry.api.common.AttributeKey;

/**
 * The OpenTelemetry semantic conventions for feature flags (version 1.44.0: the {@code feature_flag.evaluation}
 * event and the {@code feature_flag.*} attribute registry) as this module uses them, and the mapping of the
 * SDK's {@link ReasonKind} and {@link EvalDetail.ErrorKind} to the convention's values.
 *
 * <p>Reasons ({@code feature_flag.result.reason}): {@code OFF} → {@code disabled}; {@code TARGET_MATCH} and
 * {@code RULE_MATCH} → {@code targeting_match}; {@code FALLTHROUGH} → {@code default} (the flag's default rule;
 * it may be a percentage rollout, which the public result does not tell, so {@code split} is never guessed);
 * {@code CLIENT_NOT_READY}, {@code WRONG_TYPE} and {@code ERROR} → {@code error}.
 *
 * <p>Error types ({@code error.type}, only for a fallback): {@code CLIENT_NOT_READY} →
 * {@code provider_not_ready}; {@code FLAG_NOT_FOUND} → {@code flag_not_found}; {@code USER_NOT_SPECIFIED} →
 * {@code targeting_key_missing}; {@code WRONG_TYPE} → {@code type_mismatch}; {@code MALFORMED_FLAG} →
 * {@code parse_error}; {@code REGEX_BUDGET_EXCEEDED} and {@code EXCEPTION} → {@code general}.
 *
 * @since 0.1.0
 */
public final class FeatureFlagAttributes {
  /** The semantic conventions version these names follow, {@value}. */
  public static final String SEMCONV_VERSION = "1.44.0";

  /** The event name, {@value}. */
  public static final String EVALUATION_EVENT = "feature_flag.evaluation";

  /** The provider name this module reports, {@value}. */
  public static final String PROVIDER = "FeatBit";

  /** {@code feature_flag.key}: the flag key evaluated (required). */
  public static final AttributeKey<String> KEY = AttributeKey.stringKey("feature_flag.key");

  /** {@code feature_flag.provider.name}: always {@value #PROVIDER}. */
  public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("feature_flag.provider.name");

  /** {@code feature_flag.result.variant}: the served variation's id (absent for a fallback). */
  public static final AttributeKey<String> RESULT_VARIANT = AttributeKey.stringKey("feature_flag.result.variant");

  /** {@code feature_flag.result.reason}: the convention's reason, see {@link #reason(ReasonKind)}. */
  public static final AttributeKey<String> RESULT_REASON = AttributeKey.stringKey("feature_flag.result.reason");

  /** {@code feature_flag.context.id}: the user key, only when configured. */
  public static final AttributeKey<String> CONTEXT_ID = AttributeKey.stringKey("feature_flag.context.id");

  /** {@code feature_flag.error.message}: the SDK's reason text, for error types that need more detail. */
  public static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey("feature_flag.error.message");

  /** {@code error.type}: the class of error of a fallback, see {@link #errorType(EvalDetail.ErrorKind)}. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * The name of {@code feature_flag.result.value}; its type follows the value (boolean, long, double or
   * string; JSON objects and arrays as JSON text).
   */
  public static final String RESULT_VALUE = "feature_flag.result.value";

  private static final String[] REASONS = new String[ReasonKind.values().length];
  private static final String[] ERROR_TYPES = new String[EvalDetail.ErrorKind.values().length];

  static {
    for (ReasonKind r : ReasonKind.values()) {
      REASONS[r.ordinal()] = map(r);
    }
    for (EvalDetail.ErrorKind e : EvalDetail.ErrorKind.values()) {
      ERROR_TYPES[e.ordinal()] = map(e);
    }
  }

  private FeatureFlagAttributes() {}

  /**
   * The convention's {@code feature_flag.result.reason} for an SDK reason.
   *
   * @param reason the SDK's reason kind
   * @return {@code disabled}, {@code targeting_match}, {@code default} or {@code error}; {@code unknown} for
   *     {@code null}
   */
  public static String reason(ReasonKind reason) {
    return reason == null ? "unknown" : REASONS[reason.ordinal()];
  }

  /**
   * The convention's {@code error.type} for an SDK error kind.
   *
   * @param errorKind the SDK's error kind
   * @return the error type; {@code null} for {@link EvalDetail.ErrorKind#NONE} or {@code null} (no error)
   */
  public static String errorType(EvalDetail.ErrorKind errorKind) {
    return errorKind == null ? null : ERROR_TYPES[errorKind.ordinal()];
  }

  /**
   * Whether {@code error.type} alone does not describe the error, so the SDK's reason text is added as
   * {@code feature_flag.error.message}: malformed flag data, a regex budget exceeded, an unexpected error.
   */
  static boolean needsMessage(EvalDetail.ErrorKind errorKind) {
    return errorKind == EvalDetail.ErrorKind.MALFORMED_FLAG || errorKind == EvalDetail.ErrorKind.REGEX_BUDGET_EXCEEDED
        || errorKind == EvalDetail.ErrorKind.EXCEPTION;
  }

  private static String map(ReasonKind r) {
    switch (r) {
      case OFF:
        return "disabled";
      case TARGET_MATCH:
      case RULE_MATCH:
        return "targeting_match";
      case FALLTHROUGH:
        return "default";
      default:
        return "error";
    }
  }

  private static String map(EvalDetail.ErrorKind e) {
    switch (e) {
      case NONE:
        return null;
      case CLIENT_NOT_READY:
        return "provider_not_ready";
      case FLAG_NOT_FOUND:
        return "flag_not_found";
      case USER_NOT_SPECIFIED:
        return "targeting_key_missing";
      case WRONG_TYPE:
        return "type_mismatch";
      case MALFORMED_FLAG:
        return "parse_error";
      default:
        return "general";
    }
  }
}
