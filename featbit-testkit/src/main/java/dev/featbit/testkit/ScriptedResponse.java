package dev.featbit.testkit;

/** An HTTP answer the test server gives instead of its normal one: a status and an optional Retry-After. */
public final class ScriptedResponse {
  final int status;
  final String retryAfter;

  private ScriptedResponse(int status, String retryAfter) {
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public static ScriptedResponse status(int status) {
    return new ScriptedResponse(status, null);
  }

  /** A status with a {@code Retry-After} header (seconds or an HTTP date). */
  public static ScriptedResponse status(int status, String retryAfter) {
    return new ScriptedResponse(status, retryAfter);
  }

  @Override
  public String toString() {
    return status + (retryAfter != null ? " (Retry-After " + retryAfter + ")" : "");
  }
}
