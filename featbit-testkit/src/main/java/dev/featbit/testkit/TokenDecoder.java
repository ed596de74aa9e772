package dev.featbit.testkit;

/**
 * The evaluation server's decoding of a streaming token (spec 2.2.3: {@code Token.cs}, {@code TokenNumber.cs}).
 */
final class TokenDecoder {
  private TokenDecoder() {}

  /** A decoded token, or {@code null} fields when invalid. */
  static final class Decoded {
    final String secret;
    final long timestamp;

    Decoded(String secret, long timestamp) {
      this.secret = secret;
      this.timestamp = timestamp;
    }
  }

  /** Decodes a token; returns {@code null} when it is malformed. */
  static Decoded decode(String token) {
    if (token == null || token.length() < 5) {
      return null;
    }
    long position = number(token.substring(0, 3), true);
    long contentLength = number(token.substring(3, 5), true);
    if (position < 0 || contentLength < 0) {
      return null;
    }
    String payload = token.substring(5);
    if (payload.length() < position + contentLength) {
      return null;
    }
    long timestamp = number(payload.substring((int) position, (int) (position + contentLength)), false);
    if (timestamp < 0) {
      return null;
    }
    StringBuilder secret = new StringBuilder(payload.substring(0, (int) position))
        .append(payload.substring((int) (position + contentLength)));
    while (secret.length() % 4 != 0) {
      secret.append('=');
    }
    return new Decoded(secret.toString(), timestamp);
  }

  /** Letters back to digits; a byte-sized field must fit 0..255; blank is 0; -1 when invalid. */
  private static long number(String field, boolean byteSized) {
    if (field.trim().isEmpty()) {
      return 0;
    }
    StringBuilder digits = new StringBuilder();
    for (char c : field.toCharArray()) {
      int d = "QBWSPHDXZU".indexOf(c);
      if (d < 0) {
        return -1;
      }
      digits.append((char) ('0' + d));
    }
    try {
      long v = Long.parseLong(digits.toString());
      return byteSized && v > 255 ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
