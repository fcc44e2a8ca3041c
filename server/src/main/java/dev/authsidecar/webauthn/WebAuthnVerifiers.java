package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.anchor.TrustAnchorRepository;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.metadata.anchor.AggregatingTrustAnchorRepository;
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
 */
final class WebAuthnVerifiers {
  private final WebAuthnManager none;
  private final WebAuthnManager attested;

  WebAuthnVerifiers(RelyingParty rp, ObjectConverter converter) {
    this.none = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    this.attested =
        new WebAuthnManager(
            List.of(
                new PackedAttestationStatementVerifier(),
                new FIDOU2FAttestationStatementVerifier(),
                new TPMAttestationStatementVerifier(),
                new AndroidKeyAttestationStatementVerifier(),
                new AndroidSafetyNetAttestationStatementVerifier(),
                new AppleAnonymousAttestationStatementVerifier(),
                new NoneAttestationStatementVerifier()),
            certPathVerifier(rp, converter),
            new DefaultSelfAttestationTrustworthinessVerifier(),
            converter);
  }

  /** Chains must end in a configured root (PEM bundle, MDS3 BLOB or both), when any is set. */
  private static CertPathTrustworthinessVerifier certPathVerifier(
      RelyingParty rp, ObjectConverter converter) {
    List<TrustAnchorRepository> roots = new ArrayList<>();
    rp.trustAnchors().ifPresent(pem -> roots.add(PemTrustAnchors.read(pem)));
    rp.metadataBlob().ifPresent(blob -> roots.add(Mds3TrustAnchors.read(blob, converter)));
    return switch (roots.size()) {
      case 0 -> new NullCertPathTrustworthinessVerifier();
      case 1 -> new DefaultCertPathTrustworthinessVerifier(roots.getFirst());
      default ->
          new DefaultCertPathTrustworthinessVerifier(
              new AggregatingTrustAnchorRepository(roots.toArray(TrustAnchorRepository[]::new)));
    };
  }

  WebAuthnManager none() {
    return none;
  }

  WebAuthnManager attested() {
    return attested;
  }
}
