package dev.authsidecar.security;

import static dev.authsidecar.testing.GrpcAssertions.assertInvalid;
import static dev.authsidecar.testing.GrpcAssertions.assertRefused;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.account.DisableProofKind;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.ForgetAllDevicesRequest;
import dev.authsidecar.api.v1.ForgetDeviceRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.ListDevicesRequest;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.api.v1.RecoveryCodesProof;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WatchEventsRequest;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to the account-lifecycle, recovery, device and event RPCs get INVALID_ARGUMENT
 * (or NOT_FOUND) whose message starts with the field, callers that are not admins get
 * PERMISSION_DENIED for admin RPCs; never INTERNAL or UNKNOWN, nothing changes, and the server
 * keeps serving.
 */
public abstract class LifecycleBadInputContract extends SidecarTestBase {
  private static final String USER = "user-bad-lifecycle";

  // RecoveryCodeService

  @Test
  void generateCodes_malformedFieldsAreInvalidArgument() {
    Function<GenerateCodesRequest.Builder, Runnable> call =
        b -> () -> sidecar.recovery().generateCodes(b.build());
    assertInvalid(call.apply(GenerateCodesRequest.newBuilder())::run, "user_id");
    assertInvalid(
        call.apply(GenerateCodesRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(
        call.apply(GenerateCodesRequest.newBuilder().setUserId("bob\u0000"))::run, "user_id");
    for (int count : new int[] {-1, 21, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertInvalid(
          call.apply(GenerateCodesRequest.newBuilder().setUserId(USER).setCount(count))::run,
          "count");
    }
    assertThat(status().getRecoveryCodesRemaining()).isZero();
  }

  @Test
  void recoveryVerifyCode_malformedFieldsAreInvalidArgumentAndCostNoAttempt() {
    List<String> codes = generate();
    Function<RecoveryCodeServiceVerifyCodeRequest.Builder, Runnable> call =
        b -> () -> sidecar.recovery().verifyCode(b.build());
    var valid = RecoveryCodeServiceVerifyCodeRequest.newBuilder().setCode(codes.get(0));

    assertInvalid(call.apply(valid.clone())::run, "user_id");
    assertInvalid(call.apply(valid.clone().setUserId("u".repeat(129)))::run, "user_id");
    for (String code :
        List.of(
            "",
            " - ",
            "abcde",
            "abcde-fghjk-m",
            "uuuuu-uuuuu",
            "abcde_fghjk",
            "abcd\u00e9-fghjk",
            "x".repeat(65),
            "1".repeat(100_000))) {
      assertInvalid(
          call.apply(
                  RecoveryCodeServiceVerifyCodeRequest.newBuilder().setUserId(USER).setCode(code))
              ::run,
          "code");
    }
    assertInvalid(
        call.apply(valid.clone().setUserId(USER).setRequestId("r".repeat(129)))::run, "request_id");

    assertThat(status().getFailedAttempts()).isZero();
    assertThat(status().getRecoveryCodesRemaining()).isEqualTo(10);
  }

  // AccountService.VerifyCode, DisableTwoFactor, ResetUser, DeleteUser

  @Test
  void accountVerifyCode_malformedFieldsAreInvalidArgumentAndCostNoAttempt() {
    List<String> codes = generate();
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

    assertThat(status().getFailedAttempts()).isZero();
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
    List<String> codes = generate();
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

    assertThat(status().getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(status().getFailedAttempts()).isZero();
  }

  @Test
  void disableTwoFactor_proofThePolicyDoesNotAcceptIsRefused() throws Exception {
    List<String> codes = generate();
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
          () -> strict.account().disableTwoFactor(disableRequest(oneCode)),
          Status.Code.PERMISSION_DENIED,
          "proof.recovery_codes");
      assertStatus(
          () ->
              strict
                  .account()
                  .disableTwoFactor(
                      disableRequest(DisableProof.newBuilder().setAdmin(true).build())),
          Status.Code.PERMISSION_DENIED,
          "proof.admin");
      assertInvalid(
          () -> needsTwo.account().disableTwoFactor(disableRequest(oneCode)),
          "proof.recovery_codes");
    }
    assertThat(status().getRecoveryCodesRemaining()).isEqualTo(10);
  }

  @Test
  void resetUser_malformedFieldsAreInvalidArgumentAndResetNothing() {
    generate();
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

    assertThat(status().getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(status().getMustEnroll()).isFalse();
  }

  @Test
  void deleteUser_malformedUserIdIsInvalidArgumentAndDeletesNothing() {
    generate();
    for (String userId : List.of("", "u".repeat(129), "bob\r")) {
      assertInvalid(
          () ->
              TestSidecar.asAdmin(sidecar.account())
                  .deleteUser(DeleteUserRequest.newBuilder().setUserId(userId).build()),
          "user_id");
    }
    assertThat(status().getRecoveryCodesRemaining()).isEqualTo(10);
  }

  // DeviceService

  @Test
  void rememberDevice_malformedFieldsAreInvalidArgument() {
    Function<RememberDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().rememberDevice(b.build());

    assertInvalid(call.apply(RememberDeviceRequest.newBuilder())::run, "user_id");
    assertInvalid(
        call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setLabel("l".repeat(65)))
            ::run,
        "label");
    assertInvalid(
        call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setLabel("Fire\u001bfox"))
            ::run,
        "label");
    for (Duration ttl :
        List.of(
            Duration.getDefaultInstance(),
            Duration.newBuilder().setSeconds(-1).build(),
            Duration.newBuilder().setNanos(-1).build(),
            Duration.newBuilder().setSeconds(90L * 86400).setNanos(1).build(),
            Duration.newBuilder().setSeconds(Long.MAX_VALUE).build(),
            Duration.newBuilder().setSeconds(Long.MIN_VALUE).build())) {
      assertInvalid(
          call.apply(RememberDeviceRequest.newBuilder().setUserId(USER).setTtl(ttl))::run, "ttl");
    }
    assertThat(listDevices()).isEmpty();
  }

  @Test
  void rememberDevice_ttlOutsideTheProtobufDurationRangeIsInvalidArgument() {
    // Not a valid google.protobuf.Duration (nanos must stay within ±999,999,999): the sidecar
    // must refuse it as malformed, not fail while normalising it.
    for (Duration ttl :
        List.of(
            Duration.newBuilder().setSeconds(Long.MAX_VALUE).setNanos(1_000_000_000).build(),
            Duration.newBuilder().setSeconds(Long.MIN_VALUE).setNanos(-1).build())) {
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .rememberDevice(
                      RememberDeviceRequest.newBuilder().setUserId(USER).setTtl(ttl).build()),
          "ttl");
    }
    assertThat(listDevices()).isEmpty();
  }

