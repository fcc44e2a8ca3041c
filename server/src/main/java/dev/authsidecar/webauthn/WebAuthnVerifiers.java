package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.anchor.TrustAnchorRepository;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.metadata.anchor.AggregatingTrustAnchorRepository;
import com.webauthn4j.verifier.attestation.statement.AttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidkey.AndroidKeyAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidsafetynet.AndroidSafetyNetAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.apple.AppleAnonymousAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.DefaultCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The two verification setups: attestation "none" (the default: the statement is checked for form
 * but no trust is claimed from it), and full attestation, where a packed, fido-u2f, tpm,
 * android-key, android-safetynet or apple statement must verify and, when trust anchors are
 * configured, chain to one of them.
 *
 * <p>When the relying party has an attestation policy (trust anchors, an MDS3 BLOB or an AAGUID
 * allow list), every registration takes the attested path, and that path accepts neither "none" nor
 * self attestation: only a statement whose certificate chain ends in a configured root proves which
 * authenticator model made the credential (WebAuthn L3 §6.5.4, §7.1 steps 21 to 24).
 */
final class WebAuthnVerifiers {
  private final WebAuthnManager none;
  private final WebAuthnManager attested;
  private final boolean attestationRequired;

  WebAuthnVerifiers(RelyingParty rp, ObjectConverter converter) {
    List<TrustAnchorRepository> roots = roots(rp, converter);
    // An allow list is only as good as the AAGUID it is checked against; without roots nothing
    // can prove an AAGUID, so the list could not be enforced. Refuse to start rather than accept
    // every self-claimed model.
    if (!rp.aaguidAllow().isEmpty() && roots.isEmpty()) {
      throw new RelyingPartyConfigException(
          "AUTHSIDECAR_WEBAUTHN_AAGUID_ALLOW",
          "needs attestation roots to check AAGUIDs against; set "
              + PemTrustAnchors.VARIABLE
              + " or "
              + Mds3TrustAnchors.VARIABLE);
    }
    this.attestationRequired = !roots.isEmpty();
    this.none = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    List<AttestationStatementVerifier> formats =
        new ArrayList<>(
            List.of(
                new PackedAttestationStatementVerifier(),
                new FIDOU2FAttestationStatementVerifier(),
                new TPMAttestationStatementVerifier(),
                new AndroidKeyAttestationStatementVerifier(),
                new AndroidSafetyNetAttestationStatementVerifier(),
                new AppleAnonymousAttestationStatementVerifier()));
    if (!attestationRequired) {
      formats.add(new NoneAttestationStatementVerifier());
    }
    this.attested =
        new WebAuthnManager(
            formats,
            certPathVerifier(roots),
            new DefaultSelfAttestationTrustworthinessVerifier(!attestationRequired),
            converter);
  }

  /** The configured attestation roots: a PEM bundle, an MDS3 BLOB, both or none. */
  private static List<TrustAnchorRepository> roots(RelyingParty rp, ObjectConverter converter) {
    List<TrustAnchorRepository> roots = new ArrayList<>();
    rp.trustAnchors().ifPresent(pem -> roots.add(PemTrustAnchors.read(pem)));
    rp.metadataBlob().ifPresent(blob -> roots.add(Mds3TrustAnchors.read(blob, converter)));
    return roots;
  }

  /** Chains must end in a configured root (PEM bundle, MDS3 BLOB or both), when any is set. */
  private static CertPathTrustworthinessVerifier certPathVerifier(
      List<TrustAnchorRepository> roots) {
    return switch (roots.size()) {
      case 0 -> new NullCertPathTrustworthinessVerifier();
      case 1 -> new DefaultCertPathTrustworthinessVerifier(roots.getFirst());
      default ->
          new DefaultCertPathTrustworthinessVerifier(
              new AggregatingTrustAnchorRepository(roots.toArray(TrustAnchorRepository[]::new)));
    };
  }

  /**
   * True when the relying party has attestation roots: every registration must then carry an
   * attestation that chains to one of them, whatever the StartRegistration request asked for.
   */
  boolean attestationRequired() {
    return attestationRequired;
  }

  WebAuthnManager none() {
    return none;
  }

  WebAuthnManager attested() {
    return attested;
  }
}
