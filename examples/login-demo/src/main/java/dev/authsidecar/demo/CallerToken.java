package dev.authsidecar.demo;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/**
 * The demo's caller token for the sidecar: sent as {@code authorization: Bearer <token>} with every
 * call, which is how a login server in the same pod proves who it is (see the sidecar README,
 * Security).
 */
final class CallerToken extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String token;

  CallerToken(String token) {
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    if (token.isBlank()) {
      applier.fail(Status.UNAUTHENTICATED.withDescription("the caller token is empty"));
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }

  @Override
  public String toString() {
    return "CallerToken[<redacted>]";
  }
}
