package dev.authsidecar.factor;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What may be shown about an active factor: never its secret. */
public record FactorInfo(
    UUID id,
    FactorType type,
    String label,
    Instant createdAt,
    Optional<Instant> lastUsedAt,
    Optional<TotpInfo> totp) {

  /** The public parameters of a TOTP factor. */
  public record TotpInfo(TotpAlgorithm algorithm, int digits, int periodSeconds, int driftSteps) {}
}
