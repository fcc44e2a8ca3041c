package dev.authsidecar.account;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of proof DisableTwoFactor may accept (AUTHSIDECAR_DISABLE_PROOF). */
public enum DisableProofKind {
  TOTP,
  RECOVERY_CODES,
  ADMIN,
  /** A fresh WebAuthn assertion of the user: as strong as a TOTP code, so on by default. */
  WEBAUTHN,
  /**
   * The calling login server's word that it re-authenticated the user (e.g. the password). Weaker
   * than a second factor, so only when configured, and only from callers with the vouch permission.
   */
  REAUTHENTICATION;

  /** What DisableTwoFactor accepts when AUTHSIDECAR_DISABLE_PROOF is not set. */
  public static final Set<DisableProofKind> DEFAULTS =
      Set.copyOf(EnumSet.of(TOTP, RECOVERY_CODES, ADMIN, WEBAUTHN));

  /** The name used in AUTHSIDECAR_DISABLE_PROOF. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
