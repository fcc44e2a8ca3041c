package dev.authsidecar.factor;

/**
 * The kinds of second factor, as the API's FactorType names them. TOTP and WEBAUTHN are rows of the
 * factors table (column {@code type} holds the name); a user's recovery codes and an admin reset's
 * temporary code are kept apart but verified, audited and reported as factors too.
 */
public enum FactorType {
  TOTP,
  WEBAUTHN,
  RECOVERY_CODES,
  TEMPORARY_CODE
}
