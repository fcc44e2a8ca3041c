package dev.authsidecar.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed reads of AUTHSIDECAR_* variables. Every failure names the variable and says what is wrong,
 * so a bad deployment stops with one clear line.
 */
final class Settings {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, String> env;

  Settings(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> optional(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  /** A comma-separated list; empty when unset. */
  Set<String> list(String name) {
    return optional(name)
        .map(
            raw ->
                Arrays.stream(raw.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new)))
        .map(set -> (Set<String>) set)
        .orElse(Set.of());
  }

  String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  int integer(String name, int fallback, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "must be a whole number, got '" + raw.get() + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Accepts "30s", "10m", "24h", "7d", "500ms" or ISO-8601 ("PT30S"). */
  Duration duration(String name, Duration fallback, Duration min, Duration max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    Duration value = parseDuration(name, raw.get());
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          name, "must be between " + min + " and " + max + ", got " + raw.get());
    }
    return value;
  }

  boolean bool(String name, boolean fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name, "must be true or false, got '" + raw.get() + "'");
    };
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, raw.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          name,
          "must be one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ", got '"
              + raw.get()
              + "'");
    }
  }

  private static Duration parseDuration(String name, String raw) {
    Matcher m = SHORT_DURATION.matcher(raw.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          name, "must be a duration such as 30s, 10m, 24h or PT30S, got '" + raw + "'");
    }
  }
}
