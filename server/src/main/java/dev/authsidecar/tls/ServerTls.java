package dev.authsidecar.tls;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.Closeable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server's TLS credentials, kept current as cert-manager or a SPIFFE agent rotates the
 * files: {@link ReloadingKeyManager} re-reads the certificate and key, and the client CA bundle is
 * re-read by {@link ClientCertificateAuthority}. New connections get the new material; open
 * connections continue, so no call fails during a rotation.
 */
public final class ServerTls implements Closeable {
  private final ServerCredentials credentials;
  private final Optional<ClientCertificateAuthority> clientCas;
  private final Closeable keyReloads;

  private ServerTls(
      ServerCredentials credentials,
      Optional<ClientCertificateAuthority> clientCas,
      Closeable keyReloads) {
    this.credentials = credentials;
    this.clientCas = clientCas;
    this.keyReloads = keyReloads;
  }

  /**
   * Reads the files now and schedules their reload every {@code interval} on {@code reloads}.
   *
   * @throws IOException or GeneralSecurityException when a file is missing or malformed
   */
  public static ServerTls start(
      TlsSettings settings, Duration interval, ScheduledExecutorService reloads)
      throws IOException, GeneralSecurityException {
    ReloadingKeyManager keys = new ReloadingKeyManager(settings.certFile(), settings.keyFile());
    ScheduledFuture<?> keyReloads =
        reloads.scheduleWithFixedDelay(
            keys::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
    Optional<ClientCertificateAuthority> clientCas = Optional.empty();
    if (settings.clientCaFile().isPresent()) {
      ClientCertificateAuthority authority =
          ClientCertificateAuthority.load(settings.clientCaFile().get());
      reloads.scheduleWithFixedDelay(
          authority::reloadIfChanged,
          interval.toMillis(),
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
      // OPTIONAL, not REQUIRE: a call without a certificate is refused per call with a reason.
      builder
          .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
          .trustManager(new DeferredClientTrust());
      clientCas = Optional.of(authority);
    }
    return new ServerTls(builder.build(), clientCas, () -> keyReloads.cancel(false));
  }

  public ServerCredentials credentials() {
    return credentials;
  }

  /** Present when client certificates are checked (mutual TLS). */
  public Optional<ClientCertificateAuthority> clientCas() {
    return clientCas;
  }

  @Override
  public void close() throws IOException {
    keyReloads.close();
  }
}
