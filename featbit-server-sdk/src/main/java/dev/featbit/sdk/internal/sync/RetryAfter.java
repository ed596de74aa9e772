package dev.featbit.sdk.internal.sync;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** {@code Retry-After}: delay-seconds or an HTTP date; capped at one hour. */
public final class RetryAfter {
  private RetryAfter() {}

  private static final long MAX = 3_600_000L;

  /** Milliseconds to wait, or 0 when the header is absent or unusable. */
  public static long millis(String header) {
    if (header == null || header.trim().isEmpty()) {
      return 0;
    }
    String h = header.trim();
    try {
      long seconds = Long.parseLong(h);
      return seconds <= 0 ? 0 : Math.min(seconds * 1000, MAX);
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Math.max(0, Math.min(at - System.currentTimeMillis(), MAX));
      } catch (DateTimeParseException notDate) {
        return 0;
      }
    }
  }
}
