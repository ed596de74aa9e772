package dev.featbit.testkit;

/**
 * An HTTP answer the test server gives instead of its normal one: a status, an optional Retry-After and an
 * optional body.
 */
public final class ScriptedResponse {
  final int status;
  final String retryAfter;
  final String body;

  private ScriptedResponse(int status, String retryAfter, String body) {
    this.status = status;
    this.retryAfter = retryAfter;
    this.body = body;
  }

  /**
   * A status without a body.
   *
   * @param status the HTTP status
   * @return the answer
   */
  public static ScriptedResponse status(int status) {
    return new ScriptedResponse(status, null, null);
  }

  /**
   * A status with a {@code Retry-After} header (seconds or an HTTP date).
   *
   * @param status the HTTP status
   * @param retryAfter the header's value
   * @return the answer
   */
  public static ScriptedResponse status(int status, String retryAfter) {
    return new ScriptedResponse(status, retryAfter, null);
  }

  /**
   * A status with this body, sent as {@code application/json} by the polling endpoint (the insight endpoint
   * answers without a body): for example a data set the real server would never send, or the JSON empty patch
   * that servers before FeatBit 3.3.2 answered to an up-to-date poll.
   *
   * @param status the HTTP status
   * @param body the body text
   * @return the answer
   */
  public static ScriptedResponse body(int status, String body) {
    return new ScriptedResponse(status, null, body);
  }

  @Override
  public String toString() {
    return status + (retryAfter != null ? " (Retry-After " + retryAfter + ")" : "")
        + (body != null ? " with a body of " + body.length() + " characters" : "");
  }
}
