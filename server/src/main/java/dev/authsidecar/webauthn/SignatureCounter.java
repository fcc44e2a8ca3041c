package dev.authsidecar.webauthn;

import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import dev.authsidecar.events.EventDraft;
import java.time.Instant;

/**
 * WebAuthn L3 §7.2 step 22, the signature counter: an assertion is accepted only when its counter
 * is above the stored one, or both are zero (an authenticator without a counter). Anything else is
 * the signal that the authenticator may have been cloned, and the assertion is refused.
 *
 * <p>webauthn4j compares the counter with the value read before verification; that comparison alone
 * would let two replicas both accept a clone's assertions carrying the same counter. The decision
 * that counts is therefore the store's: one conditional update (see {@link
 * WebAuthnStore#recordAssertion}), which also performs step 24 (the new counter and backup state
 * become the credential record's).
 */
final class SignatureCounter {
  /** The reason a caller reads, whichever of the two checks refused the counter. */
  static final String REFUSAL = "sign_count: did not increase; the authenticator may be cloned";

  private final WebAuthnStore store;

  SignatureCounter(WebAuthnStore store) {
    this.store = store;
  }

  /**
   * Moves the credential's counter to the one the verified assertion carries and records {@code
   * accepted}; false, with nothing recorded, when the counter did not increase.
   */
  boolean advance(
      StoredCredential credential,
      AuthenticatorData<?> assertion,
      Instant now,
      EventDraft accepted) {
    return store.recordAssertion(
        credential.factorId(), assertion.getSignCount(), assertion.isFlagBS(), now, accepted);
  }
}
