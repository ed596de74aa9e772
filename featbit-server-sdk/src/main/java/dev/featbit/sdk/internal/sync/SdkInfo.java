package dev.featbit.sdk.internal.sync;

/** Identification sent to the server. */
public final class SdkInfo {
  private SdkInfo() {}

  public static final String VERSION = "0.1.0";
  /** {@code User-Agent} of every request (PROTO-3). */
  public static final String USER_AGENT = "featbit-java-server-sdk/" + VERSION;
}
