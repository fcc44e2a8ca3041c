package dev.authsidecar.security;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FactorType;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.api.v1.RecoveryCodesProof;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.RenameFactorRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.ResetUserResponse;
import dev.authsidecar.api.v1.SetPreferredFactorRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.DatabaseCells;
import dev.authsidecar.testing.DatabaseCells.Cell;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flows of DESIGN.md "What users of it do" (2, 4 to 8) end to end through the gRPC API, the way
 * a login server drives them.
 */
public abstract class AccountFlowsContract extends SidecarTestBase {
  private static final String USER = "ada";
  private static final String RECOVERY_CODE =
      "[0-9abcdefghjkmnpqrstvwxyz]{5}-[0-9abcdefghjkmnpqrstvwxyz]{5}";
  private static final String TEMPORARY_CODE =
      "[0-9abcdefghjkmnpqrstvwxyz]{4}(-[0-9abcdefghjkmnpqrstvwxyz]{4}){3}";

  // Flows 1, 2 and 4: set up, then sign in with either factor.

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

    var direct =
        sidecar
            .recovery()
            .verifyCode(
                RecoveryCodeServiceVerifyCodeRequest.newBuilder()
                    .setUserId(USER)
                    .setCode(codes.get(1))
                    .build());
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

  // Flow 4: "I lost my phone".

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
                RecoveryCodeServiceVerifyCodeRequest.newBuilder()
                    .setUserId(USER)
                    .setCode(" " + codes.get(1).replace("-", " ").toUpperCase(Locale.ROOT))
                    .build());
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

  // Flow 7: admin reset.

  @Test
  void adminReset_temporaryCodeWorksOnce_thenUserMustEnrollAgain() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    ResetUserResponse reset = reset(USER, "support@example.com", "ticket 4711");

    assertThat(reset.getTemporaryCode()).matches(TEMPORARY_CODE);
    assertThat(Instant.ofEpochSecond(reset.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plus(java.time.Duration.ofHours(24)));
    GetStatusResponse afterReset = status(USER);
    assertThat(afterReset.getEnrolled()).isFalse();
    assertThat(afterReset.getFactorsList()).isEmpty();
    assertThat(afterReset.getRecoveryCodesRemaining()).isZero();
    assertThat(afterReset.getMustEnroll()).isTrue();
    assertThat(listDevices(USER)).isEmpty();
    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isNotEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    VerifyCodeResponse used = verifyCode(USER, reset.getTemporaryCode());
    assertThat(used.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(used.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    VerifyCodeResponse again =
        verifyCode(USER, reset.getTemporaryCode().replace("-", "").toUpperCase(Locale.ROOT));
    assertThat(again.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(again.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    assertThat(status(USER).getMustEnroll()).as("still no factor").isTrue();

    enroll(USER);

    GetStatusResponse enrolledAgain = status(USER);
    assertThat(enrolledAgain.getMustEnroll()).isFalse();
    assertThat(enrolledAgain.getEnrolled()).isTrue();
  }

  @Test
  void adminReset_ofALockedOutUser_letsTheTemporaryCodeIn() {
    Enrolled enrolled = enroll(USER);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verifyCode(USER, enrolled.app().wrongCode());
    }
    assertThat(status(USER).getLockedOut()).isTrue();

    ResetUserResponse reset = reset(USER, "support@example.com", "locked out, phone lost");

    assertThat(status(USER).getLockedOut()).isFalse();
    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(verifyCode(USER, reset.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void adminReset_pendingEnrollmentDoesNotEndMustEnroll() {
    enroll(USER);
    reset(USER, "support@example.com", "ticket 4711");

    sidecar.totp().beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(USER).build());

    assertThat(status(USER).getMustEnroll()).isTrue();
  }

  @Test
  void adminReset_temporaryCodeExpiresAfter24Hours() {
    ResetUserResponse early = reset("early", "support@example.com", "ticket 1");
    ResetUserResponse late = reset(USER, "support@example.com", "ticket 2");

    clock.advance(java.time.Duration.ofHours(24).minusSeconds(1));
    assertThat(verifyCode("early", early.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    clock.advance(java.time.Duration.ofSeconds(1));
    VerifyCodeResponse expired = verifyCode(USER, late.getTemporaryCode());

    assertThat(expired.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
    assertThat(expired.getFactorType()).isEqualTo(FactorType.FACTOR_TYPE_TEMPORARY_CODE);
    assertThat(status(USER).getMustEnroll()).isTrue();
  }

  @Test
  void adminReset_newResetReplacesTheEarlierTemporaryCode() {
    ResetUserResponse first = reset(USER, "support@example.com", "ticket 1");
    ResetUserResponse second = reset(USER, "support@example.com", "ticket 2");

    assertThat(verifyCode(USER, first.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(verifyCode(USER, second.getTemporaryCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void adminReset_eventRecordsCallerActorAndReason() {
    enroll(USER);

    ResetUserResponse reset =
        TestSidecar.asAdmin(sidecar.account())
            .resetUser(
                ResetUserRequest.newBuilder()
                    .setUserId(USER)
                    .setActor("grace@example.com")
                    .setReason("ticket 4711: phone stolen")
                    .build());

    List<Event> resets = EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_USER_RESET);
    assertThat(resets).hasSize(1);
    Event event = resets.getFirst();
    assertThat(event.getUserId()).isEqualTo(USER);
    assertThat(event.getActor()).isEqualTo(TestCallers.ADMIN);
    assertThat(event.getDetailsMap())
        .containsEntry("requested_by", "grace@example.com")
        .containsEntry("reason", "ticket 4711: phone stolen");
    String bare = reset.getTemporaryCode().replace("-", "");
    assertThat(event.getDetailsMap().values())
        .noneMatch(
            v ->
                v.toLowerCase(Locale.ROOT)
                    .replace("-", "")
                    .contains(bare.toLowerCase(Locale.ROOT)));
  }

  // Flow 5: remember this device.

  @Test
  void rememberedDevice_isTrustedUntilForgotten() {
    RememberDeviceResponse device = remember(USER, "Firefox on Linux");

    assertThat(device.getDeviceToken()).matches("[A-Za-z0-9_-]{43}");
    assertThat(Instant.ofEpochSecond(device.getExpiresAt().getSeconds()))
        .as("default ttl 30 days")
        .isEqualTo(clock.instant().plus(java.time.Duration.ofDays(30)));
    var checked =
        sidecar
            .devices()
            .checkDevice(
                CheckDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setDeviceToken(device.getDeviceToken())
                    .build());
    assertThat(checked.getTrusted()).isTrue();
    assertThat(checked.getDeviceId()).isEqualTo(device.getDeviceId());
    var listed = listDevices(USER);
    assertThat(listed).hasSize(1);
    assertThat(listed.getFirst().getId()).isEqualTo(device.getDeviceId());
    assertThat(listed.getFirst().getLabel()).isEqualTo("Firefox on Linux");
    assertThat(listed.getFirst().hasLastUsedAt()).as("the check is recorded").isTrue();
    assertThat(checkDevice("mallory", device.getDeviceToken()))
        .as("another user's token trusts nothing")
        .isFalse();

    sidecar
        .devices()
        .forgetDevice(
            ForgetDeviceRequest.newBuilder()
                .setUserId(USER)
                .setDeviceId(device.getDeviceId())
                .build());

    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void forgetAllDevices_onPasswordChangeRevokesEveryTokenOfTheUser() {
    RememberDeviceResponse laptop = remember(USER, "Laptop");
    RememberDeviceResponse phone = remember(USER, "Phone");
    RememberDeviceResponse theirs = remember("someone-else", "Laptop");
    assertThat(listDevices(USER)).hasSize(2);

    var forgotten =
        sidecar
            .devices()
            .forgetAllDevices(ForgetAllDevicesRequest.newBuilder().setUserId(USER).build());

    assertThat(forgotten.getForgotten()).isEqualTo(2);
    assertThat(checkDevice(USER, laptop.getDeviceToken())).isFalse();
    assertThat(checkDevice(USER, phone.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
    assertThat(checkDevice("someone-else", theirs.getDeviceToken())).isTrue();
  }

  @Test
  void rememberedDevice_expiresAfterItsTtl() {
    RememberDeviceResponse device =
        sidecar
            .devices()
            .rememberDevice(
                RememberDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setTtl(Duration.newBuilder().setSeconds(3600))
                    .build());
    assertThat(Instant.ofEpochSecond(device.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plusSeconds(3600));

    clock.advance(java.time.Duration.ofMinutes(59));
    assertThat(checkDevice(USER, device.getDeviceToken())).isTrue();
    assertThat(listDevices(USER)).hasSize(1);

    clock.advance(java.time.Duration.ofMinutes(1));
    assertThat(checkDevice(USER, device.getDeviceToken())).isFalse();
    assertThat(listDevices(USER)).isEmpty();
  }

  @Test
  void rememberDevice_ttlAboveTheCapIsInvalid() {
    assertInvalid(
        () ->
            sidecar
                .devices()
                .rememberDevice(
                    RememberDeviceRequest.newBuilder()
                        .setUserId(USER)
                        .setTtl(Duration.newBuilder().setSeconds(90L * 86400 + 1))
                        .build()),
        "ttl");
    assertThat(listDevices(USER)).isEmpty();

    RememberDeviceResponse atCap =
        sidecar
            .devices()
            .rememberDevice(
                RememberDeviceRequest.newBuilder()
                    .setUserId(USER)
                    .setTtl(Duration.newBuilder().setSeconds(90L * 86400))
                    .build());
    assertThat(Instant.ofEpochSecond(atCap.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plus(java.time.Duration.ofDays(90)));
  }

  // Flow 6: disable 2FA with proof.

  @Test
  void disableTwoFactor_withValidTotpCode_removesEverything() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    String code = enrolled.app().code();

    DisableTwoFactorResponse disabled =
        disable(USER, DisableProof.newBuilder().setTotpCode(code).build());

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(disabled.getStatus().getEnrolled()).isFalse();
    assertEverythingRemoved(USER, device);
    assertThat(status(USER).getMustEnroll()).isFalse();
    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED)
                .stream()
                .map(e -> e.getDetailsMap().get("proof")))
        .containsExactly("totp_code");
  }

  @Test
  void disableTwoFactor_withWrongTotpCode_isRejectedAndRemovesNothing() {
    Enrolled enrolled = enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(enrolled.app().wrongCode()).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertNothingRemoved(USER, device, 10);
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED))
        .isEmpty();
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verifyCode(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_withAnAlreadyUsedTotpCode_isReplayedAndRemovesNothing() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    String code = enrolled.app().code();
    assertThat(verifyCode(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(code).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertNothingRemoved(USER, device, 10);
  }

  @Test
  void disableTwoFactor_whileLockedOut_isRefusedWithRetryAfter() {
    Enrolled enrolled = enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    clock.advance(java.time.Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verifyCode(USER, enrolled.app().wrongCode());
    }

    DisableTwoFactorResponse refused =
        disable(USER, DisableProof.newBuilder().setTotpCode(enrolled.app().code()).build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    assertThat(refused.getRetryAfter().getSeconds()).isPositive();
    assertNothingRemoved(USER, device, 10);
  }

  @Test
  void disableTwoFactor_withRecoveryCodeProof_removesEverything() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse disabled =
        disable(
            USER,
            DisableProof.newBuilder()
                .setRecoveryCodes(RecoveryCodesProof.newBuilder().addCodes(codes.get(2)))
                .build());

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertEverythingRemoved(USER, device);
  }

  @Test
  void disableTwoFactor_withOneWrongRecoveryCode_consumesNoneAndRemovesNothing() {
    enroll(USER);
    List<String> codes = generate(USER, 0);
    List<String> notTheirs = generate("someone-else", 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse refused =
        disable(
            USER,
            DisableProof.newBuilder()
                .setRecoveryCodes(
                    RecoveryCodesProof.newBuilder()
                        .addCodes(codes.get(0))
                        .addCodes(notTheirs.get(0)))
                .build());

    assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertNothingRemoved(USER, device, 10);
    assertThat(verifyCode(USER, codes.get(0)).getResult())
        .as("the right code in the refused proof was not consumed")
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_withAdminProof_removesEverything() {
    enroll(USER);
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);

    DisableTwoFactorResponse disabled = disableAsAdmin(USER);

    assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertEverythingRemoved(USER, device);
    assertThat(
            EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED)
                .stream()
                .map(e -> e.getDetailsMap().get("proof")))
        .containsExactly("admin");
  }

  // Erasure.

  @Test
  void deleteUser_leavesNoRowAboutTheUserInAnyTable() throws Exception {
    String erased = "erase-me-4711";
    String kept = "keep-me-0815";
    for (String user : List.of(erased, kept)) {
      fillEveryTable(user);
    }
    assertThat(cellsMentioning(erased)).as("the scan sees the user before").isNotEmpty();
    long before = EventTrail.lastId(sidecar.events());

    TestSidecar.asAdmin(sidecar.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId(erased).build());

    assertThat(cellsMentioning(erased)).isEmpty();
    assertThat(cellsMentioning(kept)).as("the other user keeps everything").isNotEmpty();
    assertThat(EventTrail.all(sidecar.events(), erased)).isEmpty();
    List<Event> all = EventTrail.all(sidecar.events(), "");
    assertThat(all).noneMatch(e -> e.toString().contains(erased));
    List<Event> deletions =
        all.stream().filter(e -> e.getType() == EventType.EVENT_TYPE_USER_DELETED).toList();
    assertThat(deletions).hasSize(1);
    assertThat(deletions.getFirst().getUserId()).startsWith("deleted:").doesNotContain(erased);
    assertThat(deletions.getFirst().getId()).isGreaterThan(before);
    assertThat(all.stream().filter(e -> e.getId() > before)).containsExactly(deletions.getFirst());
    assertThat(EventTrail.all(sidecar.events(), kept)).isNotEmpty();
    GetStatusResponse gone = status(erased);
    assertThat(gone.getEnrolled()).isFalse();
    assertThat(gone.getRecoveryCodesRemaining()).isZero();
    assertThat(gone.getMustEnroll()).isFalse();
  }

  /** Rows for the user in every table: factors, pending enrollment, codes, devices, counters. */
  private void fillEveryTable(String user) {
    Enrolled first = enroll(user);
    reset(user, "support@example.com", "before deletion");
    Enrolled enrolled = enroll(user);
    sidecar
        .account()
        .renameFactor(
            RenameFactorRequest.newBuilder()
                .setUserId(user)
                .setFactorId(enrolled.factorId())
                .setLabel("Phone of " + user)
                .build());
    sidecar
        .account()
        .setPreferredFactor(
            SetPreferredFactorRequest.newBuilder()
                .setUserId(user)
                .setFactorId(enrolled.factorId())
                .build());
    List<String> codes = generate(user, 0);
    verifyCode(user, codes.get(0));
    remember(user, "Browser of " + user);
    sidecar
        .totp()
        .beginEnrollment(
            BeginEnrollmentRequest.newBuilder().setUserId(user).setLabel("Tablet").build());
    verifyCode(user, first.app().wrongCode());
  }

  private List<Cell> cellsMentioning(String user) throws Exception {
    List<Cell> cells = DatabaseCells.all(database);
    assertThat(cells.stream().map(Cell::table))
        .contains("accounts", "factors", "totp_factors", "recovery_codes", "devices", "events");
    return cells.stream().filter(c -> c.containsText(user)).toList();
  }

  // Helpers.

  private void assertEverythingRemoved(String user, RememberDeviceResponse device) {
    GetStatusResponse status = status(user);
    assertThat(status.getEnrolled()).isFalse();
    assertThat(status.getFactorsList()).isEmpty();
    assertThat(status.getRecoveryCodesRemaining()).isZero();
    assertThat(listDevices(user)).isEmpty();
    assertThat(checkDevice(user, device.getDeviceToken())).isFalse();
  }

  private void assertNothingRemoved(String user, RememberDeviceResponse device, int codes) {
    GetStatusResponse status = status(user);
    assertThat(status.getEnrolled()).isTrue();
    assertThat(status.getFactorsList()).hasSize(1);
    assertThat(status.getRecoveryCodesRemaining()).isEqualTo(codes);
    assertThat(listDevices(user)).hasSize(1);
    assertThat(checkDevice(user, device.getDeviceToken())).isTrue();
  }

  private List<String> generate(String user, int count) {
    return sidecar
        .recovery()
        .generateCodes(GenerateCodesRequest.newBuilder().setUserId(user).setCount(count).build())
        .getCodesList();
  }

  private VerifyCodeResponse verifyCode(String user, String code) {
    return sidecar
        .account()
        .verifyCode(VerifyCodeRequest.newBuilder().setUserId(user).setCode(code).build());
  }

  private GetStatusResponse status(String user) {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(user).build());
  }

  private ResetUserResponse reset(String user, String actor, String reason) {
    return TestSidecar.asAdmin(sidecar.account())
        .resetUser(
            ResetUserRequest.newBuilder()
                .setUserId(user)
                .setActor(actor)
                .setReason(reason)
                .build());
  }

  private DisableTwoFactorResponse disable(String user, DisableProof proof) {
    return sidecar
        .account()
        .disableTwoFactor(
            DisableTwoFactorRequest.newBuilder().setUserId(user).setProof(proof).build());
  }

  private RememberDeviceResponse remember(String user, String label) {
    var request = RememberDeviceRequest.newBuilder().setUserId(user);
    if (label != null) {
      request.setLabel(label);
    }
    return sidecar.devices().rememberDevice(request.build());
  }

  private boolean checkDevice(String user, String token) {
    return sidecar
        .devices()
        .checkDevice(CheckDeviceRequest.newBuilder().setUserId(user).setDeviceToken(token).build())
        .getTrusted();
  }

  private List<dev.authsidecar.api.v1.Device> listDevices(String user) {
    return sidecar
        .devices()
        .listDevices(ListDevicesRequest.newBuilder().setUserId(user).build())
        .getDevicesList();
  }
}
