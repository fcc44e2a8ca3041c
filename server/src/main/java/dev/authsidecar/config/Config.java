package dev.authsidecar.config;

import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.device.DevicePolicy;
import dev.authsidecar.limits.LimitSettings;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.metrics.MetricsSettings;
import dev.authsidecar.totp.TotpPolicy;
import dev.authsidecar.webauthn.RelyingParty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the sidecar is configured with. Built once at start-up by {@link ConfigLoader}.
 *
 * <p>Build one with {@link #builder(DatabaseConfig)}, which starts from the documented defaults
 * (README, Configuration), and derive variants with the {@code withXxx} methods. The defaults of
 * the policies are their {@code DEFAULT} constants ({@link TotpPolicy#DEFAULT}, {@link
 * LockoutPolicy#DEFAULT}, {@link AccountPolicy#DEFAULT}, {@link DevicePolicy#DEFAULT}, {@link
 * RelyingParty#LOCALHOST}, {@link AccessConfig#LOCAL_ONLY}); the rest are the constants below.
 *
 * @param secretKeys the AUTHSIDECAR_SECRET_KEYS spec, empty in embedded mode where a local key file
 *     is used instead
 * @param healthListen AUTHSIDECAR_HEALTH_LISTEN: where the plaintext health-only listener for
 *     kubelet probes listens, empty when off (the default)
 */
public record Config(
    String listenHost,
    int listenPort,
    DatabaseConfig database,
    Path dataDir,
    Optional<String> secretKeys,
    TotpPolicy totp,
    LockoutPolicy lockout,
    AccountPolicy account,
    DevicePolicy devices,
    RelyingParty webauthn,
    AccessConfig access,
    Duration eventPollInterval,
    Duration requestIdTtl,
    Duration shutdownGrace,
    LimitSettings limits,
    MetricsSettings metrics,
    Optional<ListenAddress> healthListen,
    ObservabilityConfig observability) {

  /** AUTHSIDECAR_LISTEN: loopback only, so nothing is reachable from outside until configured. */
  public static final String DEFAULT_LISTEN_HOST = "127.0.0.1";

  public static final int DEFAULT_LISTEN_PORT = 50051;

  /** AUTHSIDECAR_DATA_DIR: the H2 file and the generated key of embedded mode. */
  public static final Path DEFAULT_DATA_DIR = Path.of("./data");

  /** AUTHSIDECAR_EVENT_POLL_INTERVAL: how often WatchEvents polls the events table. */
  public static final Duration DEFAULT_EVENT_POLL_INTERVAL = Duration.ofMillis(500);

  /** AUTHSIDECAR_REQUEST_ID_TTL: how long a request_id answer is remembered for retries. */
  public static final Duration DEFAULT_REQUEST_ID_TTL = Duration.ofMinutes(5);

  /** AUTHSIDECAR_SHUTDOWN_GRACE: time in-flight calls get to finish on shutdown. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

  /** A builder holding the documented defaults; only the database has none. */
  public static Builder builder(DatabaseConfig database) {
    return new Builder(database);
  }

  /** The same configuration with other sealing keys (AUTHSIDECAR_SECRET_KEYS). */
  public Config withSecretKeys(Optional<String> secretKeys) {
    return toBuilder().secretKeys(secretKeys).build();
  }

  public Config withTotp(TotpPolicy totp) {
    return toBuilder().totp(totp).build();
  }

  public Config withLockout(LockoutPolicy lockout) {
    return toBuilder().lockout(lockout).build();
  }

  /** The same configuration with another account policy (disable proofs, code counts). */
  public Config withAccount(AccountPolicy account) {
    return toBuilder().account(account).build();
  }

  public Config withDevices(DevicePolicy devices) {
    return toBuilder().devices(devices).build();
  }

  public Config withWebauthn(RelyingParty webauthn) {
    return toBuilder().webauthn(webauthn).build();
  }

  public Config withAccess(AccessConfig access) {
    return toBuilder().access(access).build();
  }

  public Config withLimits(LimitSettings limits) {
    return toBuilder().limits(limits).build();
  }

  /** The same configuration with the Prometheus endpoint elsewhere or off. */
  public Config withMetrics(MetricsSettings metrics) {
    return toBuilder().metrics(metrics).build();
  }

  private Builder toBuilder() {
    return builder(database)
        .listenHost(listenHost)
        .listenPort(listenPort)
        .dataDir(dataDir)
        .secretKeys(secretKeys)
        .totp(totp)
        .lockout(lockout)
        .account(account)
        .devices(devices)
        .webauthn(webauthn)
        .access(access)
        .eventPollInterval(eventPollInterval)
        .requestIdTtl(requestIdTtl)
        .shutdownGrace(shutdownGrace)
        .limits(limits)
        .metrics(metrics)
        .healthListen(healthListen)
        .observability(observability);
  }

  @Override
  public String toString() {
    return "Config[listen="
        + listenHost
        + ":"
        + listenPort
        + ", database="
        + database
        + ", dataDir="
        + dataDir
        + ", totp="
        + totp
        + ", lockout="
        + lockout
        + ", account="
        + account
        + ", devices="
        + devices
        + ", webauthn="
        + webauthn
        + ", access="
        + access
        + "]";
  }

  /** Starts from the documented defaults; each setter replaces one of them. */
  public static final class Builder {
    private final DatabaseConfig database;
    private String listenHost = DEFAULT_LISTEN_HOST;
    private int listenPort = DEFAULT_LISTEN_PORT;
    private Path dataDir = DEFAULT_DATA_DIR;
    private Optional<String> secretKeys = Optional.empty();
    private TotpPolicy totp = TotpPolicy.DEFAULT;
    private LockoutPolicy lockout = LockoutPolicy.DEFAULT;
    private AccountPolicy account = AccountPolicy.DEFAULT;
    private DevicePolicy devices = DevicePolicy.DEFAULT;
    private RelyingParty webauthn = RelyingParty.LOCALHOST;
    private AccessConfig access = AccessConfig.LOCAL_ONLY;
    private Duration eventPollInterval = DEFAULT_EVENT_POLL_INTERVAL;
    private Duration requestIdTtl = DEFAULT_REQUEST_ID_TTL;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private LimitSettings limits = LimitSettings.DEFAULT;
    private MetricsSettings metrics = MetricsSettings.DEFAULT;
    private Optional<ListenAddress> healthListen = Optional.empty();
    private ObservabilityConfig observability = ObservabilityConfig.DEFAULT;

    private Builder(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
    }

    public Builder listenHost(String listenHost) {
      this.listenHost = Objects.requireNonNull(listenHost, "listenHost");
      return this;
    }

    public Builder listenPort(int listenPort) {
      this.listenPort = listenPort;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder secretKeys(Optional<String> secretKeys) {
      this.secretKeys = Objects.requireNonNull(secretKeys, "secretKeys");
      return this;
    }

    public Builder totp(TotpPolicy totp) {
      this.totp = Objects.requireNonNull(totp, "totp");
      return this;
    }

    public Builder lockout(LockoutPolicy lockout) {
      this.lockout = Objects.requireNonNull(lockout, "lockout");
      return this;
    }

    public Builder account(AccountPolicy account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    public Builder devices(DevicePolicy devices) {
      this.devices = Objects.requireNonNull(devices, "devices");
      return this;
    }

    public Builder webauthn(RelyingParty webauthn) {
      this.webauthn = Objects.requireNonNull(webauthn, "webauthn");
      return this;
    }

    public Builder access(AccessConfig access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    public Builder eventPollInterval(Duration eventPollInterval) {
      this.eventPollInterval = Objects.requireNonNull(eventPollInterval, "eventPollInterval");
      return this;
    }

    public Builder requestIdTtl(Duration requestIdTtl) {
      this.requestIdTtl = Objects.requireNonNull(requestIdTtl, "requestIdTtl");
      return this;
    }

    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      return this;
    }

    public Builder limits(LimitSettings limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder metrics(MetricsSettings metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    public Builder healthListen(Optional<ListenAddress> healthListen) {
      this.healthListen = Objects.requireNonNull(healthListen, "healthListen");
      return this;
    }

    public Builder observability(ObservabilityConfig observability) {
      this.observability = Objects.requireNonNull(observability, "observability");
      return this;
    }

    public Config build() {
      return new Config(
          listenHost,
          listenPort,
          database,
          dataDir,
          secretKeys,
          totp,
          lockout,
          account,
          devices,
          webauthn,
          access,
          eventPollInterval,
          requestIdTtl,
          shutdownGrace,
          limits,
          metrics,
          healthListen,
          observability);
    }
  }
}
