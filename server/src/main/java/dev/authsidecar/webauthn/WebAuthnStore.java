package dev.authsidecar.webauthn;

import dev.authsidecar.events.EventDraft;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The database questions WebAuthn ceremonies ask (the logic never sees SQL). */
public interface WebAuthnStore {
  /** The user's WebAuthn user handle, created (random, 32 bytes, base64url) on first use. */
  String userHandle(String userId, Instant now);

  List<StoredCredential> credentials(String userId);

  Optional<StoredCredential> credential(String credentialId);

  /** Stores an authentication ceremony (no per-user cap: see RelyingParty). */
  void addCeremony(Ceremony ceremony);

  /**
   * Stores a registration ceremony, deciding the per-user caps with the user's account row locked,
   * so that two replicas cannot both pass them.
   *
   * @throws dev.authsidecar.error.LimitExceededException when the user already has {@code
   *     maxCredentials} credentials or {@code maxPending} unfinished, unexpired registrations;
   *     nothing is stored then
   */
  void addRegistration(Ceremony ceremony, int maxCredentials, int maxPending);

  Optional<Ceremony> ceremony(UUID id);

  /**
   * Marks the ceremony used if it is unused and unexpired at {@code now}, in one conditional
   * update: a ceremony is finished at most once, on any replica.
   */
  boolean consumeCeremony(UUID id, Instant now);

  /**
   * Stores the credential as a new factor of the user; false when the credential id is already
   * registered (to anyone).
   *
   * @throws dev.authsidecar.error.LimitExceededException when the user already has {@code
   *     maxCredentials} credentials, decided in the same transaction with the account row locked;
   *     nothing is stored then
   */
  boolean addCredential(
      StoredCredential credential, String label, Instant now, EventDraft event, int maxCredentials);

  /**
   * Records a verified assertion: moves the signature counter to {@code signCount} only if that is
   * above the stored one, or both are zero (WebAuthn L3 §6.1.1), in one conditional update. False
   * means the counter did not increase: a possibly cloned authenticator.
   */
  boolean recordAssertion(
      UUID factorId, long signCount, boolean backupState, Instant now, EventDraft event);

  int purgeCeremonies(Instant cutoff);
}
