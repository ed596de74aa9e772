package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.ReasonKind;

/** A non-served outcome: the caller's fallback with a reason kind and text. */
public final class Fallback extends Outcome {
  public static final Fallback CLIENT_NOT_READY = new Fallback(ReasonKind.CLIENT_NOT_READY, "client not ready");
  public static final Fallback FLAG_NOT_FOUND = new Fallback(ReasonKind.ERROR, "flag not found");
  public static final Fallback USER_NOT_SPECIFIED = new Fallback(ReasonKind.ERROR, "user not specified");
  public static final Fallback WRONG_TYPE = new Fallback(ReasonKind.WRONG_TYPE, "wrong type");
  public static final Fallback UNEXPECTED_ERROR = new Fallback(ReasonKind.ERROR, "error in evaluation");

  public Fallback(ReasonKind kind, String reasonText) {
    super(kind, reasonText, false);
  }
}
