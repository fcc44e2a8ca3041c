package dev.authsidecar.reseal;

import java.time.Duration;

/**
 * Where a running re-seal stands after a batch.
 *
 * @param resealed secrets moved to the primary key so far
 * @param remaining secrets still under other keys, as counted at the start less those done
 * @param elapsed time since the re-seal started
 */
public record ResealProgress(int batches, int resealed, int remaining, Duration elapsed) {

  /** Rows re-sealed per second so far. */
  public double rate() {
    return RowRate.perSecond(resealed, elapsed);
  }
}
