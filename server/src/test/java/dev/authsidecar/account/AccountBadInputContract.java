package dev.authsidecar.account;

import static dev.authsidecar.testing.Calls.disableRequest;
import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertRefused;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.RecoveryCodesProof;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.testing.BadInputTestBase;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to AccountService.VerifyCode, DisableTwoFactor, ResetUser and DeleteUser, and
 * admin calls from callers that are not admins, are refused and change nothing (see {@link
 * BadInputTestBase}).
 */
public abstract class AccountBadInputContract extends BadInputTestBase {

  @Test
  void accountVerifyCode_malformedFieldsAreInvalidArgumentAndCostNoAttempt() {
    List<String> codes = generate(USER, 0);
    Function<VerifyCodeRequest.Builder, Runnable> call =
        b -> () -> sidecar.account().verifyCode(b.build());

    assertInvalid(call.apply(VerifyCodeRequest.newBuilder().setCode(codes.get(0)))::run, "user_id");
    assertInvalid(
        call.apply(VerifyCodeRequest.newBuilder().setUserId("a\tb").setCode(codes.get(0)))::run,
        "user_id");
    for (String code :
        List.of(
            "",
            "   ",
            "12345",
            "1234567",
            "123456789",
            "12a456",
            "abcdef",
            "abcde-fghjk-mn",
            "uuuuu-uuuuu",
            "!!!!!-!!!!!",
            "uuuu-uuuu-uuuu-uuuu",
            "abcd-efgh-jkmn-pqrs-t",
            "\u0661\u0662\u0663\u0664\u0665\u0666",
            "9".repeat(65),
            "9".repeat(100_000))) {
      assertInvalid(
          call.apply(VerifyCodeRequest.newBuilder().setUserId(USER).setCode(code))::run, "code");
    }
    assertInvalid(
        call.apply(
                VerifyCodeRequest.newBuilder()
                    .setUserId(USER)
                    .setCode(codes.get(0))
                    .setRequestId("r".repeat(129)))
            ::run,
        "request_id");

    assertThat(status(USER).getFailedAttempts()).isZero();
    assertThat(
            sidecar
                .account()
                .verifyCode(
                    VerifyCodeRequest.newBuilder().setUserId(USER).setCode(codes.get(0)).build())
                .getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void disableTwoFactor_malformedProofIsInvalidArgumentAndRemovesNothing() {
    List<String> codes = generate(USER, 0);
    Function<DisableProof.Builder, Runnable> call =
        proof ->
            () ->
                sidecar
                    .account()
                    .disableTwoFactor(
                        DisableTwoFactorRequest.newBuilder()
                            .setUserId(USER)
                            .setProof(proof)
                            .build());

    assertInvalid(
        () ->
            sidecar
                .account()
                .disableTwoFactor(
                    DisableTwoFactorRequest.newBuilder()
                        .setProof(DisableProof.newBuilder().setAdmin(true))
                        .build()),
        "user_id");
    assertInvalid(
        () ->
            sidecar
                .account()
                .disableTwoFactor(DisableTwoFactorRequest.newBuilder().setUserId(USER).build()),
        "proof");
    assertInvalid(call.apply(DisableProof.newBuilder())::run, "proof");
    for (String code : List.of("", "12a456", "12345", "1".repeat(100))) {
      assertInvalid(
          call.apply(DisableProof.newBuilder().setTotpCode(code))::run, "proof.totp_code");
    }
    assertInvalid(
        call.apply(DisableProof.newBuilder().setRecoveryCodes(RecoveryCodesProof.newBuilder()))
            ::run,
        "proof.recovery_codes");
    assertInvalid(
        call.apply(
                DisableProof.newBuilder()
                    .setRecoveryCodes(
                        RecoveryCodesProof.newBuilder()
                            .addCodes(codes.get(0))
                            .addCodes(codes.get(0).toUpperCase(java.util.Locale.ROOT))))
            ::run,
        "proof.recovery_codes");
    assertInvalid(
        call.apply(
                DisableProof.newBuilder()
                    .setRecoveryCodes(RecoveryCodesProof.newBuilder().addCodes("not-a-code")))
            ::run,
        "proof.recovery_codes");
    assertInvalid(call.apply(DisableProof.newBuilder().setAdmin(false))::run, "proof.admin");

    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(status(USER).getFailedAttempts()).isZero();
  }

  @Test
  void disableTwoFactor_proofThePolicyDoesNotAcceptIsRefused() throws Exception {
    List<String> codes = generate(USER, 0);
    AccountPolicy totpOnly = AccountPolicy.DEFAULT.withDisableProofs(Set.of(DisableProofKind.TOTP));
    AccountPolicy twoCodes =
        AccountPolicy.DEFAULT
            .withDisableProofs(Set.of(DisableProofKind.values()))
            .withDisableRecoveryCodes(2);
    try (TestSidecar strict =
            TestSidecar.start(TestSidecar.config(database.config()).withAccount(totpOnly), clock);
        TestSidecar needsTwo =
            TestSidecar.start(TestSidecar.config(database.config()).withAccount(twoCodes), clock)) {
      DisableProof oneCode =
          DisableProof.newBuilder()
              .setRecoveryCodes(RecoveryCodesProof.newBuilder().addCodes(codes.get(0)))
              .build();
      assertStatus(
          () -> strict.account().disableTwoFactor(disableRequest(USER, oneCode)),
          Status.Code.PERMISSION_DENIED,
          "proof.recovery_codes");
      assertStatus(
          () ->
              strict
                  .account()
                  .disableTwoFactor(
                      disableRequest(USER, DisableProof.newBuilder().setAdmin(true).build())),
          Status.Code.PERMISSION_DENIED,
          "proof.admin");
      assertInvalid(
          () -> needsTwo.account().disableTwoFactor(disableRequest(USER, oneCode)),
          "proof.recovery_codes");
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
  }

  @Test
  void resetUser_malformedFieldsAreInvalidArgumentAndResetNothing() {
    generate(USER, 0);
    Function<ResetUserRequest.Builder, Runnable> call =
        b -> () -> TestSidecar.asAdmin(sidecar.account()).resetUser(b.build());
    var valid = ResetUserRequest.newBuilder().setUserId(USER).setActor("grace").setReason("t-1");

    assertInvalid(call.apply(valid.clone().clearUserId())::run, "user_id");
    assertInvalid(call.apply(valid.clone().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(call.apply(valid.clone().clearActor())::run, "actor");
    assertInvalid(call.apply(valid.clone().setActor("   "))::run, "actor");
    assertInvalid(call.apply(valid.clone().setActor("a".repeat(129)))::run, "actor");
    assertInvalid(call.apply(valid.clone().setActor("grace\nadmin"))::run, "actor");
    assertInvalid(call.apply(valid.clone().clearReason())::run, "reason");
    assertInvalid(call.apply(valid.clone().setReason("r".repeat(513)))::run, "reason");
    assertInvalid(call.apply(valid.clone().setReason("ticket\u0007"))::run, "reason");

    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(status(USER).getMustEnroll()).isFalse();
  }

  @Test
  void deleteUser_malformedUserIdIsInvalidArgumentAndDeletesNothing() {
    generate(USER, 0);
    for (String userId : List.of("", "u".repeat(129), "bob\r")) {
      assertInvalid(
          () ->
              TestSidecar.asAdmin(sidecar.account())
                  .deleteUser(DeleteUserRequest.newBuilder().setUserId(userId).build()),
          "user_id");
    }
    assertThat(status(USER).getRecoveryCodesRemaining()).isEqualTo(10);
  }

  @Test
  void adminRpcs_fromCallersWithoutTheAdminPermission_arePermissionDeniedAndChangeNothing() {
    generate(USER, 0);
    RememberDeviceResponse device = remember(USER, null);
    for (String caller : List.of(TestCallers.LOGIN, TestCallers.VOUCHER, TestCallers.AUDITOR)) {
      AccountServiceBlockingStub account = TestSidecar.as(caller, sidecar.account());
      assertRefused(
          () ->
              account.resetUser(
                  ResetUserRequest.newBuilder()
                      .setUserId(USER)
                      .setActor("mallory")
                      .setReason("takeover")
                      .build()),
          Status.Code.PERMISSION_DENIED,
          "needs the admin permission");
      assertRefused(
          () -> account.deleteUser(DeleteUserRequest.newBuilder().setUserId(USER).build()),
          Status.Code.PERMISSION_DENIED,
          "needs the admin permission");
      assertRefused(
          () ->
              account.disableTwoFactor(
                  disableRequest(USER, DisableProof.newBuilder().setAdmin(true).build())),
          Status.Code.PERMISSION_DENIED,
          caller.equals(TestCallers.AUDITOR)
              ? "needs the admin or login permission"
              : "proof.admin");
    }
    // The audit trail needs the audit permission, which sign-in services lack.
    for (String caller : List.of(TestCallers.LOGIN, TestCallers.VOUCHER)) {
      var events = TestSidecar.as(caller, sidecar.events());
      assertRefused(
          () -> events.listEvents(ListEventsRequest.getDefaultInstance()),
          Status.Code.PERMISSION_DENIED,
          "needs the audit permission");
      assertRefused(
          () -> events.watchEvents(WatchEventsRequest.getDefaultInstance()).hasNext(),
          Status.Code.PERMISSION_DENIED,
          "needs the audit permission");
    }
    // Support and audit callers cannot act as a sign-in service.
    for (String caller : List.of(TestCallers.ADMIN, TestCallers.AUDITOR)) {
      assertRefused(
          () ->
              TestSidecar.as(caller, sidecar.account())
                  .getStatus(GetStatusRequest.newBuilder().setUserId(USER).build()),
          Status.Code.PERMISSION_DENIED,
          "needs the login permission");
    }

    // Nor present a user's own proof on the user's behalf.
    assertRefused(
        () ->
            TestSidecar.asAdmin(sidecar.account())
                .disableTwoFactor(
                    disableRequest(USER, DisableProof.newBuilder().setTotpCode("123456").build())),
        Status.Code.PERMISSION_DENIED,
        "lacks the login permission");

    GetStatusResponse after = status(USER);
    assertThat(after.getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(after.getMustEnroll()).isFalse();
    assertThat(listDevices(USER)).extracting(d -> d.getId()).containsExactly(device.getDeviceId());
    assertThat(EventTrail.types(EventTrail.all(sidecar.events(), USER)))
        .doesNotContain(
            EventType.EVENT_TYPE_USER_RESET,
            EventType.EVENT_TYPE_USER_DELETED,
            EventType.EVENT_TYPE_TWO_FACTOR_DISABLED);

    // The admin caller may, and is the actor.
    assertThat(
            TestSidecar.asAdmin(sidecar.account())
                .resetUser(
                    ResetUserRequest.newBuilder()
                        .setUserId(USER)
                        .setActor("grace")
                        .setReason("ticket 1")
                        .build())
                .getTemporaryCode())
        .isNotEmpty();
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_USER_RESET))
        .singleElement()
        .satisfies(e -> assertThat(e.getActor()).isEqualTo(TestCallers.ADMIN));
  }

  @Test
  void callerHeader_noLongerEstablishesIdentity() {
    Metadata claim = new Metadata();
    claim.put(
        Metadata.Key.of("authsidecar-caller", Metadata.ASCII_STRING_MARSHALLER), TestCallers.ADMIN);
    var claimsAdmin = MetadataUtils.newAttachHeadersInterceptor(claim);
    // The header alone is no credential.
    assertStatus(
        () ->
            AccountServiceGrpc.newBlockingStub(sidecar.channel())
                .withInterceptors(claimsAdmin)
                .getStatus(GetStatusRequest.newBuilder().setUserId(USER).build()),
        Status.Code.UNAUTHENTICATED);
    // Beside a sign-in service's token it changes nothing: still no admin call, still its name.
    assertStatus(
        () ->
            sidecar
                .account()
                .withInterceptors(claimsAdmin)
                .resetUser(ResetUserRequest.newBuilder().setUserId(USER).build()),
        Status.Code.PERMISSION_DENIED);
    sidecar
        .devices()
        .withInterceptors(claimsAdmin)
        .rememberDevice(RememberDeviceRequest.newBuilder().setUserId(USER).build());
    assertThat(EventTrail.ofType(sidecar.events(), USER, EventType.EVENT_TYPE_DEVICE_REMEMBERED))
        .singleElement()
        .satisfies(e -> assertThat(e.getActor()).isEqualTo(TestCallers.LOGIN));
  }
}
