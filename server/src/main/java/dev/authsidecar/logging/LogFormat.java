package dev.authsidecar.logging;

import java.io.Console;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How log lines look: readable text for a person at a terminal, one JSON object per line for a log
 * shipper. logback.xml picks its appender from the system property {@link #PROPERTY}, which {@link
 * #select} sets before logback starts.
 */
public enum LogFormat {
  TEXT,
  JSON;

  public static final String VARIABLE = "AUTHSIDECAR_LOG_FORMAT";

  /** Read by logback.xml: {@code text} or {@code json}. */
  public static final String PROPERTY = "authsidecar.log.format";

  public static Optional<LogFormat> parse(String raw) {
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /**
   * The default: text when stdout is a terminal, JSON when it goes to a file, pipe or collector.
   */
  public static LogFormat detect() {
    return stdoutIsTerminal() ? TEXT : JSON;
  }

  /**
   * Chooses the format from the environment before the first log line; must run before anything
   * touches a logger. A malformed value falls back to the default here, and ConfigLoader then stops
   * start-up naming the variable.
   */
  public static LogFormat select(Map<String, String> env) {
    String raw = env.get(VARIABLE);
    LogFormat format =
        raw == null || raw.isBlank() ? detect() : parse(raw).orElseGet(LogFormat::detect);
    System.setProperty(PROPERTY, format.name().toLowerCase(Locale.ROOT));
    return format;
  }

  private static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ returns a Console for redirected streams too; isTerminal() tells them apart. The
      // build targets Java 21, which lacks the method, hence the reflective call.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a Console exists only at a terminal
    }
  }
}
