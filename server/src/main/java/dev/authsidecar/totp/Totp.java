package dev.authsidecar.totp;

import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.metrics.VerificationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Builds the TOTP enrollment and verification logic around one shared replay memory. */
public final class Totp {
  private final TotpEnrollments enrollments;
  private final TotpVerifier verifier;

  public Totp(
      TotpStore factors,
      TotpEnrollmentStore enrollments,
      EventLog events,
      TotpPolicy policy,
      SecretSealer sealer,
      AttemptGuard guard,
      Clock clock,
      MeterRegistry meters,
      VerificationMetrics metrics) {
    UsedCodes usedCodes = new UsedCodes(policy.replayMemory(), meters);
    this.enrollments =
        new TotpEnrollments(enrollments, factors, events, policy, sealer, guard, usedCodes, clock);
    this.verifier =
        new TotpVerifier(factors, events, policy, sealer, guard, usedCodes, clock, metrics);
  }

  public TotpEnrollments enrollments() {
    return enrollments;
  }

  public TotpVerifier verifier() {
    return verifier;
  }
}
