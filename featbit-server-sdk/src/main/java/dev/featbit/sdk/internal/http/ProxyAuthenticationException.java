package dev.featbit.sdk.internal.http;

import java.io.IOException;

/** An answer {@code 407 Proxy Authentication Required}; the message says what to configure (no credential). */
public final class ProxyAuthenticationException extends IOException {
  private static final long serialVersionUID = 1L;

  ProxyAuthenticationException(String message) {
    super(message);
  }
}
