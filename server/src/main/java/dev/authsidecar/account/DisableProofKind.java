package dev.authsidecar.account;

import dev.authsidecar.caller.Permission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of proof DisableTwoFactor may accept (AUTHSIDECAR_DISABLE_PROOF). */
public enum DisableProofKind {
  TOTP(Permission.LOGIN),
  RECOVERY_CODES(Permission.LOGIN),
  /** A support console's word, after its own identity checks. */
  ADMIN(Permission.ADMIN),
  /** A fresh WebAuthn assertion of the user: as strong as a TOTP code, so on by default. */
  WEBAUTHN(Permission.LOGIN),
  /**
   * The calling login server's word that it re-authenticated the user (e.g. the password). Weaker
   * than a second factor, so only when configured, and only from callers with the vouch permission.
   */
  REAUTHENTICATION(Permission.VOUCH);

  private final Permission callerNeeds;

  DisableProofKind(Permission callerNeeds) {
    this.callerNeeds = callerNeeds;
  }

  /** The permission a caller needs to present this proof. */
  public Permission callerNeeds() {
    return callerNeeds;
  }

  /** What DisableTwoFactor accepts when AUTHSIDECAR_DISABLE_PROOF is not set. */
  public static final Set<DisableProofKind> DEFAULTS =
      Set.copyOf(EnumSet.of(TOTP, RECOVERY_CODES, ADMIN, WEBAUTHN));

  /** The name used in AUTHSIDECAR_DISABLE_PROOF. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
