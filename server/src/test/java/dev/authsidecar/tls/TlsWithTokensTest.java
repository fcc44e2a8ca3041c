package dev.authsidecar.tls;

import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.testing.TestCallers;
import dev.authsidecar.testing.TestPki;
import dev.authsidecar.testing.TestPki.Issued;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS without client certificates: callers prove themselves with bearer tokens over TLS. */
class TlsWithTokensTest {
  @TempDir Path dir;

  @Test
  void tokenOverTls_identifiesTheCaller_andNoTokenIsUnauthenticated() throws Exception {
    Issued ca = TestPki.ca("server CA");
    Issued identity = TestPki.server(ca);
    Path callers = Files.writeString(dir.resolve("callers.yaml"), TestCallers.YAML);
    TlsSettings tls =
        new TlsSettings(
            identity.writeCertificate(dir.resolve("server.pem")),
            identity.writeKey(dir.resolve("server.key")),
            Optional.empty());
    try (TlsTestServer server = new TlsTestServer(callers, tls)) {
      ManagedChannel channel =
          server.channel(
              TlsChannelCredentials.newBuilder()
                  .trustManager(TestPki.writeBundle(dir.resolve("ca.pem"), ca).toFile())
                  .build());
      try {
        var account = AccountServiceGrpc.newBlockingStub(channel);
        GetStatusRequest request = GetStatusRequest.newBuilder().setUserId("u").build();

        assertThat(
                account
                    .withCallCredentials(TestCallers.credentials(TestCallers.LOGIN))
                    .getStatus(request)
                    .getEnrolled())
            .isFalse();
        assertStatus(() -> account.getStatus(request), Status.Code.UNAUTHENTICATED);
        assertStatus(
            () ->
                account
                    .withCallCredentials(TestCallers.credentials(TestCallers.AUDITOR))
                    .getStatus(request),
            Status.Code.PERMISSION_DENIED);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
