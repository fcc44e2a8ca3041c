package dev.authsidecar.recovery;

import static dev.authsidecar.testing.Calls.recoveryRequest;
import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.FlowTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Recovery codes end to end through the gRPC API, the way a login server drives them: DESIGN.md
 * "What users of it do", flows 1, 2 and 4 (set up, sign in, "I lost my phone").
 */
public abstract class RecoveryCodesContract extends FlowTestBase {
  private static final String USER = "ada";
  private static final String RECOVERY_CODE =
      "[0-9abcdefghjkmnpqrstvwxyz]{5}-[0-9abcdefghjkmnpqrstvwxyz]{5}";

  @Test
  void setUp_totpAndTenRecoveryCodes_thenSignInWithEither() {
    Enrolled enrolled = enroll(USER);
    List<String> codes = generate(USER, 0);

    assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches(RECOVERY_CODE));
    GetStatusResponse status = status(USER);
    assertThat(status.getEnrolled()).isTrue();
    assertThat(status.getRecoveryCodesRemaining()).isEqualTo(10);

    clock.advance(java.time.Duration.ofSeconds(30));
    VerifyCodeResponse byTotp = verifyCode(USER, enrolled.app().code());
    assertThat(byTotp.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(byTotp.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TOTP);
    assertThat(byTotp.getFactorId()).isEqualTo(enrolled.factorId());

    VerifyCodeResponse byRecovery = verifyCode(USER, codes.get(0));
    assertThat(byRecovery.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(byRecovery.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_RECOVERY_CODES);
    assertThat(byRecovery.getFactorId()).isEmpty();
    assertThat(byRecovery.getRecoveryCodesRemaining()).isEqualTo(9);
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(9);

    var direct = sidecar.recovery().verifyCode(recoveryRequest(USER, codes.get(1)));
    assertThat(direct.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(direct.getRemaining()).isEqualTo(8);
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(8);
  }

  @Test
  void recoveryCodes_belongToTheirUserOnly() {
    List<String> theirs = generate("someone-else", 0);
    generate(USER, 0);

    assertThat(verifyCode(USER, theirs.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(verifyCode("someone-else", theirs.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void lostPhone_recoveryCodeSignsInOnce_thenIsReplayed() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    clock.advance(java.time.Duration.ofMinutes(5));

    VerifyCodeResponse first = verifyCode(USER, codes.get(3));
    VerifyCodeResponse again = verifyCode(USER, codes.get(3));

    assertThat(first.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(again.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(again.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_RECOVERY_CODES);
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(9);
    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REPLAYED).stream()
                .map(e -> e.getDetailsMap().get("factor_type")))
        .containsExactly("RECOVERY_CODES");
  }

  @Test
  void recoveryCode_worksOnceInAnyOrder() {
    List<String> codes = new ArrayList<>(generate(USER, 0));
    Collections.shuffle(codes, new Random(42));

    int remaining = 10;
    for (String code : codes) {
      VerifyCodeResponse accepted = verifyCode(USER, code);
      remaining--;
      assertThat(accepted.getResult()).as(code).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      assertThat(accepted.getRecoveryCodesRemaining()).isEqualTo(remaining);
      assertThat(verifyCode(USER, code).getResult())
          .as(code)
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
  }

  @Test
  void recoveryCode_caseSpaceAndHyphenVariantsAreOneCode() {
    List<String> codes = generate(USER, 0);
    String code = codes.get(0);
    String bare = code.replace("-", "");

    assertThat(verifyCode(USER, "  " + code.toUpperCase(Locale.ROOT) + " ").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    // Three refusals in a row stay below the lockout threshold of five.
    for (String variant :
        List.of(
            code,
            bare.toUpperCase(Locale.ROOT),
            bare.substring(0, 3) + " " + bare.substring(3, 7) + " - " + bare.substring(7))) {
      assertThat(verifyCode(USER, variant).getResult())
          .as(variant)
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(9);

    // The same holds at RecoveryCodeService.VerifyCode.
    var direct =
        sidecar
            .recovery()
            .verifyCode(
                recoveryRequest(
                    USER, " " + codes.get(1).replace("-", " ").toUpperCase(Locale.ROOT)));
    assertThat(direct.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verifyCode(USER, codes.get(1)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void recoveryCode_misreadCrockfordLettersAreTheSameCode() {
    // O reads as 0, I and L as 1: find a code with a 0 or a 1 in it.
    String code = null;
    for (int tries = 0; code == null && tries < 20; tries++) {
      code =
          generate(USER, 20).stream()
              .filter(c -> c.contains("0") || c.contains("1"))
              .findFirst()
              .orElse(null);
    }
    assertThat(code).as("a code containing 0 or 1").isNotNull();
    String misread = code.replace('0', 'o').replace('1', 'l');

    assertThat(verifyCode(USER, misread).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verifyCode(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void generateCodes_countIsConfigurablePerCall() {
    List<String> five = generate(USER, 5);
    assertThat(five).hasSize(5).doesNotHaveDuplicates().allMatch(c -> c.matches(RECOVERY_CODE));
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(5);

    assertThat(generate("other", 1)).hasSize(1);
    assertThat(generate("other", 20)).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void generateCodes_countOutOfRangeIsInvalidAndKeepsTheOldCodes() {
    List<String> five = generate(USER, 5);

    for (int count : new int[] {21, -1, 1000, Integer.MIN_VALUE}) {
      assertInvalid(() -> generate(USER, count), "count");
    }

    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(5);
    assertThat(verifyCode(USER, five.get(4)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void regenerate_invalidatesEveryOldCode_newOnesWork() {
    List<String> old = generate(USER, 0);
    assertThat(verifyCode(USER, old.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    List<String> fresh = generate(USER, 0);

    assertThat(fresh).doesNotContainAnyElementsOf(old);
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
    for (int i = 0; i < old.size(); i++) {
      // Used or not, an old code is just a wrong code now.
      assertThat(verifyCode(USER, old.get(i)).getResult())
          .as("old code %d", i)
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
      // Interleaved right codes keep the failures below the lockout threshold.
      assertThat(verifyCode(USER, fresh.get(i)).getResult())
          .as("new code %d", i)
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
  }

  @Test
  void recoveryCodesLow_eventWhenTwoOrFewerRemain() {
    List<String> codes = generate(USER, 5);

    verifyCode(USER, codes.get(0));
    verifyCode(USER, codes.get(1));
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_RECOVERY_CODES_LOW))
        .as("3 left: not low yet")
        .isEmpty();

    verifyCode(USER, codes.get(2));
    verifyCode(USER, codes.get(3));
    verifyCode(USER, codes.get(4));

    List<Event> low =
        EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_RECOVERY_CODES_LOW);
    assertThat(low.stream().map(e -> e.getDetailsMap().get("remaining")))
        .containsExactly("2", "1", "0");
    assertThat(low).allMatch(e -> e.getUserId().equals(USER));
  }
}
