package dev.authsidecar.testing;

import dev.authsidecar.Sidecar;
import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.DatabaseConfig;
import dev.authsidecar.device.DevicePolicy;
import dev.authsidecar.grpc.CallerInterceptor;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.totp.TotpPolicy;
import dev.authsidecar.webauthn.RelyingParty;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A complete sidecar on an in-process gRPC server, with blocking stubs for its services. */
public final class TestSidecar implements AutoCloseable {
  /** A fixed test key; production keys come from AUTHSIDECAR_SECRET_KEYS. */
  public static final String TEST_KEYS = "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  public static final LockoutPolicy LOCKOUT =
      new LockoutPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(15), 100);

  private final Sidecar sidecar;
  private final SidecarServer server;
  private final ManagedChannel channel;

  private TestSidecar(Sidecar sidecar, SidecarServer server, ManagedChannel channel) {
    this.sidecar = sidecar;
    this.server = server;
    this.channel = channel;
  }

  public static TestSidecar start(DatabaseConfig database, Clock clock) {
    return start(config(database, TotpPolicy.DEFAULT), clock);
  }

  public static Config config(DatabaseConfig database, TotpPolicy totp) {
    return config(database, totp, LOCKOUT);
  }

  public static Config config(DatabaseConfig database, RelyingParty rp) {
    Config base = config(database, TotpPolicy.DEFAULT);
    return new Config(
        base.listenHost(),
        base.listenPort(),
        base.database(),
        base.dataDir(),
        base.secretKeys(),
        base.totp(),
        base.lockout(),
        base.account(),
        base.devices(),
        rp,
        base.adminCallers(),
        base.eventPollInterval(),
        base.requestIdTtl(),
        base.shutdownGrace());
  }

  public static Config config(DatabaseConfig database, TotpPolicy totp, LockoutPolicy lockout) {
    return config(database, totp, lockout, Set.of());
  }

  /** The default test configuration, with admin RPCs restricted to {@code adminCallers}. */
  public static Config config(DatabaseConfig database, Set<String> adminCallers) {
    return config(database, TotpPolicy.DEFAULT, LOCKOUT, adminCallers);
  }

  public static Config config(
      DatabaseConfig database, TotpPolicy totp, LockoutPolicy lockout, Set<String> adminCallers) {
    return new Config(
        "127.0.0.1",
        0,
        database,
        Path.of("target", "test-data"),
        Optional.of(TEST_KEYS),
        totp,
        lockout,
        AccountPolicy.DEFAULT,
        DevicePolicy.DEFAULT,
        RelyingParty.LOCALHOST,
        adminCallers,
        Duration.ofMillis(50),
        Duration.ofMinutes(5),
        Duration.ofSeconds(2));
  }

  /** The same configuration with another account policy (disable proofs, code counts). */
  public static Config withAccountPolicy(Config config, AccountPolicy account) {
    return new Config(
        config.listenHost(),
        config.listenPort(),
        config.database(),
        config.dataDir(),
        config.secretKeys(),
        config.totp(),
        config.lockout(),
        account,
        config.devices(),
        config.webauthn(),
        config.adminCallers(),
        config.eventPollInterval(),
        config.requestIdTtl(),
        config.shutdownGrace());
  }

  public static TestSidecar start(Config config, Clock clock) {
    Sidecar sidecar = Sidecar.open(config, clock);
    String name = InProcessServerBuilder.generateName();
    try {
      SidecarServer server = sidecar.server(InProcessServerBuilder.forName(name)).start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      return new TestSidecar(sidecar, server, channel);
    } catch (IOException e) {
      sidecar.close();
      throw new UncheckedIOException(e);
    }
  }

  public TotpServiceGrpc.TotpServiceBlockingStub totp() {
    return TotpServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public AccountServiceGrpc.AccountServiceBlockingStub account() {
    return AccountServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn() {
    return WebAuthnServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public RecoveryCodeServiceGrpc.RecoveryCodeServiceBlockingStub recovery() {
    return RecoveryCodeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public DeviceServiceGrpc.DeviceServiceBlockingStub devices() {
    return DeviceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public EventServiceGrpc.EventServiceBlockingStub events() {
    return EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** For WatchEvents: no deadline, the test cancels the stream itself. */
  public EventServiceGrpc.EventServiceStub eventsAsync() {
    return EventServiceGrpc.newStub(channel);
  }

  /** The same stub, sending {@code caller} as the calling service's identity. */
  public static <S extends AbstractStub<S>> S as(String caller, S stub) {
    Metadata headers = new Metadata();
    headers.put(CallerInterceptor.CALLER_HEADER, caller);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * The same stub, calling as the test's admin caller (admin and audit permissions): use it for
   * ResetUser, DeleteUser, EventService and the admin disable proof.
   */
  public static <S extends AbstractStub<S>> S asAdmin(S stub) {
    return as("support-console", stub);
  }

  /**
   * The same stub, calling as a login server with the vouch permission: use it for the
   * reauthenticated proof of DisableTwoFactor.
   */
  public static <S extends AbstractStub<S>> S asVoucher(S stub) {
    return as("login-vouching", stub);
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

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.stop();
    sidecar.close();
  }
}
