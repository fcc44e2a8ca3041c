package dev.authsidecar.webauthn;

import com.webauthn4j.verifier.exception.BadAaguidException;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadAttestationStatementException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CertificateException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.SelfAttestationProhibitedException;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

/** Turns webauthn4j's one-exception-per-reason into the reason a caller reads. */
final class Refusals {
  private Refusals() {}

  static String reason(VerificationException e) {
    return switch (e) {
      case BadOriginException x -> "origin: not an allowed origin of this relying party";
      case BadChallengeException x -> "challenge: does not match the ceremony";
      case BadRpIdException x -> "rp_id: the credential is scoped to another relying party";
      case UserNotVerifiedException x -> "user_verification: required but not performed";
      case UserNotPresentException x -> "user_presence: the authenticator did not test presence";
      case BadSignatureException x -> "signature: does not verify with the credential's key";
      case MaliciousCounterValueException x -> SignatureCounter.REFUSAL;
      case NotAllowedCredentialIdException x -> "credential: not allowed for this ceremony";
      case BadAlgorithmException x -> "algorithm: not offered by this relying party";
      case NotAllowedAlgorithmException x -> "algorithm: not offered by this relying party";
      case BadAaguidException x -> "aaguid: does not match the attestation";
      case TrustAnchorNotFoundException x -> "attestation: no trusted root for this authenticator";
      case SelfAttestationProhibitedException x -> "attestation: self attestation is not accepted";
      case CertificateException x -> "attestation: certificate chain is not valid";
      case BadAttestationStatementException x -> "attestation: statement does not verify";
      default -> "verification: " + e.getClass().getSimpleName().replace("Exception", "");
    };
  }
}
