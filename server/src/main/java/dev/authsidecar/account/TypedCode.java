package dev.authsidecar.account;

import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.recovery.RecoveryCodes;
import dev.authsidecar.validation.Codes;

/**
 * A code the user typed, with the kind its shape gives it (README, Flows, 2: VerifyCode accepts any
 * typed code and says which kind matched).
 *
 * @param kind TOTP, RECOVERY_CODES or TEMPORARY_CODE
 * @param code normalised, and for Crockford codes with O, I and L read as 0, 1 and 1
 */
public record TypedCode(FactorType kind, String code) {
  public TypedCode {
    if (kind == FactorType.WEBAUTHN) {
      throw new IllegalArgumentException("a WebAuthn assertion is not a typed code");
    }
  }

  /**
   * The shape decides the kind: 6 or 8 digits are a TOTP code, 10 characters a recovery code, 16 a
   * temporary code. {@code normalized} comes from {@link Codes#normalize}.
   */
  public static TypedCode of(String normalized) {
    if (Codes.looksLikeTotp(normalized)) {
      return new TypedCode(FactorType.TOTP, normalized);
    }
    if (normalized.length() == RecoveryCodes.LENGTH) {
      return new TypedCode(
          FactorType.RECOVERY_CODES,
          Codes.crockford("code", normalized, RecoveryCodes.LENGTH, "a recovery code"));
    }
    if (normalized.length() == AccountLifecycle.TEMPORARY_CODE_LENGTH) {
      return new TypedCode(
          FactorType.TEMPORARY_CODE,
          Codes.crockford(
              "code", normalized, AccountLifecycle.TEMPORARY_CODE_LENGTH, "a temporary code"));
    }
    throw new InvalidArgumentException(
        "code",
        "must be a 6 or 8 digit code, a 10-character recovery code or a 16-character"
            + " temporary code");
  }

  /** Identifies the code for the retry cache: the same digits typed as another kind differ. */
  String retryKey() {
    return kind + ":" + code;
  }
}
