package dev.authsidecar.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.caller.Permission;
import io.grpc.ServiceDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodPermissionsTest {

  @Test
  void everyApiMethod_admitsSomeCaller() {
    for (ServiceDescriptor service :
        List.of(
            TotpServiceGrpc.getServiceDescriptor(),
            WebAuthnServiceGrpc.getServiceDescriptor(),
            RecoveryCodeServiceGrpc.getServiceDescriptor(),
            DeviceServiceGrpc.getServiceDescriptor(),
            AccountServiceGrpc.getServiceDescriptor(),
            EventServiceGrpc.getServiceDescriptor())) {
      service
          .getMethods()
          .forEach(
              m ->
                  assertThat(MethodPermissions.admitting(m.getFullMethodName()))
                      .as(m.getFullMethodName())
                      .isNotEmpty());
    }
  }

  @Test
  void supportActionsAndTheTrail_needAdminOrAudit_notLogin() {
    assertThat(admitting(AccountServiceGrpc.getResetUserMethod().getFullMethodName()))
        .containsExactly(Permission.ADMIN);
    assertThat(admitting(AccountServiceGrpc.getDeleteUserMethod().getFullMethodName()))
        .containsExactly(Permission.ADMIN);
    assertThat(admitting(EventServiceGrpc.getListEventsMethod().getFullMethodName()))
        .containsExactly(Permission.AUDIT);
    assertThat(admitting(EventServiceGrpc.getWatchEventsMethod().getFullMethodName()))
        .containsExactly(Permission.AUDIT);
    assertThat(admitting(AccountServiceGrpc.getDisableTwoFactorMethod().getFullMethodName()))
        .containsExactlyInAnyOrder(Permission.LOGIN, Permission.ADMIN);
    assertThat(admitting(TotpServiceGrpc.getVerifyMethod().getFullMethodName()))
        .containsExactly(Permission.LOGIN);
  }

  @Test
  void unknownMethods_admitNoOne() {
    assertThat(admitting("authsidecar.v1.AccountService/NotYetListed")).isEmpty();
    assertThat(admitting("grpc.health.v1.Health/Check")).isEmpty();
  }

  private static java.util.Set<Permission> admitting(String method) {
    return MethodPermissions.admitting(method);
  }
}
