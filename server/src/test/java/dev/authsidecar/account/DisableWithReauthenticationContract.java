package dev.authsidecar.account;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.ReauthenticationProof;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DisableTwoFactor with a re-authentication vouched for by the calling login server: only a
 * vouching caller, only when the policy names it, only while recent.
 */
public abstract class DisableWithReauthenticationContract extends DisableProofTestBase {
  @Test
  void disableTwoFactor_withReauthenticationFromVouchingCaller_removesEverything()
      throws Exception {
    register(USER);
    generate(USER, 0);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableTwoFactorResponse disabled =
          disable(
              TestSidecar.asVoucher(lenient.account()),
              USER,
              reauthenticated("password", clock.instant().minusSeconds(20)));

      assertThat(disabled.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      assertThat(disabled.getStatus().getEnrolled()).isFalse();
    }

    Event disabled = assertDisabledBy("reauthentication");
    assertThat(disabled.getDetailsMap()).containsEntry("method", "password");
    assertThat(disabled.getActor()).isEqualTo("login-vouching");
  }

  @Test
  void disableTwoFactor_withReauthenticationFromCallerWithoutVouch_isPermissionDenied()
      throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableProof proof = reauthenticated("password", clock.instant());
      assertStatus(
          () -> disable(lenient, USER, proof),
          Status.Code.PERMISSION_DENIED,
          "proof.reauthenticated");
      assertStatus(
          () -> disable(TestSidecar.asAdmin(lenient.account()), USER, proof),
          Status.Code.PERMISSION_DENIED,
          "proof.reauthenticated");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
  }

  @Test
  void disableTwoFactor_withReauthenticationUnderTheDefaultPolicy_isPermissionDenied() {
    register(USER);

    assertStatus(
        () ->
            disable(
                TestSidecar.asVoucher(sidecar.account()),
                USER,
                reauthenticated("password", clock.instant())),
        Status.Code.PERMISSION_DENIED,
        "proof.reauthenticated");

    assertThat(status(USER).getEnrolled()).isTrue();
  }

  @Test
  void disableTwoFactor_withStaleReauthentication_isExpiredAndChangesNothing() throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      DisableTwoFactorResponse refused =
          disable(
              TestSidecar.asVoucher(lenient.account()),
              USER,
              reauthenticated("password", clock.instant().minus(Duration.ofMinutes(6))));

      assertThat(refused.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_EXPIRED);
      assertThat(refused.getReason()).startsWith("authenticated_at:");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_VERIFY_REJECTED))
        .singleElement()
        .satisfies(e -> assertThat(e.getDetailsMap()).containsEntry("for", "disable"));
  }

  @Test
  void disableTwoFactor_malformedReauthentication_isInvalidArgumentNamingTheField()
      throws Exception {
    register(USER);

    try (TestSidecar lenient = withProofs(DisableProofKind.REAUTHENTICATION)) {
      var voucher = TestSidecar.asVoucher(lenient.account());
      Instant now = clock.instant();
      for (String method : List.of("", "Password", "pass word", "x".repeat(33), "pw\n")) {
        assertInvalid(
            () -> disable(voucher, USER, reauthenticated(method, now)),
            "proof.reauthenticated.method");
      }
      assertInvalid(
          () ->
              disable(
                  voucher,
                  USER,
                  DisableProof.newBuilder()
                      .setReauthenticated(ReauthenticationProof.newBuilder().setMethod("password"))
                      .build()),
          "proof.reauthenticated.authenticated_at");
      assertInvalid(
          () ->
              disable(
                  voucher,
                  USER,
                  DisableProof.newBuilder()
                      .setReauthenticated(
                          ReauthenticationProof.newBuilder()
                              .setMethod("password")
                              .setAuthenticatedAt(Timestamp.newBuilder().setNanos(-1)))
                      .build()),
          "proof.reauthenticated.authenticated_at");
      assertInvalid(
          () -> disable(voucher, USER, reauthenticated("password", now.plusSeconds(120))),
          "proof.reauthenticated.authenticated_at");
    }

    assertThat(status(USER).getEnrolled()).isTrue();
    assertThat(disabledEvents(USER)).isEmpty();
  }

  // Helpers.

  private static DisableProof reauthenticated(String method, Instant at) {
    return DisableProof.newBuilder()
        .setReauthenticated(
            ReauthenticationProof.newBuilder()
                .setMethod(method)
                .setAuthenticatedAt(
                    Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())))
        .build();
  }
}
