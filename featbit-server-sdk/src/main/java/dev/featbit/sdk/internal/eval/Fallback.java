package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.EvalDetail.ErrorKind;

/**
 * A non-served outcome: the caller's fallback with an error kind, its reason kind and a text. The shared
 * constants below (and each {@link Defect}'s own fallback, built when the flag is compiled) are returned as
 * they are: deciding on a fallback allocates nothing.
 */
public final class Fallback extends Outcome {
  public static final Fallback CLIENT_NOT_READY = new Fallback(ErrorKind.CLIENT_NOT_READY, "client not ready");
  /** Not initialized because the server rejected the env secret: no data will come. */
  public static final Fallback SECRET_REJECTED =
      new Fallback(ErrorKind.CLIENT_NOT_READY, "env secret rejected by the server");
  public static final Fallback FLAG_NOT_FOUND = new Fallback(ErrorKind.FLAG_NOT_FOUND, "flag not found");
  public static final Fallback USER_NOT_SPECIFIED = new Fallback(ErrorKind.USER_NOT_SPECIFIED, "user not specified");
  public static final Fallback WRONG_TYPE = new Fallback(ErrorKind.WRONG_TYPE, "wrong type");
  public static final Fallback REGEX_BUDGET_EXCEEDED =
      new Fallback(ErrorKind.REGEX_BUDGET_EXCEEDED, "regex step budget exceeded");
  public static final Fallback UNEXPECTED_ERROR = new Fallback(ErrorKind.EXCEPTION, "error in evaluation");

  /** A fallback of {@code errorKind} (not {@code NONE}), with that kind's reason kind. */
  public Fallback(ErrorKind errorKind, String reasonText) {
    super(errorKind.reason(), reasonText, errorKind, false);
    if (errorKind == ErrorKind.NONE) {
      throw new IllegalArgumentException("a fallback needs an error kind");
    }
  }
}
