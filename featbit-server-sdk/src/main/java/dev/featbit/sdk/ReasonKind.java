package dev.featbit.sdk;

/**
 * Why an evaluation returned its value. Programs may rely on the kind; the accompanying reason text is
 * for humans and may change (spec EVAL-28).
 *
 * @since 0.1.0
 */
public enum ReasonKind {
  /** The flag is disabled: its disabled variation was served. */
  OFF,
  /** The user is in one of the flag's individual target lists. */
  TARGET_MATCH,
  /** A targeting rule matched; its rollout served the value. */
  RULE_MATCH,
  /** No target or rule matched; the fallthrough rollout served the value. */
  FALLTHROUGH,
  /** No flag data yet (online client before its first full data set): the caller's fallback. */
  CLIENT_NOT_READY,
  /** The served value does not convert to the requested type: the caller's fallback. */
  WRONG_TYPE,
  /**
   * Flag not found, invalid user, malformed flag data or another error: the caller's fallback
   * ({@link EvalDetail#errorKind()} says which).
   */
  ERROR;

  /**
   * Whether this kind carries a served variation rather than the caller's fallback.
   *
   * @return {@code true} for {@code OFF}, {@code TARGET_MATCH}, {@code RULE_MATCH} and {@code FALLTHROUGH}
   */
  public boolean isServed() {
    return this == OFF || this == TARGET_MATCH || this == RULE_MATCH || this == FALLTHROUGH;
  }
}
