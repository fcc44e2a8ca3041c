package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.time.Instant;
import java.util.UUID;

/** What the user needs to add the secret to an authenticator app. Returned once. */
public record NewEnrollment(
    UUID id,
    String base32Secret,
    String otpauthUri,
    byte[] qrPng,
    String qrSvg,
    Instant expiresAt,
    TotpAlgorithm algorithm,
    int digits,
    int periodSeconds) {}
