package dev.authsidecar.account;

import java.time.Duration;
import java.util.Set;

/**
 * Policy of the account lifecycle.
 *
 * @param recoveryCodeCount codes per GenerateCodes call when the request names no count
 * @param temporaryCodeTtl how long an admin reset's temporary code works
 * @param disableProofs which proofs DisableTwoFactor accepts
 * @param disableRecoveryCodes how many unused recovery codes a recovery-code proof needs
 */
public record AccountPolicy(
    int recoveryCodeCount,
    Duration temporaryCodeTtl,
    Set<DisableProofKind> disableProofs,
    int disableRecoveryCodes) {

  public static final AccountPolicy DEFAULT =
      new AccountPolicy(10, Duration.ofHours(24), DisableProofKind.DEFAULTS, 1);

  public AccountPolicy {
    disableProofs = Set.copyOf(disableProofs);
  }

  /** The same policy accepting only {@code disableProofs} in DisableTwoFactor. */
  public AccountPolicy withDisableProofs(Set<DisableProofKind> disableProofs) {
    return new AccountPolicy(
        recoveryCodeCount, temporaryCodeTtl, disableProofs, disableRecoveryCodes);
  }

  /** The same policy asking a recovery-code proof for {@code disableRecoveryCodes} codes. */
  public AccountPolicy withDisableRecoveryCodes(int disableRecoveryCodes) {
    return new AccountPolicy(
        recoveryCodeCount, temporaryCodeTtl, disableProofs, disableRecoveryCodes);
  }
}