  @Test
  void checkDevice_malformedTokenIsInvalidArgument_unknownTokenIsUntrusted() {
    RememberDeviceResponse device = remember();
    Function<CheckDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().checkDevice(b.build());

    assertInvalid(
        call.apply(CheckDeviceRequest.newBuilder().setDeviceToken(device.getDeviceToken()))::run,
        "user_id");
    for (String token :
        List.of(
            "",
            "short",
            device.getDeviceToken() + "A",
            device.getDeviceToken().substring(1),
            "+".repeat(43),
            device.getDeviceToken().substring(0, 42) + "=",
            "x".repeat(100_000))) {
      assertInvalid(
          call.apply(CheckDeviceRequest.newBuilder().setUserId(USER).setDeviceToken(token))::run,
          "device_token");
    }
    assertThat(
            sidecar
                .devices()
                .checkDevice(
                    CheckDeviceRequest.newBuilder()
                        .setUserId(USER)
                        .setDeviceToken("A".repeat(43))
                        .build())
                .getTrusted())
        .isFalse();
    assertThat(
            sidecar
                .devices()
                .checkDevice(
                    CheckDeviceRequest.newBuilder()
                        .setUserId(USER)
                        .setDeviceToken(device.getDeviceToken())
                        .build())
                .getTrusted())
        .isTrue();
  }

  @Test
  void forgetDevice_malformedIdIsInvalidArgument_unknownOrOtherUsersIdIsNotFound() {
    RememberDeviceResponse mine = remember();
    RememberDeviceResponse theirs =
        sidecar
            .devices()
            .rememberDevice(RememberDeviceRequest.newBuilder().setUserId("someone-else").build());
    Function<ForgetDeviceRequest.Builder, Runnable> call =
        b -> () -> sidecar.devices().forgetDevice(b.build());

    assertInvalid(
        call.apply(ForgetDeviceRequest.newBuilder().setDeviceId(mine.getDeviceId()))::run,
        "user_id");
    for (String id :
        List.of(
            "", "not-a-uuid", "123", mine.getDeviceId() + "0", "g".repeat(36), "x".repeat(1000))) {
      assertInvalid(
          call.apply(ForgetDeviceRequest.newBuilder().setUserId(USER).setDeviceId(id))::run,
          "device_id");
    }
    for (String id : List.of(UUID.randomUUID().toString(), theirs.getDeviceId())) {
      assertStatus(
          call.apply(ForgetDeviceRequest.newBuilder().setUserId(USER).setDeviceId(id))::run,
          Status.Code.NOT_FOUND,
          "device_id");
    }

    assertThat(listDevices()).hasSize(1);
    assertThat(
            sidecar
                .devices()
                .checkDevice(
                    CheckDeviceRequest.newBuilder()
                        .setUserId("someone-else")
                        .setDeviceToken(theirs.getDeviceToken())
                        .build())
                .getTrusted())
        .isTrue();
  }

