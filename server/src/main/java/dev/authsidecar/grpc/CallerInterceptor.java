package dev.authsidecar.grpc;

import dev.authsidecar.caller.Caller;
import dev.authsidecar.caller.Permission;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Identifies the caller from the {@code authsidecar-caller} metadata and enforces that admin
 * methods (reset, delete, the event trail) are made only by the configured admin callers. With no
 * admin callers configured every caller is trusted as admin: the sidecar then relies on listening
 * on loopback only.
 */
public final class CallerInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("authsidecar-caller", Metadata.ASCII_STRING_MARSHALLER);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@/-]{1,128}");

  private final Set<String> adminCallers;
  private final Set<String> adminMethods;

  public CallerInterceptor(Set<String> adminCallers, Set<String> adminMethods) {
    this.adminCallers = Set.copyOf(adminCallers);
    this.adminMethods = Set.copyOf(adminMethods);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String name = headers.get(CALLER_HEADER);
    if (name != null && !NAME.matcher(name).matches()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "authsidecar-caller: must be 1-128 of [A-Za-z0-9_.:@/-]"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    boolean listed = name != null && adminCallers.contains(name);
    Caller caller =
        new Caller(
            name == null ? Caller.ANONYMOUS.name() : name,
            listed
                ? EnumSet.of(Permission.LOGIN, Permission.ADMIN, Permission.AUDIT)
                : "login-vouching".equals(name) // interim until caller authentication lands
                    ? EnumSet.of(Permission.LOGIN, Permission.VOUCH)
                    : EnumSet.of(Permission.LOGIN));
    String method = call.getMethodDescriptor().getFullMethodName();
    if (!(adminCallers.isEmpty() || listed)
        && (adminMethods.contains(method) || adminMethods.contains(service(method)))) {
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              method
                  + " is restricted to admin callers; caller '"
                  + caller.name()
                  + "' is not one"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(Caller.KEY, caller), call, headers, next);
  }

  private static String service(String fullMethodName) {
    return fullMethodName.substring(0, fullMethodName.indexOf('/'));
  }
}
