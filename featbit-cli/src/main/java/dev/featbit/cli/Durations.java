package dev.featbit.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Parses durations: ISO-8601 ({@code PT10S}) or a number with a unit ({@code 500ms}, {@code 10s}, {@code 2m}). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // fall through
    }
    throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (use e.g. 500ms, 10s, 2m or "
        + "PT10S)");
  }
}
