package dev.authsidecar.error;

/**
 * The database cannot be reached. Maps to UNAVAILABLE: the sidecar fails closed and never accepts a
 * code without the database's decision.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(Throwable cause) {
    super("database unavailable", cause);
  }
}
