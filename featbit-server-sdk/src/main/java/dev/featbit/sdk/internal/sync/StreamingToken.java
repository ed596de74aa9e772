package dev.featbit.sdk.internal.sync;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The streaming connection token (spec 2.2.1, PROTO-4): the secret with a letter-encoded millisecond
 * timestamp inserted at a random position. A fresh token is built for every connection attempt; the token
 * can be reversed to the secret, so it and every URL carrying it are credentials (PROTO-5).
 */
public final class StreamingToken {
  private static final char[] LETTERS = {'Q', 'B', 'W', 'S', 'P', 'H', 'D', 'X', 'Z', 'U'};

  private StreamingToken() {}

  /** A token for {@code secret} at {@code nowMillis} with a random start position. */
  public static String build(String secret, long nowMillis) {
    String text = stripTrailingEquals(secret);
    int position = Math.max((int) Math.floor(ThreadLocalRandom.current().nextDouble() * text.length()), 2);
    return build(secret, nowMillis, position);
  }

  /** A token with a given start position (deterministic; used by tests and vectors). */
  public static String build(String secret, long nowMillis, int position) {
    String text = stripTrailingEquals(secret);
    int p = Math.min(position, text.length());
    String ts = Long.toString(nowMillis);
    String tsField = encode(nowMillis, ts.length());
    return encode(p, 3) + encode(tsField.length(), 2) + text.substring(0, p) + tsField + text.substring(p);
  }

  /** {@code enc(n, w)}: decimal, left-padded with 0 to {@code w} (last {@code w} digits if longer), as letters. */
  static String encode(long n, int width) {
    String digits = Long.toString(n);
    if (digits.length() < width) {
      digits = "0".repeat(width - digits.length()) + digits;
    } else if (digits.length() > width) {
      digits = digits.substring(digits.length() - width);
    }
    char[] out = new char[digits.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = LETTERS[digits.charAt(i) - '0'];
    }
    return new String(out);
  }

  private static String stripTrailingEquals(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }
}
