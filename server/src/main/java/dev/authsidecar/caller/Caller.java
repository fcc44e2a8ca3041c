package dev.authsidecar.caller;

import io.grpc.Context;

/**
 * Who is calling: the identity a calling service gives (request metadata now, the client
 * certificate once mutual TLS is configured) and whether it may make admin calls. Set by an
 * interceptor for each call and read wherever an event records its actor.
 */
public record Caller(String name, boolean admin) {
  /** Used outside a call (maintenance) and for calls that name no one. */
  public static final Caller ANONYMOUS = new Caller("anonymous", false);

  public static final Context.Key<Caller> KEY =
      Context.keyWithDefault("authsidecar-caller", ANONYMOUS);

  public static Caller current() {
    return KEY.get();
  }
}
