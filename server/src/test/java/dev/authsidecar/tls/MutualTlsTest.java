package dev.authsidecar.tls;

import static dev.authsidecar.testing.GrpcAssertions.assertRefused;
import static dev.authsidecar.testing.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.ListEventsRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.testing.TestPki;
import dev.authsidecar.testing.TestPki.Issued;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on a real port: callers are named by their client certificates (URI SAN, DNS SAN or
 * CN), refused with UNAUTHENTICATED or PERMISSION_DENIED before any service code runs, and rotated
 * files are picked up without a failed call.
 */
class MutualTlsTest {
  private static final String WEB_SPIFFE_ID = "spiffe://cluster.local/ns/login/sa/web";
  private static final String USER = "user-1";

  @TempDir Path dir;
  private Issued ca;
  private Path caFile;
  private Path serverCert;
  private Path serverKey;
  private TlsTestServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ca = TestPki.ca("authsidecar callers CA");
    caFile = TestPki.writeBundle(dir.resolve("clients-ca.pem"), ca);
    Issued serverIdentity = TestPki.server(ca);
    serverCert = serverIdentity.writeCertificate(dir.resolve("server.pem"));
    serverKey = serverIdentity.writeKey(dir.resolve("server.key"));
    Path callers =
        Files.writeString(
            dir.resolve("callers.yaml"),
            """
            callers:
              - name: login-web
                permissions: [login]
                certificate: {uri: "%s"}
              - name: support-console
                permissions: [admin, audit]
                certificate: {dns: console.support.svc}
              - name: batch-job
                permissions: [login]
                certificate: {cn: batch-job}
            """
                .formatted(WEB_SPIFFE_ID));
    server =
        new TlsTestServer(callers, new TlsSettings(serverCert, serverKey, Optional.of(caFile)));
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.close();
  }

  @Test
  void trustedCertificate_callsAsTheCallerItsNameMapsTo() {
    var web = DeviceServiceGrpc.newBlockingStub(channel(TestPki.client(ca, "web", WEB_SPIFFE_ID)));
    web.rememberDevice(RememberDeviceRequest.newBuilder().setUserId(USER).build());

    var console = EventServiceGrpc.newBlockingStub(channel(dnsClient("console.support.svc")));
    var events = console.listEvents(ListEventsRequest.newBuilder().setUserId(USER).build());
    assertThat(events.getEventsList())
        .singleElement()
        .satisfies(e -> assertThat(e.getActor()).isEqualTo("login-web"));

    // A CN-named caller.
    var batch = AccountServiceGrpc.newBlockingStub(channel(TestPki.client(ca, "batch-job", null)));
    assertThat(batch.getStatus(status()).getEnrolled()).isFalse();
  }

  @Test
  void noClientCertificate_isUnauthenticated() {
    ManagedChannel anonymous = track(server.channel(trustOnly()));
    assertRefused(
        () -> AccountServiceGrpc.newBlockingStub(anonymous).getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "client certificate is required");
  }

  @Test
  void certificateFromAnotherCa_isUnauthenticated() {
    // Same CA name, another key: the certificate is offered, and its signature does not verify.
    Issued foreign = TestPki.client(TestPki.ca("authsidecar callers CA"), "web", WEB_SPIFFE_ID);
    assertRefused(
        () -> AccountServiceGrpc.newBlockingStub(channel(foreign)).getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "not issued by a trusted CA");
  }

  @Test
  void expiredCertificate_isUnauthenticated() {
    Instant now = Instant.now();
    Issued expired =
        TestPki.client(
            ca,
            "web",
            List.of(new GeneralName(GeneralName.uniformResourceIdentifier, WEB_SPIFFE_ID)),
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1)));
    assertRefused(
        () -> AccountServiceGrpc.newBlockingStub(channel(expired)).getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "expired");
  }

  @Test
  void trustedCertificateOfNoConfiguredCaller_isUnauthenticated() {
    Issued stranger = TestPki.client(ca, "stranger", "spiffe://cluster.local/ns/x/sa/y");
    assertRefused(
        () -> AccountServiceGrpc.newBlockingStub(channel(stranger)).getStatus(status()),
        Status.Code.UNAUTHENTICATED,
        "names no configured caller");
  }

  @Test
  void trustedCallerWithoutThePermission_isPermissionDenied() {
    var console = AccountServiceGrpc.newBlockingStub(channel(dnsClient("console.support.svc")));
    assertRefused(
        () -> console.getStatus(status()),
        Status.Code.PERMISSION_DENIED,
        "needs the login permission");

    var web = AccountServiceGrpc.newBlockingStub(channel(TestPki.client(ca, "web", WEB_SPIFFE_ID)));
    assertRefused(
        () -> web.resetUser(ResetUserRequest.newBuilder().setUserId(USER).build()),
        Status.Code.PERMISSION_DENIED,
        "needs the admin permission");
    assertThat(web.getStatus(status()).getMustEnroll()).isFalse();
  }

  @Test
  void rotatedFiles_arePickedUpWithoutAFailedCall() throws Exception {
    var web = AccountServiceGrpc.newBlockingStub(channel(TestPki.client(ca, "web", WEB_SPIFFE_ID)));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger calls = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      web.withDeadlineAfter(5, TimeUnit.SECONDS).getStatus(status());
                      calls.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                });

    // A client of a new CA is refused until the bundle names that CA too.
    Issued newCa = TestPki.ca("authsidecar callers CA 2");
    Issued fromNewCa = TestPki.client(newCa, "web", WEB_SPIFFE_ID);
    var newClient = AccountServiceGrpc.newBlockingStub(channel(fromNewCa));
    assertStatus(() -> newClient.getStatus(status()), Status.Code.UNAUTHENTICATED);

    // cert-manager renews the server certificate and adds the new CA to the bundle.
    Issued renewed = TestPki.server(ca);
    renewed.writeKey(serverKey);
    renewed.writeCertificate(serverCert);
    TestPki.writeBundle(caFile, ca, newCa);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    BigInteger seen = null;
    boolean newClientAccepted = false;
    while (System.nanoTime() < deadline) {
      seen = serverSerialOnANewConnection();
      try {
        newClient.getStatus(status());
        newClientAccepted = true;
      } catch (RuntimeException refusedUntilReload) {
        // not yet reloaded
      }
      if (newClientAccepted && renewed.certificate().getSerialNumber().equals(seen)) {
        break;
      }
      Thread.sleep(50);
    }
    int before = calls.get();
    Thread.sleep(200);
    running.set(false);
    caller.join();

    assertThat(newClientAccepted).as("client of the added CA accepted after reload").isTrue();
    assertThat(seen)
        .as("new connections get the renewed certificate")
        .isEqualTo(renewed.certificate().getSerialNumber());
    assertThat(calls.get()).as("the open connection kept calling").isGreaterThan(before);
    assertThat(failures).as("calls failed during the rotation").isEmpty();
  }

  /** The serial number of the certificate the server presents to a new connection. */
  private BigInteger serverSerialOnANewConnection() throws Exception {
    List<X509Certificate> presented = new CopyOnWriteArrayList<>();
    X509ExtendedTrustManager recording = recordingTrustManager(presented);
    ManagedChannel probe =
        server.channel(TlsChannelCredentials.newBuilder().trustManager(recording).build());
    try {
      HealthGrpc.newBlockingStub(probe)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
    } finally {
      probe.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    return presented.isEmpty() ? null : presented.get(0).getSerialNumber();
  }

  private X509ExtendedTrustManager recordingTrustManager(List<X509Certificate> presented)
      throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca.certificate());
    factory.init(store);
    X509TrustManager real = (X509TrustManager) factory.getTrustManagers()[0];
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        real.checkServerTrusted(chain, authType);
        presented.add(chain[0]);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        checkServerTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        checkServerTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return real.getAcceptedIssuers();
      }
    };
  }

  private ManagedChannel channel(Issued client) {
    Path cert =
        client.writeCertificate(
            dir.resolve("client-" + client.certificate().getSerialNumber() + ".pem"));
    Path key =
        client.writeKey(dir.resolve("client-" + client.certificate().getSerialNumber() + ".key"));
    try {
      ChannelCredentials credentials =
          TlsChannelCredentials.newBuilder()
              .keyManager(cert.toFile(), key.toFile())
              .trustManager(caFileForClients())
              .build();
      return track(server.channel(credentials));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ChannelCredentials trustOnly() {
    try {
      return TlsChannelCredentials.newBuilder().trustManager(caFileForClients()).build();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Clients trust the CA that issues the server's certificate (here the same CA). */
  private java.io.File caFileForClients() {
    return TestPki.writeBundle(dir.resolve("server-ca.pem"), ca).toFile();
  }

  private ManagedChannel track(ManagedChannel channel) {
    channels.add(channel);
    return channel;
  }

  private static List<GeneralName> dnsNames(String name) {
    return List.of(new GeneralName(GeneralName.dNSName, name));
  }

  private static GetStatusRequest status() {
    return GetStatusRequest.newBuilder().setUserId(USER).build();
  }

  private Issued dnsClient(String name) {
    Instant now = Instant.now();
    return TestPki.client(
        ca,
        "console",
        dnsNames(name),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)));
  }
}
