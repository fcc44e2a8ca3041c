package dev.authsidecar.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.events.EventType;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.InMemoryLockoutStore;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.metrics.VerificationMetrics;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.RecordingEventLog;
import dev.authsidecar.testing.TestSidecar;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The decisions of {@link TotpVerifier} (RFC 6238 §5.2), on in-memory stores. */
class TotpVerifierTest {
  private static final String USER = "ada";
  private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final SecretSealer SEALER = new SecretSealer(KeyRing.parse(TestSidecar.TEST_KEYS));

  private final MutableClock clock = MutableClock.atStepStart();
  private final InMemoryLockoutStore lockouts = new InMemoryLockoutStore();
  private final InMemoryTotpStore store = new InMemoryTotpStore(lockouts);
  private final RecordingEventLog events = new RecordingEventLog();
  private final UUID factorId = addFactor(USER, SECRET);

  @Test
  void verify_acceptsTheCodeOfTheCurrentStep_andRecordsTheStep() {
    VerifyOutcome outcome = verifier(TotpPolicy.DEFAULT).verify(USER, codeAt(0));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.factorId()).contains(factorId);
    assertThat(outcome.stepOffset()).isZero();
    assertThat(store.lastStep(factorId)).isEqualTo(step(0));
    assertThat(store.events())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventType.VERIFY_ACCEPTED));
    assertThat(lockouts.failures(USER)).isZero();
  }

  @Test
  void verify_rejectsReplayedStep_withoutChargingAnAttempt() {
    TotpVerifier verifier = verifier(TotpPolicy.DEFAULT);
    verifier.verify(USER, codeAt(0));

    VerifyOutcome again = verifier.verify(USER, codeAt(0));

    assertThat(again.verdict()).isEqualTo(Verdict.REPLAYED);
    assertThat(again.factorId()).contains(factorId);
    assertThat(lockouts.failures(USER)).isZero();
    assertThat(events.recorded())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventType.VERIFY_REPLAYED));
  }

  @Test
  void verify_rejectsReplayedStep_onAReplicaThatDidNotSeeTheFirstUse() {
    verifier(TotpPolicy.DEFAULT).verify(USER, codeAt(0));

    // A fresh verifier has an empty memory of used codes: only the store's last step decides.
    assertThat(verifier(TotpPolicy.DEFAULT).verify(USER, codeAt(0)).verdict())
        .isEqualTo(Verdict.REPLAYED);
  }

  @Test
  void verify_rejectsAStepBeforeTheLastAcceptedOne() {
    TotpVerifier verifier = verifier(TotpPolicy.DEFAULT);
    assertThat(verifier.verify(USER, codeAt(0)).verdict()).isEqualTo(Verdict.ACCEPTED);

    VerifyOutcome older = verifier.verify(USER, codeAt(-1));

    assertThat(older.verdict()).isEqualTo(Verdict.REPLAYED);
    assertThat(store.lastStep(factorId)).isEqualTo(step(0));
  }

  @Test
  void verify_acceptsOneStepBack_andOneStepForward_underTheDefaultWindow() {
    TotpVerifier verifier = verifier(TotpPolicy.DEFAULT);

    VerifyOutcome back = verifier.verify(USER, codeAt(-1));
    VerifyOutcome forward = verifier.verify(USER, codeAt(1));

    assertThat(back.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(back.stepOffset()).isEqualTo(-1);
    assertThat(forward.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(forward.stepOffset()).isEqualTo(1);
  }

  @Test
  void verify_rejectsStepsOutsideTheWindow_andChargesThem() {
    TotpVerifier verifier = verifier(TotpPolicy.DEFAULT);

    assertThat(verifier.verify(USER, codeAt(-2)).verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(verifier.verify(USER, codeAt(2)).verdict()).isEqualTo(Verdict.REJECTED);

    assertThat(lockouts.failures(USER)).isEqualTo(2);
    assertThat(store.lastStep(factorId)).isZero();
  }

  @Test
  void verify_strictProfile_rejectsThePreviousStep() {
    VerifyOutcome previous =
        verifier(TotpPolicy.DEFAULT.withBackwardSteps(0)).verify(USER, codeAt(-1));

    assertThat(previous.verdict()).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void verify_rejectsAWrongCode_chargesIt_andRecordsTheRefusal() {
    VerifyOutcome wrong = verifier(TotpPolicy.DEFAULT).verify(USER, wrongCode());

    assertThat(wrong.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(lockouts.failures(USER)).isEqualTo(1);
    // Written with the charge, in its transaction, not after it.
    assertThat(lockouts.events())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventType.VERIFY_REJECTED));
    assertThat(events.recorded()).isEmpty();
  }

  @Test
  void verify_userWithoutFactors_isNotEnrolled_uncharged_andLeavesNoEvent() {
    VerifyOutcome outcome = verifier(TotpPolicy.DEFAULT).verify("nobody", codeAt(0));

    assertThat(outcome.verdict()).isEqualTo(Verdict.NOT_ENROLLED);
    assertThat(lockouts.hasRow("nobody")).isFalse();
    assertThat(events.recorded()).isEmpty();
  }

  @Test
  void verify_afterTheThreshold_refusesEvenTheRightCode_withRetryAfter_andNoEvent() {
    TotpVerifier verifier = verifier(TotpPolicy.DEFAULT);
    for (int i = 0; i < LockoutPolicy.DEFAULT.threshold(); i++) {
      assertThat(verifier.verify(USER, wrongCode()).verdict()).isEqualTo(Verdict.REJECTED);
    }

    VerifyOutcome locked = verifier.verify(USER, codeAt(0));

    assertThat(locked.verdict()).isEqualTo(Verdict.LOCKED_OUT);
    assertThat(locked.retryAfter()).contains(LockoutPolicy.DEFAULT.baseDelay());
    assertThat(store.lastStep(factorId)).as("the step was not accepted").isZero();
    // One event per rejected code and one for the lockout's start; none for the refusal.
    assertThat(lockouts.events())
        .extracting(e -> e.type())
        .containsOnly(EventType.VERIFY_REJECTED, EventType.LOCKED_OUT)
        .filteredOn(type -> type == EventType.VERIFY_REJECTED)
        .hasSize(LockoutPolicy.DEFAULT.threshold());
    assertThat(lockouts.events()).filteredOn(e -> e.type() == EventType.LOCKED_OUT).hasSize(1);
    assertThat(events.recorded()).isEmpty();
  }

  @Test
  void verify_stepAcceptedFirstByAnotherRequest_isReplayed_andNotAFailure() {
    store.rivalAcceptsFirst();

    VerifyOutcome lost = verifier(TotpPolicy.DEFAULT).verify(USER, codeAt(0));

    assertThat(lost.verdict()).isEqualTo(Verdict.REPLAYED);
    assertThat(lockouts.failures(USER)).isZero();
    assertThat(store.events()).isEmpty();
  }

  @Test
  void verify_checksEveryFactorOfTheUser_andAcceptsWithTheOneThatMatches() {
    byte[] other = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);
    UUID second = addFactor(USER, other);

    VerifyOutcome outcome =
        verifier(TotpPolicy.DEFAULT)
            .verify(USER, TotpCodes.code(other, TotpAlgorithm.SHA1, 6, step(0)));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.factorId()).contains(second);
    assertThat(store.lastStep(factorId)).isZero();
  }

  private TotpVerifier verifier(TotpPolicy policy) {
    return new TotpVerifier(
        store,
        events,
        policy,
        SEALER,
        new AttemptGuard(lockouts, LockoutPolicy.DEFAULT, clock, VerificationMetrics.discarded()),
        new UsedCodes(policy.replayMemory(), new SimpleMeterRegistry()),
        clock,
        VerificationMetrics.discarded());
  }

  private UUID addFactor(String userId, byte[] secret) {
    UUID id = UUID.randomUUID();
    store.add(
        new TotpFactor(
            id,
            userId,
            SEALER.seal(secret, TotpFactor.sealingContext(id, userId)),
            TotpAlgorithm.SHA1,
            6,
            30,
            0));
    return id;
  }

  private long step(int offset) {
    return TotpCodes.timeStep(clock.instant(), 30) + offset;
  }

  private String codeAt(int offset) {
    return TotpCodes.code(SECRET, TotpAlgorithm.SHA1, 6, step(offset));
  }

  /** A code of no step in a wide window around now. */
  private String wrongCode() {
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      boolean matchesAStep = false;
      for (int offset = -3; offset <= 3; offset++) {
        matchesAStep |= code.equals(codeAt(offset));
      }
      if (!matchesAStep) {
        return code;
      }
    }
  }
}
