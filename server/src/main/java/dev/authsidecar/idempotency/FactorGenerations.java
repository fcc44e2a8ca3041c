package dev.authsidecar.idempotency;

import java.util.Optional;

/**
 * The generation of a user's factor set, shared by every replica through the database. It moves
 * whenever factors or codes of the user end (reset, disable, remove, regenerate, a new factor) and
 * is new when a deleted user comes back, so an answer remembered under one generation is known to
 * be stale under any other.
 */
public interface FactorGenerations {
  /** The user's current generation; empty when the user has no state at all. */
  Optional<Long> current(String userId);
}
