package dev.authsidecar.factor;

/** The kinds of factor stored in the factors table (column {@code type}). */
public enum FactorType {
  TOTP,
  WEBAUTHN
}
