package dev.featbit.sdk.internal;

import java.net.URI;
import java.net.URISyntaxException;

/** URLs as they may appear in logs and messages. */
public final class Urls {
  private Urls() {}

  /**
   * Scheme, host, port and path only: no user information (a password can live there), query (tokens) or
   * fragment (GEN-7). {@code "<invalid url>"} when it does not parse.
   */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI u = new URI(url);
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (URISyntaxException e) {
      return "<invalid url>";
    }
  }
}
