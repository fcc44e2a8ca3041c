package dev.authsidecar.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What DisableTwoFactor is given to show that the user (or an admin) wants 2FA off, already checked
 * for form. Which of these the sidecar accepts is policy ({@link DisableProofKind}).
 */
public sealed interface DisablingProof {
  /** The policy's name for this kind of proof. */
  DisableProofKind kind();

  /** The request field that carries the proof, named in refusals. */
  String field();

  /** A current TOTP code, normalised. */
  record TotpCode(String code) implements DisablingProof {
    @Override
    public DisableProofKind kind() {
      return DisableProofKind.TOTP;
    }

    @Override
    public String field() {
      return "proof.totp_code";
    }
  }

  /** Unused recovery codes, each in canonical form; duplicates are the policy's to refuse. */
  record RecoveryCodeSet(List<String> codes) implements DisablingProof {
    public RecoveryCodeSet {
      codes = List.copyOf(codes);
    }

    @Override
    public DisableProofKind kind() {
      return DisableProofKind.RECOVERY_CODES;
    }

    @Override
    public String field() {
      return "proof.recovery_codes";
    }
  }

  /** An admin caller's word. */
  record Admin() implements DisablingProof {
    @Override
    public DisableProofKind kind() {
      return DisableProofKind.ADMIN;
    }

    @Override
    public String field() {
      return "proof.admin";
    }
  }

  /** A WebAuthn assertion finishing the authentication ceremony {@code ceremonyId}. */
  record WebAuthnAssertion(UUID ceremonyId, String credentialJson) implements DisablingProof {
    @Override
    public DisableProofKind kind() {
      return DisableProofKind.WEBAUTHN;
    }

    @Override
    public String field() {
      return "proof.webauthn";
    }
  }

  /** The calling login server's word that it re-authenticated the user by {@code method}. */
  record Reauthenticated(String method, Instant authenticatedAt) implements DisablingProof {
    @Override
    public DisableProofKind kind() {
      return DisableProofKind.REAUTHENTICATION;
    }

    @Override
    public String field() {
      return "proof.reauthenticated";
    }
  }
}
