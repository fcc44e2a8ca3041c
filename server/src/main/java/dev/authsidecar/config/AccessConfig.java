package dev.authsidecar.config;

import dev.authsidecar.caller.CallersSource;
import dev.authsidecar.tls.TlsSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may call and over what: the callers (file or variable), TLS for the port, and how often
 * rotated files are re-read.
 *
 * @param insecureNoCallers AUTHSIDECAR_INSECURE_NO_CALLERS: lets PostgreSQL mode start without
 *     callers (logged at every start)
 */
public record AccessConfig(
    Optional<CallersSource> callers,
    Optional<TlsSettings> tls,
    boolean insecureNoCallers,
    Duration reloadInterval) {

  /** AUTHSIDECAR_RELOAD_INTERVAL: how often the callers file, certificate and key are re-read. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  /** No callers, no TLS: the fail-closed local mode, for tests and trying it out. */
  public static final AccessConfig LOCAL_ONLY =
      new AccessConfig(Optional.empty(), Optional.empty(), false, DEFAULT_RELOAD_INTERVAL);
}
