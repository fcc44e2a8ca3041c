package dev.authsidecar.caller;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a calling service may do. Each RPC needs exactly one of these (see the table in {@code
 * grpc.MethodPermissions}); a few proofs inside an RPC need another.
 */
public enum Permission {
  /** Sign-in and self-service: verify, enroll, factors, recovery codes, devices, WebAuthn. */
  LOGIN,
  /** Support actions: ResetUser, DeleteUser and the {@code admin} proof of DisableTwoFactor. */
  ADMIN,
  /** Reading the audit trail: EventService. */
  AUDIT,
  /**
   * The caller's word that it re-authenticated the user itself (e.g. checked the password) is
   * enough proof for DisableTwoFactor, when the policy accepts that proof.
   */
  VOUCH;

  /** The lower-case name used in the callers file and error messages. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> fromConfigName(String name) {
    return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
  }

  /** "login, admin, audit, vouch", for error messages. */
  public static String configNames() {
    return Arrays.stream(values()).map(Permission::configName).collect(Collectors.joining(", "));
  }
}
