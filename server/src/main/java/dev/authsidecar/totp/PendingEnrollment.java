package dev.authsidecar.totp;

import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.factor.TotpAlgorithm;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An authenticator-app secret that waits for its first code. */
public record PendingEnrollment(
    UUID id,
    String userId,
    String label,
    SealedSecret secret,
    TotpAlgorithm algorithm,
    int digits,
    int periodSeconds,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> confirmedAt) {}
