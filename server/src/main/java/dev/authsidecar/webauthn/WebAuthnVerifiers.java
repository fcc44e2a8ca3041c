package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.verifier.attestation.statement.androidkey.AndroidKeyAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidsafetynet.AndroidSafetyNetAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.apple.AppleAnonymousAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.none.NoneAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.DefaultCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.NullCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
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
            rp.trustAnchors()
                .<com.webauthn4j.verifier.attestation.trustworthiness.certpath
                        .CertPathTrustworthinessVerifier>
                    map(
                        pem ->
                            new DefaultCertPathTrustworthinessVerifier(PemTrustAnchors.read(pem)))
                .orElseGet(NullCertPathTrustworthinessVerifier::new),
            new DefaultSelfAttestationTrustworthinessVerifier(),
            converter);
  }

  WebAuthnManager none() {
    return none;
  }

  WebAuthnManager attested() {
    return attested;
  }
}
