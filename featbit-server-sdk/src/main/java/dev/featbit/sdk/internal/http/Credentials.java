package dev.featbit.sdk.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code Basic} credentials of a proxy (RFC 7617, UTF-8). */
final class Credentials {
  private Credentials() {}

  /** {@code Basic base64(user:password)}: a credential, never to be logged. */
  static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
