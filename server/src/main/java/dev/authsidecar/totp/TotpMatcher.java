package dev.authsidecar.totp;

import dev.authsidecar.factor.TotpAlgorithm;
import java.time.Instant;
import java.util.Optional;

/** Finds the time step a code belongs to within the policy's window. */
final class TotpMatcher {
  private final TotpPolicy policy;

  TotpMatcher(TotpPolicy policy) {
    this.policy = policy;
  }

  /**
   * The matching step nearest to the newest, or empty. Every step of the window is computed and
   * compared in constant time, so timing does not reveal which offset matched.
   */
  Optional<Match> match(
      byte[] secret,
      TotpAlgorithm algorithm,
      int digits,
      int periodSeconds,
      String code,
      Instant now) {
    if (code.length() != digits) {
      return Optional.empty();
    }
    long current = TotpCodes.timeStep(now, periodSeconds);
    Match found = null;
    // RFC 6238 §5.2: accept a bounded number of steps around the current one.
    for (int offset = -policy.backwardSteps(); offset <= policy.forwardSteps(); offset++) {
      long step = current + offset;
      if (TotpCodes.matches(TotpCodes.code(secret, algorithm, digits, step), code)) {
        found = new Match(step, offset);
      }
    }
    return Optional.ofNullable(found);
  }

  /** A matched step and its distance from the server's current step. */
  record Match(long step, int offset) {}
}
