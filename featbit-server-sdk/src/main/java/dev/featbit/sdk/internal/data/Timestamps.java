package dev.featbit.sdk.internal.data;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code updatedAt} to a version in epoch milliseconds, truncating sub-millisecond digits as the server does
 * (spec 5.6, PROTO-11). A fast path handles the server's own format; anything else ISO-8601 goes through
 * {@code java.time}.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Returns the version, or {@link Long#MIN_VALUE} when the text is not an ISO-8601 date-time. */
  public static long toEpochMillis(String s) {
    if (s == null) {
      return Long.MIN_VALUE;
    }
    long fast = fast(s);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e2) {
        return Long.MIN_VALUE;
      }
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}; {@link Long#MIN_VALUE} if the text has another shape. */
  private static long fast(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    int millis = 0;
    int i = 19;
    if (i < n - 1) {
      if (s.charAt(i) != '.') {
        return Long.MIN_VALUE;
      }
      i++;
      int fracDigits = n - 1 - i;
      if (fracDigits < 1 || fracDigits > 9) {
        return Long.MIN_VALUE;
      }
      int frac = digits(s, i, fracDigits);
      if (frac < 0) {
        return Long.MIN_VALUE;
      }
      // keep the first three digits: truncation to whole milliseconds
      if (fracDigits >= 3) {
        millis = digits(s, i, 3);
      } else {
        millis = fracDigits == 1 ? frac * 100 : frac * 10;
      }
    }
    long days = epochDay(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (as {@code LocalDate.toEpochDay}). */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!((year % 4 == 0) && (year % 100 != 0 || year % 400 == 0))) {
        total--;
      }
    }
    return total - 719528;
  }
}
