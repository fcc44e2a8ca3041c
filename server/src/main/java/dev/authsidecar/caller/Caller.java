package dev.authsidecar.caller;

import io.grpc.Context;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: a calling service authenticated by its client certificate or its bearer token,
 * and what it may do. Set by the authentication interceptor for each call and read wherever an
 * event records its actor or a proof needs a permission.
 */
public record Caller(String name, Set<Permission> permissions) {
  /** Used outside a call (maintenance); may do nothing. */
  public static final Caller ANONYMOUS = new Caller("anonymous", Set.of());

  /**
   * Every call when no callers are configured: the sidecar then serves loopback only and allows
   * sign-in calls, never admin or audit ones.
   */
  public static final Caller UNAUTHENTICATED_LOCAL = new Caller("local", Set.of(Permission.LOGIN));

  public static final Context.Key<Caller> KEY =
      Context.keyWithDefault("authsidecar-caller", ANONYMOUS);

  public Caller {
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  public static Caller current() {
    return KEY.get();
  }
}