  @Test
  void listAndForgetAllDevices_malformedUserIdIsInvalidArgument() {
    remember();
    for (String userId : List.of("", "u".repeat(129), "x\u0085y")) {
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .listDevices(ListDevicesRequest.newBuilder().setUserId(userId).build()),
          "user_id");
      assertInvalid(
          () ->
              sidecar
                  .devices()
                  .forgetAllDevices(ForgetAllDevicesRequest.newBuilder().setUserId(userId).build()),
          "user_id");
    }
    assertThat(listDevices()).hasSize(1);
  }

  // EventService

  @Test
  void listEvents_malformedFieldsAreInvalidArgument() {
    Function<ListEventsRequest.Builder, Runnable> call =
        b -> () -> sidecar.events().listEvents(b.build());

    for (int pageSize : new int[] {-1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertInvalid(
          call.apply(ListEventsRequest.newBuilder().setPageSize(pageSize))::run, "page_size");
    }
    for (long afterId : new long[] {-1, Long.MIN_VALUE}) {
      assertInvalid(
          call.apply(ListEventsRequest.newBuilder().setAfterId(afterId))::run, "after_id");
    }
    assertInvalid(
        call.apply(ListEventsRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(call.apply(ListEventsRequest.newBuilder().setUserId("a\nb"))::run, "user_id");

    assertThat(
            sidecar
                .events()
                .listEvents(ListEventsRequest.newBuilder().setAfterId(Long.MAX_VALUE).build())
                .getEventsList())
        .isEmpty();
  }

  @Test
  void watchEvents_malformedFieldsAreInvalidArgument() {
    Function<WatchEventsRequest.Builder, Runnable> call =
        b -> () -> sidecar.events().watchEvents(b.build()).hasNext();

    for (long afterId : new long[] {-1, Long.MIN_VALUE}) {
      assertInvalid(
          call.apply(WatchEventsRequest.newBuilder().setAfterId(afterId))::run, "after_id");
    }
    assertInvalid(
        call.apply(WatchEventsRequest.newBuilder().setUserId("u".repeat(129)))::run, "user_id");
    assertInvalid(call.apply(WatchEventsRequest.newBuilder().setUserId("a\u0000"))::run, "user_id");
  }

  // Callers

  @Test
  void adminRpcs_fromCallersWithoutTheAdminPermission_arePermissionDeniedAndChangeNothing() {
    generate();
    RememberDeviceResponse device = remember();
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
                  disableRequest(DisableProof.newBuilder().setAdmin(true).build())),
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
                    disableRequest(DisableProof.newBuilder().setTotpCode("123456").build())),
        Status.Code.PERMISSION_DENIED,
        "lacks the login permission");

    GetStatusResponse after = status();
    assertThat(after.getRecoveryCodesRemaining()).isEqualTo(10);
    assertThat(after.getMustEnroll()).isFalse();
    assertThat(listDevices()).extracting(d -> d.getId()).containsExactly(device.getDeviceId());
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

  @AfterEach
  void serverStillServes() {
    assertThat(status()).isNotNull();
    assertThat(
            sidecar
                .health()
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("authsidecar.v1.AccountService")
                        .build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  // Helpers.

  private static DisableTwoFactorRequest disableRequest(DisableProof proof) {
    return DisableTwoFactorRequest.newBuilder().setUserId(USER).setProof(proof).build();
  }

  private GetStatusResponse status() {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(USER).build());
  }

  private List<String> generate() {
    return sidecar
        .recovery()
        .generateCodes(GenerateCodesRequest.newBuilder().setUserId(USER).build())
        .getCodesList();
  }

  private RememberDeviceResponse remember() {
    return sidecar
        .devices()
        .rememberDevice(RememberDeviceRequest.newBuilder().setUserId(USER).build());
  }

  private List<dev.authsidecar.api.v1.Device> listDevices() {
    return sidecar
        .devices()
        .listDevices(ListDevicesRequest.newBuilder().setUserId(USER).build())
        .getDevicesList();
  }
}
