package dev.authsidecar.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line with only the fields that carry something: time, level, logger,
 * thread, message, the event's key-value pairs (the access log's method, status, ...) as fields of
 * their own, and the stack trace as text when there is one. logback's own JsonEncoder writes {@code
 * "mdc": {}} and {@code "throwable": null} on every line and epoch milliseconds for the time.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(256);
    line.append('{');
    field(line, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    field(line, "level", event.getLevel().toString());
    field(line, "logger", event.getLoggerName());
    field(line, "thread", event.getThreadName());
    field(line, "message", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        field(line, pair.key, String.valueOf(pair.value));
      }
    }
    if (event.getThrowableProxy() != null) {
      field(line, "throwable", ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    line.append('}').append(CoreConstants.LINE_SEPARATOR);
    return line.toString();
  }

  private static void field(StringBuilder line, String name, String value) {
    if (line.length() > 1) {
      line.append(',');
    }
    quoted(line, name);
    line.append(':');
    quoted(line, value);
  }

  /** RFC 8259 §7: quote, backslash and control characters are escaped. */
  private static void quoted(StringBuilder line, String text) {
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }
}
