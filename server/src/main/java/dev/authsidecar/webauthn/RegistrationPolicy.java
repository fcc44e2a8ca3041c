package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import java.util.Optional;
import java.util.UUID;

/**
 * The relying party's registration policy: which attestation it asks for and accepts, and which
 * authenticators may register (AAGUID allow and deny lists, backup eligibility). Each check answers
 * the refusal reason, or empty.
 *
 * <p>The policy in force now decides, also for a ceremony started before it was configured.
 *
 * @param rp the AAGUID lists and the backup-eligibility setting
 * @param verifiers whether attestation is required, and the verifier for each case
 */
record RegistrationPolicy(RelyingParty rp, WebAuthnVerifiers verifiers) {
  /**
   * The attestation conveyance the options ask for (WebAuthn L3 §5.4.7). With an attestation policy
   * "none" and "indirect" become "direct": "none" would strip the statement and "indirect" lets the
   * client replace it with an anonymized one that need not chain to the configured roots.
   */
  AttestationConveyancePreference conveyance(AttestationConveyancePreference requested) {
    if (verifiers.attestationRequired()
        && (requested.equals(AttestationConveyancePreference.NONE)
            || requested.equals(AttestationConveyancePreference.INDIRECT))) {
      return AttestationConveyancePreference.DIRECT;
    }
    return requested;
  }

  /**
   * The verifier for the ceremony: the attested one (every format, chains checked against the
   * roots) when the ceremony asked for attestation or the relying party requires it.
   */
  WebAuthnManager verifier(Ceremony ceremony) {
    return ceremony.attested() || verifiers.attestationRequired()
        ? verifiers.attested()
        : verifiers.none();
  }

  /**
   * WebAuthn L3 §7.1 step 24: "none" and self attestation prove nothing about the model, so a
   * relying party with an attestation policy refuses them. The attested verifier refuses them too;
   * this names the reason and does not depend on the library's list of formats.
   */
  Optional<String> refuseAttestation(AttestationObject attestation) {
    if (verifiers.attestationRequired() && !chained(attestation)) {
      return Optional.of(
          "attestation: this relying party requires an attestation chaining to a trusted root");
    }
    return Optional.empty();
  }

  /**
   * The authenticator model and kind, once webauthn4j has verified the response.
   *
   * <p>The AAGUID is the authenticator's claim. With an attestation policy the statement verified
   * chained to a trusted root over this authenticator data (L3 §7.1 steps 22 to 24), so the claim
   * is attested and the allow list holds. Without a policy only the deny list applies, as a
   * best-effort filter: an authenticator that lies about its model passes it, which is why a deny
   * list alone does not force attestation (no allow list can be set without roots).
   */
  Optional<String> refuseAuthenticator(AuthenticatorData<?> authenticatorData) {
    UUID aaguid = authenticatorData.getAttestedCredentialData().getAaguid().getValue();
    if (rp.aaguidDeny().contains(aaguid)
        || (!rp.aaguidAllow().isEmpty() && !rp.aaguidAllow().contains(aaguid))) {
      return Optional.of("aaguid: this authenticator model is not allowed");
    }
    // WebAuthn L3 §7.1 step 17: the relying party's policy on backup eligibility.
    if (rp.refuseBackupEligible() && authenticatorData.isFlagBE()) {
      return Optional.of("backup_eligible: synced credentials are not accepted here");
    }
    return Optional.empty();
  }

  /** A statement with a certificate chain (basic, AttCA or AnonCA), not "none" or self. */
  private static boolean chained(AttestationObject attestation) {
    return attestation.getAttestationStatement() instanceof CertificateBaseAttestationStatement s
        && s.getX5c() != null
        && !s.getX5c().isEmpty();
  }
}
