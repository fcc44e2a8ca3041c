package dev.authsidecar.device;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A remembered device as listed: never its token. */
public record DeviceInfo(
    UUID id, String label, Instant createdAt, Instant expiresAt, Optional<Instant> lastUsedAt) {}
