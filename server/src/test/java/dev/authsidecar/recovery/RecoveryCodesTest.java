package dev.authsidecar.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventType;
import dev.authsidecar.factor.Verdict;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.lockout.InMemoryLockoutStore;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.metrics.VerificationMetrics;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.validation.Codes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions of {@link RecoveryCodes}, on in-memory stores. */
class RecoveryCodesTest {
  private static final String USER = "ada";

  /** Recovery-code shaped, never generated. */
  private static final String WRONG = "ZZZZZZZZZZ";

  private final MutableClock clock = MutableClock.atStepStart();
  private final InMemoryLockoutStore lockouts = new InMemoryLockoutStore();
  private final InMemoryRecoveryStore store = new InMemoryRecoveryStore(lockouts);
  private final RecoveryCodes recovery =
      new RecoveryCodes(
          store,
          new KeyedHasher(KeyRing.parse(TestSidecar.TEST_KEYS)),
          new AttemptGuard(lockouts, LockoutPolicy.DEFAULT, clock, VerificationMetrics.discarded()),
          clock);

  @Test
  void generate_makesDistinctCodes_andStoresOnlyTheirKeyedHashes() {
    List<String> codes = generate(10);

    assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.length() == 10);
    assertThat(store.hashes(USER))
        .hasSize(10)
        .noneMatch(h -> codes.contains(new String(h.hash(), StandardCharsets.ISO_8859_1)));
    assertThat(store.remaining(USER)).contains(10);
  }

  @Test
  void verify_acceptsAnUnusedCodeOnce_thenItIsReplayed() {
    List<String> codes = generate(10);

    RecoveryOutcome first = recovery.verify(USER, codes.get(3));
    RecoveryOutcome again = recovery.verify(USER, codes.get(3));

    assertThat(first.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(first.remaining()).isEqualTo(9);
    assertThat(again.verdict()).isEqualTo(Verdict.REPLAYED);
    assertThat(again.remaining()).isEqualTo(9);
  }

  @Test
  void verify_replayOfAUsedCode_isFree_soReplaysCannotLockTheUserOut() {
    List<String> codes = generate(10);
    recovery.verify(USER, codes.get(0));

    for (int i = 0; i < LockoutPolicy.DEFAULT.threshold() * 3; i++) {
      assertThat(recovery.verify(USER, codes.get(0)).verdict())
          .as("replay %d", i)
          .isEqualTo(Verdict.REPLAYED);
    }

    assertThat(lockouts.failures(USER)).isZero();
    assertThat(recovery.verify(USER, codes.get(1)).verdict()).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void verify_replayIsReportedAtMostOncePerQuietPeriod() {
    List<String> codes = generate(10);
    recovery.verify(USER, codes.get(0));

    recovery.verify(USER, codes.get(0));
    recovery.verify(USER, codes.get(0));
    clock.advance(RecoveryCodes.REPLAY_REPORT_QUIET);
    recovery.verify(USER, codes.get(0));

    assertThat(types(store.events()))
        .filteredOn(type -> type == EventType.VERIFY_REPLAYED)
        .hasSize(2);
  }

  @Test
  void verify_wrongCode_isRejected_charged_andRecorded() {
    generate(10);

    RecoveryOutcome wrong = recovery.verify(USER, WRONG);

    assertThat(wrong.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(wrong.remaining()).isEqualTo(10);
    assertThat(lockouts.failures(USER)).isEqualTo(1);
    // Written with the charge, in its transaction.
    assertThat(types(lockouts.events())).containsExactly(EventType.VERIFY_REJECTED);
  }

  @Test
  void verify_whileLockedOut_refusesAnUnusedCode_withoutSpendingIt() {
    List<String> codes = generate(10);
    for (int i = 0; i < LockoutPolicy.DEFAULT.threshold(); i++) {
      recovery.verify(USER, WRONG);
    }

    RecoveryOutcome locked = recovery.verify(USER, codes.get(0));

    assertThat(locked.verdict()).isEqualTo(Verdict.LOCKED_OUT);
    assertThat(locked.retryAfter()).contains(LockoutPolicy.DEFAULT.baseDelay());
    assertThat(store.remaining(USER)).contains(10);
    clock.advance(LockoutPolicy.DEFAULT.baseDelay());
    assertThat(recovery.verify(USER, codes.get(0)).verdict()).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void verify_replayWhileLockedOut_answersLockedOut() {
    List<String> codes = generate(10);
    recovery.verify(USER, codes.get(0));
    for (int i = 0; i < LockoutPolicy.DEFAULT.threshold(); i++) {
      recovery.verify(USER, WRONG);
    }

    assertThat(recovery.verify(USER, codes.get(0)).verdict()).isEqualTo(Verdict.LOCKED_OUT);
  }

  @Test
  void verify_userWithoutCodes_isNotEnrolled_uncharged_andLeavesNoEvent() {
    RecoveryOutcome outcome = recovery.verify("nobody", WRONG);

    assertThat(outcome.verdict()).isEqualTo(Verdict.NOT_ENROLLED);
    assertThat(lockouts.hasRow("nobody")).isFalse();
    assertThat(lockouts.events()).isEmpty();
    assertThat(store.events()).isEmpty();
  }

  @Test
  void generate_again_endsEveryOldCode() {
    List<String> old = generate(10);
    List<String> fresh = generate(10);

    assertThat(recovery.verify(USER, old.get(0)).verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(recovery.verify(USER, fresh.get(0)).verdict()).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void verify_codesLowEvent_whenTwoOrFewerRemain() {
    List<String> codes = generate(4);

    codes.forEach(code -> recovery.verify(USER, code));

    assertThat(
            store.events().stream()
                .filter(e -> e.type() == EventType.RECOVERY_CODES_LOW)
                .map(e -> e.details().get("remaining")))
        .containsExactly("2", "1", "0");
  }

  @Test
  void verify_codeSpentByAnotherRequestFirst_isReplayed_andNotAFailure() {
    List<String> codes = generate(10);
    store.rivalConsumesFirst();

    RecoveryOutcome lost = recovery.verify(USER, codes.get(0));

    assertThat(lost.verdict()).isEqualTo(Verdict.REPLAYED);
    assertThat(lost.remaining()).isEqualTo(9);
    assertThat(lockouts.failures(USER)).isZero();
  }

  /** New codes, normalised as the gRPC layer passes them on. */
  private List<String> generate(int count) {
    return recovery.generate(USER, count).codes().stream()
        .map(c -> Codes.crockford("code", c, RecoveryCodes.LENGTH, "a recovery code"))
        .toList();
  }

  private static List<EventType> types(List<EventDraft> drafts) {
    return drafts.stream().map(EventDraft::type).toList();
  }
}
