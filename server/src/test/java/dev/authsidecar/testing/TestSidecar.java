package dev.authsidecar.testing;

import dev.authsidecar.Sidecar;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.lockout.LockoutPolicy;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A complete sidecar on an in-process gRPC server, with blocking stubs for its services. */
public final class TestSidecar implements AutoCloseable {
  /** A fixed test key; production keys come from AUTHSIDECAR_SECRET_KEYS. */
  public static final String TEST_KEYS = "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  /**
   * The lockout policy of {@link #config}: the default one, so that tests counting failures up to
   * its threshold exercise what a deployment gets out of the box.
   */
  public static final LockoutPolicy LOCKOUT = LockoutPolicy.DEFAULT;

  private final Sidecar sidecar;
  private final SidecarServer server;
  private final ManagedChannel channel;

  private TestSidecar(Sidecar sidecar, SidecarServer server, ManagedChannel channel) {
    this.sidecar = sidecar;
    this.server = server;
    this.channel = channel;
  }

  public static TestSidecar start(DatabaseConfig database, Clock clock) {
    return start(config(database), clock);
  }

  /**
   * The default test configuration: the documented defaults, except that callers authenticate with
   * the tokens of {@link TestCallers} and the settings below differ to suit tests. Derive variants
   * with the {@code Config.withXxx} methods, e.g. {@code config(database).withTotp(strict)}.
   */
  public static Config config(DatabaseConfig database) {
    return Config.builder(database)
        // Any free port: a test never depends on a fixed one (in-process servers ignore it).
        .listenPort(0)
        .dataDir(Path.of("target", "test-data"))
        // A fixed key, so stored secrets stay readable across the sidecars of one test.
        .secretKeys(Optional.of(TEST_KEYS))
        .lockout(LOCKOUT)
        .access(TestCallers.ACCESS)
        // Far more often than the default, so that WatchEvents tests see new events quickly.
        .eventPollInterval(Duration.ofMillis(50))
        // Tests stop many servers; the default 20 s would make a stop with a hung call slow.
        .shutdownGrace(Duration.ofSeconds(2))
        .build();
  }

  public static TestSidecar start(Config config, Clock clock) {
    Sidecar sidecar = Sidecar.open(config, clock);
    String name = InProcessServerBuilder.generateName();
    try {
      SidecarServer server = sidecar.server(InProcessServerBuilder.forName(name)).start();
      ManagedChannel channel =
          InProcessChannelBuilder.forName(name).intercept(LoggedSecrets.recorder()).build();
      return new TestSidecar(sidecar, server, channel);
    } catch (IOException e) {
      sidecar.close();
      throw new UncheckedIOException(e);
    }
  }

  public TotpServiceGrpc.TotpServiceBlockingStub totp() {
    return login(TotpServiceGrpc.newBlockingStub(channel));
  }

  public AccountServiceGrpc.AccountServiceBlockingStub account() {
    return login(AccountServiceGrpc.newBlockingStub(channel));
  }

  public WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn() {
    return login(WebAuthnServiceGrpc.newBlockingStub(channel));
  }

  public RecoveryCodeServiceGrpc.RecoveryCodeServiceBlockingStub recovery() {
    return login(RecoveryCodeServiceGrpc.newBlockingStub(channel));
  }

  public DeviceServiceGrpc.DeviceServiceBlockingStub devices() {
    return login(DeviceServiceGrpc.newBlockingStub(channel));
  }

  public EventServiceGrpc.EventServiceBlockingStub events() {
    return asAdmin(
        EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
  }

  /** For WatchEvents: no deadline, the test cancels the stream itself. */
  public EventServiceGrpc.EventServiceStub eventsAsync() {
    return asAdmin(EventServiceGrpc.newStub(channel));
  }

  /** As the sign-in service (login permission), with a deadline. */
  private static <S extends AbstractStub<S>> S login(S stub) {
    return as(TestCallers.LOGIN, stub.withDeadlineAfter(30, TimeUnit.SECONDS));
  }

  /** The same stub, authenticated as {@code caller}, one of {@link TestCallers}. */
  public static <S extends AbstractStub<S>> S as(String caller, S stub) {
    return stub.withCallCredentials(TestCallers.credentials(caller));
  }

  /**
   * The same stub, calling as the test's admin caller (admin and audit permissions): use it for
   * ResetUser, DeleteUser, EventService and the admin disable proof.
   */
  public static <S extends AbstractStub<S>> S asAdmin(S stub) {
    return as(TestCallers.ADMIN, stub);
  }

  /** The same stub, as a sign-in service that may vouch for a re-authentication. */
  public static <S extends AbstractStub<S>> S asVoucher(S stub) {
    return as(TestCallers.VOUCHER, stub);
  }

  public HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** The server alone, for tests of its lifecycle. */
  public SidecarServer server() {
    return server;
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** The sidecar's meters, for tests that serve them on their own metrics endpoint. */
  public io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters() {
    return sidecar.meters();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.stop();
    sidecar.close();
  }
}
