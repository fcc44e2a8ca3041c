package dev.authsidecar;

import dev.authsidecar.account.AccountGrpcService;
import dev.authsidecar.account.AccountLifecycle;
import dev.authsidecar.account.FactorManagement;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.caller.CallerDirectory;
import dev.authsidecar.caller.CallersFileException;
import dev.authsidecar.config.AccessConfig;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.crypto.LocalKeyFile;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.device.DeviceGrpcService;
import dev.authsidecar.device.Devices;
import dev.authsidecar.events.BatchingEventLog;
import dev.authsidecar.events.EventFeed;
import dev.authsidecar.events.EventGrpcService;
import dev.authsidecar.grpc.AuthenticationInterceptor;
import dev.authsidecar.grpc.DatabaseHealth;
import dev.authsidecar.grpc.ErrorMappingInterceptor;
import dev.authsidecar.grpc.MalformedRequests;
import dev.authsidecar.grpc.SidecarServer;
import dev.authsidecar.health.HealthEndpoint;
import dev.authsidecar.limits.CallLimiter;
import dev.authsidecar.limits.CallerRateLimiter;
import dev.authsidecar.lockout.AttemptGuard;
import dev.authsidecar.logging.AccessLogInterceptor;
import dev.authsidecar.metrics.EventFeedMetrics;
import dev.authsidecar.metrics.RpcMetricsInterceptor;
import dev.authsidecar.metrics.SidecarMeters;
import dev.authsidecar.metrics.VerificationMetrics;
import dev.authsidecar.recovery.RecoveryCodes;
import dev.authsidecar.recovery.RecoveryGrpcService;
import dev.authsidecar.store.Database;
import dev.authsidecar.store.JooqAccountStore;
import dev.authsidecar.store.JooqDeviceStore;
import dev.authsidecar.store.JooqEventStore;
import dev.authsidecar.store.JooqLifecycleStore;
import dev.authsidecar.store.JooqLockoutStore;
import dev.authsidecar.store.JooqRecoveryStore;
import dev.authsidecar.store.JooqTotpEnrollmentStore;
import dev.authsidecar.store.JooqTotpStore;
import dev.authsidecar.store.JooqWebAuthnStore;
import dev.authsidecar.store.KeyUsage;
import dev.authsidecar.tls.ServerTls;
import dev.authsidecar.totp.Totp;
import dev.authsidecar.totp.TotpGrpcService;
import dev.authsidecar.tracing.Tracing;
import dev.authsidecar.webauthn.RelyingPartyConfigException;
import dev.authsidecar.webauthn.WebAuthnCeremonies;
import dev.authsidecar.webauthn.WebAuthnGrpcService;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of the sidecar from its configuration. {@code main} and
 * the tests both start here; only the {@link ServerBuilder} they pass differs.
 */
