package dev.authsidecar.account;

/** The kinds of proof DisableTwoFactor may accept (AUTHSIDECAR_DISABLE_PROOF). */
public enum DisableProofKind {
  TOTP,
  RECOVERY_CODES,
  ADMIN
}
