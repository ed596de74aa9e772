package dev.featbit.sdk.internal.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Identification sent to the server. */
public final class SdkInfo {
  private SdkInfo() {}

  /** Written by the build into this resource (the project version); read once. */
  static final String VERSION_RESOURCE = "/dev/featbit/sdk/internal/version.properties";

  /** The SDK version, as built ({@code unknown} if the build did not provide it). */
  public static final String VERSION = readVersion();

  /** {@code User-Agent} of every request (PROTO-3). */
  public static final String USER_AGENT = "featbit-java-server-sdk/" + VERSION;

  static String readVersion() {
    try (InputStream in = SdkInfo.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      // an unfiltered copy (a build that skipped resource filtering) still holds the placeholder
      return v.isEmpty() || v.contains("${") ? "unknown" : v;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