public final class Sidecar implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

  /** Expired enrollments are kept this long so that a late confirmation still hears EXPIRED. */
  private static final Duration EXPIRED_ENROLLMENT_RETENTION = Duration.ofDays(1);

  private final Config config;
  private final Clock clock;
  private final Database database;
  private final BatchingEventLog eventLog;
  private final Totp totp;
  private final FactorManagement accounts;
  private final AccountLifecycle lifecycle;
  private final RecoveryCodes recovery;
  private final Devices devices;
  private final EventFeed events;
  private final WebAuthnCeremonies webauthn;
  private final HealthStatusManager health = new HealthStatusManager();
  private final DatabaseHealth databaseHealth;
  private final Tracing tracing;
  private CallerDirectory callers = CallerDirectory.none();
  private Optional<ServerTls> tls = Optional.empty();
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("maintenance").factory());
  // Metrics (README, Operations, Metrics): every meter of this sidecar, served by Main.
  private final PrometheusMeterRegistry meters;
  private final VerificationMetrics verificationMetrics;

  private Sidecar(
      Config config,
      Clock clock,
      Database database,
      KeyRing keys,
      PrometheusMeterRegistry meters,
      Tracing tracing) {
    this.config = config;
    this.meters = meters;
    this.verificationMetrics = new VerificationMetrics(meters);
    this.tracing = tracing;
    // PostgreSQL keeps microseconds: ticking at that precision makes the times an RPC returns
    // equal to the ones later read back from the database.
    clock = Clock.tick(clock, Duration.ofNanos(1_000));
    this.clock = clock;
    this.database = database;
    DSLContext dsl = tracing.instrument(database.dsl());
    SecretSealer sealer = new SecretSealer(keys);
    KeyedHasher hasher = new KeyedHasher(keys);
    this.eventLog = new BatchingEventLog(new JooqEventStore(dsl));
    AttemptGuard guard =
        new AttemptGuard(new JooqLockoutStore(dsl), config.lockout(), clock, verificationMetrics);
    this.totp =
        new Totp(
            new JooqTotpStore(dsl),
            new JooqTotpEnrollmentStore(dsl),
            eventLog,
            config.totp(),
            sealer,
            guard,
            clock,
            meters,
            verificationMetrics);
    this.accounts = new FactorManagement(new JooqAccountStore(dsl), config.lockout(), clock);
    this.recovery = new RecoveryCodes(new JooqRecoveryStore(dsl), hasher, guard, clock);
    this.webauthn =
        new WebAuthnCeremonies(new JooqWebAuthnStore(dsl), eventLog, config.webauthn(), clock);
    this.lifecycle =
        new AccountLifecycle(
            new JooqLifecycleStore(dsl),
            eventLog,
            totp.verifier(),
            recovery,
            webauthn,
            hasher,
            guard,
            config.account(),
            clock);
    this.devices = new Devices(new JooqDeviceStore(dsl), hasher, clock);
    this.events = new EventFeed(eventLog, config.eventPollInterval());
    EventFeedMetrics.bind(meters, events);
    // Alive from here until shutdown begins (HealthEndpoint.LIVENESS), whatever the database does.
    health.setStatus(HealthEndpoint.LIVENESS, HealthCheckResponse.ServingStatus.SERVING);
    this.databaseHealth =
        new DatabaseHealth(
            health,
            database::ping,
            List.of(
                TotpServiceGrpc.SERVICE_NAME,
                AccountServiceGrpc.SERVICE_NAME,
                RecoveryCodeServiceGrpc.SERVICE_NAME,
                DeviceServiceGrpc.SERVICE_NAME,
                WebAuthnServiceGrpc.SERVICE_NAME,
                EventServiceGrpc.SERVICE_NAME));
  }

  /** Opens the database (migrating it), loads the sealing keys and starts maintenance. */
  public static Sidecar open(Config config, Clock clock) {
    return open(config, clock, Tracing.from(config.observability()));
  }

  /** As {@link #open(Config, Clock)}, with spans going where {@code tracing} sends them. */
  public static Sidecar open(Config config, Clock clock, Tracing tracing) {
    KeyRing keys = KeyRing.parse(config.secretKeys().orElseGet(() -> localKeys(config)));
    PrometheusMeterRegistry meters = SidecarMeters.create();
    // The database's part (connect, migrate, the first jOOQ queries) is the longest stretch of
    // start-up and partly waits on the database: it runs on its own thread while this one loads
    // webauthn4j, which the wiring below needs and the database's part never touches (Preload).
    CompletableFuture<Database> opening = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("startup-database")
        .start(
            () -> {
              try {
                opening.complete(openChecked(config, clock, keys, meters));
              } catch (Throwable e) {
                opening.completeExceptionally(e);
              }
            });
    Preload.webauthn();
    Database database;
    try {
      database = opening.join();
    } catch (CompletionException e) {
      tracing.close();
      switch (e.getCause()) {
        case RuntimeException cause -> throw cause;
        case Error cause -> throw cause;
        default -> throw e;
      }
    }
    Sidecar sidecar;
    try {
      sidecar = new Sidecar(config, clock, database, keys, meters, tracing);
    } catch (RelyingPartyConfigException e) {
      database.close();
      tracing.close();
      // The webauthn package does not know config/; its setting errors stop start-up the same way.
      throw new ConfigException(e.variable(), e.problem());
    } catch (RuntimeException e) {
      database.close();
      tracing.close();
      throw e;
    }
    try {
      sidecar.startAccessControl();
    } catch (RuntimeException e) {
      sidecar.close();
      throw e;
    }
    sidecar.startMaintenance();
    return sidecar;
  }

  /** Opens and migrates the database, then checks that every key it uses is configured. */
  private static Database openChecked(
      Config config, Clock clock, KeyRing keys, PrometheusMeterRegistry meters) {
    Database database = Database.open(config.database(), meters);
    try {
      requireKnownKeys(KeyUsage.keyIdsInUse(database.dsl(), clock.instant()), keys);
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Loads the callers and the TLS material, and schedules their reload: files that cert-manager, a
   * SPIFFE agent or a Secret update rotates are picked up without a restart.
   */
  private void startAccessControl() {
    AccessConfig access = config.access();
    Duration every = access.reloadInterval();
    if (access.callers().isPresent()) {
      try {
        callers = CallerDirectory.load(access.callers().get());
      } catch (CallersFileException e) {
        throw new ConfigException(access.callers().get().variable(), e.getMessage());
      }
      maintenance.scheduleWithFixedDelay(
          this::reloadCallers, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "callers: {} configured from {}",
          callers.current().specs().size(),
          access.callers().get().variable());
    } else {
      log.warn(
          "NO CALLERS CONFIGURED: any process on this host can make sign-in calls, and admin and"
              + " audit calls are refused. Set AUTHSIDECAR_CALLERS_FILE for production.");
      if (access.insecureNoCallers()) {
        log.warn("AUTHSIDECAR_INSECURE_NO_CALLERS=true: running with PostgreSQL without callers");
      }
    }
    if (access.tls().isPresent()) {
      try {
        tls = Optional.of(ServerTls.start(access.tls().get(), every, maintenance));
      } catch (IOException | GeneralSecurityException e) {
        throw new ConfigException(
            "AUTHSIDECAR_TLS_CERT_FILE",
            "cannot load the TLS certificate, key or client CA bundle ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
  }

  private void reloadCallers() {
    try {
      callers.reloadIfChanged();
    } catch (RuntimeException e) {
      log.error("callers: reload failed: {}", e.getClass().getSimpleName());
    }
  }

  /** The meters of this sidecar, for the Prometheus endpoint (README, Operations, Metrics). */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** TLS (reloading) when configured, plaintext otherwise: pass to the server builder. */
  public ServerCredentials credentials() {
    return tls.map(ServerTls::credentials).orElseGet(InsecureServerCredentials::create);
  }

  /** Refuses to start when a stored secret was sealed under a key that is no longer configured. */
  private static void requireKnownKeys(Set<String> inUse, KeyRing keys) {
    List<String> missing = inUse.stream().filter(id -> !keys.knows(id)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new ConfigException(
          KeyRing.VARIABLE,
          "secrets in the database are sealed under key ids "
              + missing
              + " that are not configured; keep old keys after the new one until rotation ends");
    }
  }

  private static String localKeys(Config config) {
    try {
      String spec = LocalKeyFile.loadOrCreate(config.dataDir());
      log.warn(
          "EMBEDDED MODE: secrets are sealed with a generated key stored in {}; anyone who can"
              + " read that folder can read every TOTP secret. Set AUTHSIDECAR_SECRET_KEYS for"
              + " production.",
          LocalKeyFile.path(config.dataDir()).toAbsolutePath());
      return spec;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local key file", e);
    }
  }

  /**
   * The health service alone, for the health-only listener of kubelet probes ({@link
   * HealthEndpoint}): the same statuses as on the API port.
   */
  public ServerServiceDefinition healthService() {
    return MalformedRequests.refuse(health.getHealthService().bindService());
  }

  /** Adds the services, interceptors, health and reflection, and the virtual-thread executor. */
  public SidecarServer server(ServerBuilder<?> builder) {
    // Interceptors run last-added first: the caller is authenticated before anything else.
    ServerInterceptor[] interceptors = {
      new ErrorMappingInterceptor(databaseHealth::markDown),
      // Limits (README, Operations, Limits): a call slot, after the caller's rate limit.
      new CallLimiter(config.limits(), config.database().poolSize()),
      new CallerRateLimiter(config.limits().ratePerCaller()),
      new AuthenticationInterceptor(callers, tls.flatMap(ServerTls::clientCas), clock),
      // Outside authentication, so refused calls are logged and traced too; tracing outermost.
      AccessLogInterceptor.create(config.observability().accessLog()),
      tracing.interceptor()
    };
    var generations = new dev.authsidecar.store.JooqFactorGenerations(database.dsl());
    builder
        // Handlers block on JDBC; virtual threads make that cheap.
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        // Outermost, so that calls refused before any service code are timed and counted too.
        .intercept(new RpcMetricsInterceptor(meters, verificationMetrics))
        // Every service refuses requests that do not parse with INVALID_ARGUMENT (not UNKNOWN).
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(
                    new TotpGrpcService(
                        totp, config.totp(), config.requestIdTtl(), generations, meters),
                    interceptors)))
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(
                    new AccountGrpcService(
                        accounts, lifecycle, config.requestIdTtl(), generations, meters),
                    interceptors)))
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(
                    new RecoveryGrpcService(
                        recovery,
                        config.account().recoveryCodeCount(),
                        config.requestIdTtl(),
                        generations,
                        meters),
                    interceptors)))
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(
                    new DeviceGrpcService(devices, config.devices()), interceptors)))
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(new EventGrpcService(events), interceptors)))
        .addService(
            MalformedRequests.refuse(
                ServerInterceptors.intercept(new WebAuthnGrpcService(webauthn), interceptors)))
        .addService(healthService())
        .addService(MalformedRequests.refuse(ProtoReflectionServiceV1.newInstance().bindService()))
        // v1alpha too: ghz and older clients speak only that version of reflection.
        .addService(MalformedRequests.refuse(v1alphaReflection()));
    // Refused by the transport with RESOURCE_EXHAUSTED before parsing; no-op in-process.
    builder.maxInboundMessageSize(config.limits().maxMessageBytes());
    databaseHealth.check();
    return new SidecarServer(
        builder.build(), databaseHealth::enterShutdown, config.shutdownGrace());
  }

  @SuppressWarnings("deprecation") // v1alpha is deprecated but the only one some clients speak.
  private static io.grpc.ServerServiceDefinition v1alphaReflection() {
    return ProtoReflectionService.newInstance().bindService();
  }

  private void startMaintenance() {
    maintenance.scheduleWithFixedDelay(this::checkHealth, 2, 2, TimeUnit.SECONDS);
    maintenance.scheduleWithFixedDelay(this::purgeExpired, 1, 10, TimeUnit.MINUTES);
  }

  private void checkHealth() {
    try {
      databaseHealth.check();
    } catch (RuntimeException e) {
      log.warn("health check failed", e);
    }
  }

  private void purgeExpired() {
    try {
      Instant cutoff = clock.instant().minus(EXPIRED_ENROLLMENT_RETENTION);
      int purged = totp.enrollments().purgeExpired(cutoff) + webauthn.purgeExpired(cutoff);
      if (purged > 0) {
        log.info("purged {} expired enrollments and ceremonies", purged);
      }
    } catch (RuntimeException e) {
      log.warn("purging expired enrollments failed: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    tls.ifPresent(
        t -> {
          try {
            t.close();
          } catch (IOException e) {
            log.warn("closing TLS reloads failed: {}", e.getClass().getSimpleName());
          }
        });
    eventLog.close(); // the events of replays answered before shutdown
    database.close();
    meters.close();
    tracing.close();
  }
}
