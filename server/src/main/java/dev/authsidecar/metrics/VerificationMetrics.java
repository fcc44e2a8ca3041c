package dev.authsidecar.metrics;

import dev.authsidecar.factor.FactorType;
import dev.authsidecar.factor.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The security counters an operator alerts on: verification outcomes, lockouts started and refused
 * replays. Labels are enum names only, never a user id or a code. Every series is registered at
 * zero, so a rate is defined before the first event.
 */
public final class VerificationMetrics {
  /** How a TOTP replay was recognised (README, Security semantics: replay). */
  public enum ReplayDetection {
    /** This replica's memory of accepted codes (totp/UsedCodes): no database round trip. */
    MEMORY,
    /** The factor's stored last accepted step, read from the database, is at or after the code. */
    STORED_STEP,
    /** The atomic conditional update lost to another request, maybe on another replica. */
    CONDITIONAL_UPDATE
  }

  /** Outcomes whose factor the response does not name (a typed code that matched nothing). */
  static final String UNKNOWN_FACTOR = "unknown";

  private final Map<String, Map<Verdict, Counter>> outcomes = new java.util.HashMap<>();
  private final Counter lockoutsStarted;
  private final Map<ReplayDetection, Counter> replays = new EnumMap<>(ReplayDetection.class);

  public VerificationMetrics(MeterRegistry registry) {
    for (FactorType type : FactorType.values()) {
      outcomes.put(label(type), outcomeCounters(registry, label(type)));
    }
    outcomes.put(UNKNOWN_FACTOR, outcomeCounters(registry, UNKNOWN_FACTOR));
    lockoutsStarted =
        Counter.builder("authsidecar.lockouts.started")
            .description("Lockouts of typed codes that began (one per lockout, not per refusal)")
            .register(registry);
    for (ReplayDetection how : ReplayDetection.values()) {
      replays.put(
          how,
          Counter.builder("authsidecar.totp.replays.refused")
              .description("TOTP codes refused as replays, by how the replay was recognised")
              .tag("detected_by", label(how))
              .register(registry));
    }
  }

  /** Counters that go nowhere, for code built without a sidecar (unit tests). */
  public static VerificationMetrics discarded() {
    return new VerificationMetrics(new SimpleMeterRegistry());
  }

  private static Map<Verdict, Counter> outcomeCounters(MeterRegistry registry, String factor) {
    Map<Verdict, Counter> counters = new EnumMap<>(Verdict.class);
    for (Verdict verdict : Verdict.values()) {
      counters.put(
          verdict,
          Counter.builder("authsidecar.verifications")
              .description("Sign-in verifications answered, by factor type and result")
              .tag("factor_type", factor)
              .tag("result", label(verdict))
              .register(registry));
    }
    return counters;
  }

  /** A verification was answered; {@code factor} empty when the answer names none. */
  public void outcome(java.util.Optional<FactorType> factor, Verdict verdict) {
    outcomes
        .get(factor.map(VerificationMetrics::label).orElse(UNKNOWN_FACTOR))
        .get(verdict)
        .increment();
  }

  public void lockoutStarted() {
    lockoutsStarted.increment();
  }

  public void replayRefused(ReplayDetection how) {
    replays.get(how).increment();
  }

  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
