package dev.authsidecar.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.TotpAlgorithm;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.Enrollments.Enrolled;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.jboss.aerogear.security.otp.api.Base32;
import org.junit.jupiter.api.Test;

/** TotpService through a real in-process gRPC server, on the database the subclass picks. */
public abstract class TotpApiContract extends SidecarTestBase {
  private static final String USER = "user-42";

  @Test
  void beginEnrollment_returnsSecretUriAndScannableQrCodes() throws Exception {
    BeginEnrollmentResponse begun =
        sidecar
            .totp()
            .beginEnrollment(
                BeginEnrollmentRequest.newBuilder()
                    .setUserId(USER)
                    .setAccountName("ada@example.com")
                    .setIssuer("Example Corp")
                    .build());

    assertThat(Base32.decode(begun.getSecret())).hasSize(20);
    assertThat(begun.getOtpauthUri())
        .isEqualTo(
            "otpauth://totp/Example%20Corp:ada%40example.com?secret="
                + begun.getSecret()
                + "&issuer=Example%20Corp&algorithm=SHA1&digits=6&period=30");
    assertThat(decodeQr(begun.getQrPng().toByteArray())).isEqualTo(begun.getOtpauthUri());
    assertThat(begun.getQrSvg()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    assertThat(Instant.ofEpochSecond(begun.getExpiresAt().getSeconds()))
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void confirmEnrollment_activatesFactorListedInStatus() {
    Enrolled enrolled = enroll(USER);

    var status = sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());
    assertThat(status.getEnrolled()).isTrue();
    assertThat(status.getFactorsList()).hasSize(1);
    assertThat(status.getFactors(0).getId()).isEqualTo(enrolled.factorId());
    assertThat(status.getFactors(0).getLabel()).isEqualTo("Authenticator app");
    assertThat(status.getFactors(0).getTotp().getDigits()).isEqualTo(6);
  }

  @Test
  void confirmEnrollment_rejectsWrongCodeThenAcceptsRightOne() {
    BeginEnrollmentResponse begun = begin(USER);
    Authenticator app = Authenticator.scanning(begun, clock);

    assertThat(confirm(begun, app.wrongCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(confirm(begun, app.code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void confirmEnrollment_secondConfirmationIsReplayed() {
    BeginEnrollmentResponse begun = begin(USER);
    Authenticator app = Authenticator.scanning(begun, clock);
    confirm(begun, app.code());

    assertThat(confirm(begun, app.code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(status().getFactorsCount()).isEqualTo(1);
  }

  @Test
  void confirmEnrollment_expiresAfterTtl() {
    BeginEnrollmentResponse begun = begin(USER);
    Authenticator app = Authenticator.scanning(begun, clock);
    clock.advance(Duration.ofMinutes(10));

    assertThat(confirm(begun, app.code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
    assertThat(status().getEnrolled()).isFalse();
  }

  @Test
  void verify_acceptsCurrentCodeAndNamesTheFactor() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));

    VerifyResponse answer = verify(USER, enrolled.app().code());

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(answer.getFactorId()).isEqualTo(enrolled.factorId());
    assertThat(answer.getTimeStepOffset()).isZero();
    assertThat(status().getFactors(0).hasLastUsedAt()).isTrue();
  }

  @Test
  void verify_rejectsReplayedCode() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    String code = enrolled.app().code();
    verify(USER, code);

    assertThat(verify(USER, code).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void verify_rejectsReplayedCodeAfterRestartWithoutMemory() throws Exception {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    String code = enrolled.app().code();
    verify(USER, code);
    // A fresh instance has an empty in-memory cache: the database must still refuse.
    try (TestSidecar other = TestSidecar.start(database.config(), clock)) {
      assertThat(verify(other, USER, code).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    }
  }

  @Test
  void verify_rejectsOlderInWindowCodeAfterNewerOneWasAccepted() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(60));
    String newer = enrolled.app().codeAt(Duration.ofSeconds(30));
    String older = enrolled.app().code();

    assertThat(verify(USER, newer).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(verify(USER, older).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void verify_rejectsEnrollmentCodeAtFirstVerify() throws Exception {
    Enrolled enrolled = enroll(USER);

    assertThat(verify(USER, enrolled.confirmationCode()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    try (TestSidecar other = TestSidecar.start(database.config(), clock)) {
      assertThat(verify(other, USER, enrolled.confirmationCode()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    }
  }

  @Test
  void verify_treatsSpacedAndHyphenatedVariantsAsTheSameCode() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    String code = enrolled.app().code();
    verify(USER, code);

    String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + " ";
    String hyphenated = code.substring(0, 3) + "-" + code.substring(3);
    assertThat(verify(USER, spaced).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
    assertThat(verify(USER, hyphenated).getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void verify_acceptsSpacedCodeWhenFresh() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    String code = enrolled.app().code();

    assertThat(verify(USER, code.substring(0, 3) + " " + code.substring(3)).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void verify_rejectsWrongCode() {
    Enrolled enrolled = enroll(USER);

    VerifyResponse answer = verify(USER, enrolled.app().wrongCode());

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(status().getFailedAttempts()).isEqualTo(1);
  }

  @Test
  void verify_answersNotEnrolledForUserWithoutFactor() {
    assertThat(verify("nobody", "123456").getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_NOT_ENROLLED);
  }

  @Test
  void verify_locksOutAfterConfiguredFailuresAndUnlocksAfterDelay() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      assertThat(verify(USER, enrolled.app().wrongCode()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    }

    VerifyResponse locked = verify(USER, enrolled.app().code());
    assertThat(locked.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
    assertThat(locked.getRetryAfter().getSeconds()).isEqualTo(30);
    assertThat(status().hasLockedUntil()).isTrue();
    assertThat(status().getLockedOut()).isTrue();

    clock.advance(Duration.ofSeconds(30));
    assertThat(verify(USER, enrolled.app().code()).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(status().getFailedAttempts()).isZero();
    assertThat(status().hasLockedUntil()).isFalse();
    assertThat(status().getLockedOut()).isFalse();
  }

  @Test
  void verify_lockoutDelayGrowsWithEachRound() {
    Enrolled enrolled = enroll(USER);
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      verify(USER, enrolled.app().wrongCode());
    }
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < TestSidecar.LOCKOUT.threshold(); i++) {
      assertThat(verify(USER, enrolled.app().wrongCode()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    }

    assertThat(verify(USER, enrolled.app().wrongCode()).getRetryAfter().getSeconds()).isEqualTo(60);
  }

  @Test
  void verify_afterMaximumFailuresStaysLockedAndStatusSaysSo() throws Exception {
    Enrolled enrolled = enroll(USER);
    var strict =
        new dev.authsidecar.lockout.LockoutPolicy(
            2, Duration.ofSeconds(1), Duration.ofSeconds(1), 4);
    try (TestSidecar guarded =
        TestSidecar.start(TestSidecar.config(database.config()).withLockout(strict), clock)) {
      for (int i = 0; i < 4; i++) {
        assertThat(verify(guarded, USER, enrolled.app().wrongCode()).getResult())
            .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
        clock.advance(Duration.ofSeconds(1));
      }
      clock.advance(Duration.ofHours(1));

      VerifyResponse answer = verify(guarded, USER, enrolled.app().code());
      var status =
          guarded.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());

      assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_LOCKED_OUT);
      assertThat(answer.hasRetryAfter()).isFalse();
      assertThat(status.getLockedOut()).isTrue();
      assertThat(status.hasLockedUntil()).isFalse();
      assertThat(status.getFailedAttempts()).isEqualTo(4);
    }
  }

  @Test
  void verify_retryWithSameRequestIdGetsFirstAnswer() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));
    VerifyRequest request =
        VerifyRequest.newBuilder()
            .setUserId(USER)
            .setCode(enrolled.app().code())
            .setRequestId("login-attempt-1")
            .build();

    VerifyResponse first = sidecar.totp().verify(request);
    VerifyResponse retry = sidecar.totp().verify(request);
    VerifyResponse otherRequest =
        sidecar.totp().verify(request.toBuilder().setRequestId("login-attempt-2").build());

    assertThat(first.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(retry).isEqualTo(first);
    assertThat(otherRequest.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  @Test
  void verify_reportsDriftOfAClockRunningAhead() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofSeconds(30));

    VerifyResponse answer = verify(USER, enrolled.app().codeAt(Duration.ofSeconds(30)));

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(answer.getTimeStepOffset()).isEqualTo(1);
    assertThat(status().getFactors(0).getTotp().getDriftSteps()).isEqualTo(1);
  }

  @Test
  void verify_refusesCodesOutsideTheWindow() {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofMinutes(5));

    assertThat(verify(USER, enrolled.app().codeAt(Duration.ofSeconds(-60))).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
    assertThat(verify(USER, enrolled.app().codeAt(Duration.ofSeconds(60))).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
  }

  @Test
  void verify_strictProfileRefusesPreviousStep() throws Exception {
    Enrolled enrolled = enroll(USER);
    clock.advance(Duration.ofMinutes(5));
    TotpPolicy strict = TotpPolicy.DEFAULT.withBackwardSteps(0);
    try (TestSidecar strictSidecar =
        TestSidecar.start(TestSidecar.config(database.config()).withTotp(strict), clock)) {
      assertThat(
              verify(strictSidecar, USER, enrolled.app().codeAt(Duration.ofSeconds(-30)))
                  .getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_REJECTED);
      assertThat(verify(strictSidecar, USER, enrolled.app().code()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  @Test
  void verify_acceptsCodeOfAnyOfSeveralFactorsAndNamesTheOneThatMatched() {
    Enrolled phone = enroll(USER);
    Enrolled tablet = enroll(USER);
    clock.advance(Duration.ofSeconds(30));

    VerifyResponse answer = verify(USER, tablet.app().code());

    assertThat(answer.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertThat(answer.getFactorId()).isEqualTo(tablet.factorId()).isNotEqualTo(phone.factorId());
  }

  @Test
  void verify_supportsSha256AndSha512WithEightDigits() {
    for (TotpAlgorithm algorithm :
        new TotpAlgorithm[] {
          TotpAlgorithm.TOTP_ALGORITHM_SHA256, TotpAlgorithm.TOTP_ALGORITHM_SHA512
        }) {
      String user = "user-" + algorithm;
      BeginEnrollmentResponse begun =
          sidecar
              .totp()
              .beginEnrollment(
                  BeginEnrollmentRequest.newBuilder()
                      .setUserId(user)
                      .setAlgorithm(algorithm)
                      .setDigits(8)
                      .build());
      assertThat(begun.getOtpauthUri()).contains("algorithm=" + algorithm.name().substring(15));
      Authenticator app = Authenticator.scanning(begun, clock);
      assertThat(app.code()).hasSize(8);
      assertThat(confirm(begun, app.code()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      clock.advance(Duration.ofSeconds(30));
      assertThat(verify(user, app.code()).getResult())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  @Test
  void startup_refusesWhenStoredSecretsUseAnUnconfiguredKey() {
    enroll(USER);
    var otherKeys =
        TestSidecar.config(database.config())
            .withSecretKeys(
                java.util.Optional.of(
                    "other:" + java.util.Base64.getEncoder().encodeToString(new byte[32])));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestSidecar.start(otherKeys, clock))
        .isInstanceOf(dev.authsidecar.config.ConfigException.class)
        .hasMessageContaining("AUTHSIDECAR_SECRET_KEYS")
        .hasMessageContaining("test-1");
  }

  private BeginEnrollmentResponse begin(String userId) {
    return sidecar
        .totp()
        .beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(userId).build());
  }

  private dev.authsidecar.api.v1.ConfirmEnrollmentResponse confirm(
      BeginEnrollmentResponse begun, String code) {
    return sidecar
        .totp()
        .confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(code)
                .build());
  }

  private dev.authsidecar.api.v1.GetStatusResponse status() {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());
  }

  private static String decodeQr(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
  }
}
