package dev.authsidecar.webauthn;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A started registration or authentication, kept in the database so that any replica can finish it.
 * The challenge is 32 random bytes (WebAuthn L3 §13.4.3: at least 16).
 */
public record Ceremony(
    UUID id,
    Kind kind,
    Optional<String> userId,
    byte[] challenge,
    Requirement userVerification,
    boolean attested,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> usedAt) {

  /** What a ceremony is for. */
  public enum Kind {
    REGISTRATION,
    AUTHENTICATION
  }

  /** A WebAuthn requirement level (residentKey, userVerification). */
  public enum Requirement {
    DISCOURAGED,
    PREFERRED,
    REQUIRED;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
