package dev.authsidecar.grpc;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.caller.Permission;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The permission each RPC needs. A method missing here is refused to every caller (fail closed): a
 * new RPC must be given its permission before anyone can call it.
 */
public final class MethodPermissions {
  private static final Map<String, Set<Permission>> REQUIRED = build();

  private MethodPermissions() {}

  /** The permissions of which a caller needs one; empty for a method no caller may call. */
  public static Set<Permission> admitting(String fullMethodName) {
    return REQUIRED.getOrDefault(fullMethodName, Set.of());
  }

  private static Map<String, Set<Permission>> build() {
    Map<String, Set<Permission>> required = new HashMap<>();
    // Services that only ever act on the signed-in user's own factors.
    for (ServiceDescriptor service :
        new ServiceDescriptor[] {
          TotpServiceGrpc.getServiceDescriptor(),
          WebAuthnServiceGrpc.getServiceDescriptor(),
          RecoveryCodeServiceGrpc.getServiceDescriptor(),
          DeviceServiceGrpc.getServiceDescriptor()
        }) {
      service
          .getMethods()
          .forEach(m -> required.put(m.getFullMethodName(), Set.of(Permission.LOGIN)));
    }
    // AccountService mixes self-service and support actions: each method is listed.
    put(required, AccountServiceGrpc.getGetStatusMethod(), Permission.LOGIN);
    put(required, AccountServiceGrpc.getVerifyCodeMethod(), Permission.LOGIN);
    put(required, AccountServiceGrpc.getSetPreferredFactorMethod(), Permission.LOGIN);
    put(required, AccountServiceGrpc.getRenameFactorMethod(), Permission.LOGIN);
    put(required, AccountServiceGrpc.getRemoveFactorMethod(), Permission.LOGIN);
    // A user's own proof comes from a sign-in service, the admin proof from a support console:
    // AccountLifecycle checks the permission each proof needs (login, admin, vouch).
    put(
        required,
        AccountServiceGrpc.getDisableTwoFactorMethod(),
        Permission.LOGIN,
        Permission.ADMIN);
    put(required, AccountServiceGrpc.getResetUserMethod(), Permission.ADMIN);
    put(required, AccountServiceGrpc.getDeleteUserMethod(), Permission.ADMIN);
    // Every user's trail.
    EventServiceGrpc.getServiceDescriptor()
        .getMethods()
        .forEach(m -> required.put(m.getFullMethodName(), Set.of(Permission.AUDIT)));
    return Map.copyOf(required);
  }

  private static void put(
      Map<String, Set<Permission>> required,
      MethodDescriptor<?, ?> method,
      Permission... admitting) {
    required.put(method.getFullMethodName(), Set.of(admitting));
  }
}
