package dev.authsidecar.reseal;

import java.time.Duration;

/** Rows per second, with a zero-length interval counted as one millisecond. */
final class RowRate {
  private RowRate() {}

  static double perSecond(int rows, Duration elapsed) {
    return rows * 1000.0 / Math.max(1, elapsed.toMillis());
  }
}
