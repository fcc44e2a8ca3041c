package dev.authsidecar.caller;

import static dev.authsidecar.testing.GrpcAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorRequest;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.config.AccessConfig;
import dev.authsidecar.testing.MutableClock;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without callers (the zero-setup default, loopback only) any local process may make sign-in calls,
 * and admin and audit calls are refused to everyone.
 */
class LocalModeTest {
  private final MutableClock clock = MutableClock.atStepStart();
  private TestDatabase database;
  private TestSidecar sidecar;

  @BeforeEach
  void start() {
    database = TestDatabase.h2();
    sidecar =
        TestSidecar.start(
            TestSidecar.config(database.config()).withAccess(AccessConfig.LOCAL_ONLY), clock);
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
    database.close();
  }

  @Test
  void signInCalls_needNoCredentials_andActAsLocal() {
    var account = AccountServiceGrpc.newBlockingStub(sidecar.channel());
    assertThat(
            account.getStatus(GetStatusRequest.newBuilder().setUserId("u").build()).getEnrolled())
        .isFalse();
    DeviceServiceGrpc.newBlockingStub(sidecar.channel())
        .rememberDevice(RememberDeviceRequest.newBuilder().setUserId("u").build());
  }

  @Test
  void adminAndAuditCalls_areRefusedToEveryone() {
    var account = AccountServiceGrpc.newBlockingStub(sidecar.channel());
    assertRefused(
        () -> account.resetUser(ResetUserRequest.newBuilder().setUserId("u").build()),
        Status.Code.PERMISSION_DENIED,
        "caller 'local'");
    assertRefused(
        () ->
            account.disableTwoFactor(
                DisableTwoFactorRequest.newBuilder()
                    .setUserId("u")
                    .setProof(DisableProof.newBuilder().setAdmin(true))
                    .build()),
        Status.Code.PERMISSION_DENIED,
        "lacks the admin permission");
    assertRefused(
        () ->
            EventServiceGrpc.newBlockingStub(sidecar.channel())
                .listEvents(ListEventsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "needs the audit permission");
  }
}
