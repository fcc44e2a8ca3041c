package dev.authsidecar.caller;

import io.grpc.Context;

/**
 * Who is calling: the identity a calling service gives (request metadata now, the client
 * certificate once mutual TLS is configured) and whether it may make admin calls. Set by an
 * interceptor for each call and read wherever an event records its actor.
 *
 * @param admin may make admin calls (every caller may, while no admin callers are configured)
 * @param listedAdmin named in AUTHSIDECAR_ADMIN_CALLERS: only such a caller's word can stand in for
 *     a user's proof (DisableTwoFactor with the admin proof)
 */
public record Caller(String name, boolean admin, boolean listedAdmin) {
  /** Used outside a call (maintenance) and for calls that name no one. */
  public static final Caller ANONYMOUS = new Caller("anonymous", false, false);

  public static final Context.Key<Caller> KEY =
      Context.keyWithDefault("authsidecar-caller", ANONYMOUS);

  public static Caller current() {
    return KEY.get();
  }
}
