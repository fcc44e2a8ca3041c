package dev.authsidecar.config;

import dev.authsidecar.account.AccountPolicy;
import dev.authsidecar.account.DisableProofKind;
import dev.authsidecar.caller.CallerDirectory;
import dev.authsidecar.caller.Callers;
import dev.authsidecar.caller.CallersFileException;
import dev.authsidecar.caller.CallersSource;
import dev.authsidecar.device.DevicePolicy;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.limits.LimitSettings;
import dev.authsidecar.lockout.LockoutPolicy;
import dev.authsidecar.logging.LogFormat;
import dev.authsidecar.metrics.MetricsSettings;
import dev.authsidecar.tls.TlsSettings;
import dev.authsidecar.totp.TotpPolicy;
import dev.authsidecar.webauthn.RelyingParty;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@link Config} from AUTHSIDECAR_* environment variables, with documented defaults. */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Config fromEnvironment(Map<String, String> env) {
    Settings s = new Settings(env);

    String listen =
        s.string(
            "AUTHSIDECAR_LISTEN", Config.DEFAULT_LISTEN_HOST + ":" + Config.DEFAULT_LISTEN_PORT);
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException("AUTHSIDECAR_LISTEN", "must be host:port, got '" + listen + "'");
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "AUTHSIDECAR_LISTEN", "port must be a number, got '" + listen + "'");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("AUTHSIDECAR_LISTEN", "port must be 0..65535, got " + port);
    }

    Path dataDir = s.optional("AUTHSIDECAR_DATA_DIR").map(Path::of).orElse(Config.DEFAULT_DATA_DIR);
    String defaultUrl =
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().normalize().resolve("authsidecar")
            + ";"
            + H2_MODE;
    String url = s.string("AUTHSIDECAR_DB_URL", defaultUrl);
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("AUTHSIDECAR_DB_URL", "must be a jdbc:postgresql: or jdbc:h2: URL");
    }
    DatabaseConfig database =
        new DatabaseConfig(
            url,
            s.string("AUTHSIDECAR_DB_USER", url.startsWith("jdbc:h2:") ? "sa" : ""),
            s.string("AUTHSIDECAR_DB_PASSWORD", ""),
            s.integer("AUTHSIDECAR_DB_POOL_SIZE", 10, 1, 200),
            s.duration(
                "AUTHSIDECAR_DB_TIMEOUT",
                Duration.ofSeconds(2),
                Duration.ofMillis(250),
                Duration.ofMinutes(1)));

    var secretKeys = s.optional("AUTHSIDECAR_SECRET_KEYS");
    if (secretKeys.isEmpty() && !database.embedded()) {
      throw new ConfigException(
          "AUTHSIDECAR_SECRET_KEYS",
          "required with PostgreSQL: give id:base64(32 random bytes), e.g. k1:$(openssl rand"
              + " -base64 32)");
    }

    return Config.builder(database)
        .listenHost(host)
        .listenPort(port)
        .dataDir(dataDir)
        .secretKeys(secretKeys)
        .totp(totpPolicy(s))
        .lockout(lockoutPolicy(s))
        .account(accountPolicy(s))
        .devices(devicePolicy(s))
        .webauthn(relyingParty(s))
        .access(access(s, host, database))
        .eventPollInterval(
            s.duration(
                "AUTHSIDECAR_EVENT_POLL_INTERVAL",
                Config.DEFAULT_EVENT_POLL_INTERVAL,
                Duration.ofMillis(50),
                Duration.ofMinutes(1)))
        .requestIdTtl(
            s.duration(
                "AUTHSIDECAR_REQUEST_ID_TTL",
                Config.DEFAULT_REQUEST_ID_TTL,
                Duration.ofSeconds(1),
                Duration.ofHours(1)))
        .shutdownGrace(
            s.duration(
                "AUTHSIDECAR_SHUTDOWN_GRACE",
                Config.DEFAULT_SHUTDOWN_GRACE,
                Duration.ZERO,
                Duration.ofMinutes(10)))
        .limits(limits(s))
        .metrics(metrics(s))
        .healthListen(healthListen(s))
        .observability(observability(s))
        .build();
  }

  /** AUTHSIDECAR_METRICS_LISTEN: host:port of the Prometheus endpoint, or off. */
  private static MetricsSettings metrics(Settings s) {
    String name = "AUTHSIDECAR_METRICS_LISTEN";
    Optional<String> raw = s.optional(name);
    if (raw.isEmpty()) {
      return MetricsSettings.DEFAULT;
    }
    if (raw.get().equalsIgnoreCase("off")) {
      return MetricsSettings.OFF;
    }
    ListenAddress address = ListenAddress.parse(name, raw.get());
    return new MetricsSettings(true, address.host(), address.port());
  }

  /**
   * AUTHSIDECAR_HEALTH_LISTEN: host:port of the plaintext health-only listener for kubelet's gRPC
   * probes, or off (the default).
   */
  private static Optional<ListenAddress> healthListen(Settings s) {
    String name = "AUTHSIDECAR_HEALTH_LISTEN";
    return s.optional(name)
        .filter(raw -> !raw.equalsIgnoreCase("off"))
        .map(raw -> ListenAddress.parse(name, raw));
  }

  /** Logs and tracing; see README, Operations. */
  private static ObservabilityConfig observability(Settings s) {
    LogFormat format =
        s.optional(LogFormat.VARIABLE)
            .map(
                raw ->
                    LogFormat.parse(raw)
                        .orElseThrow(
                            () ->
                                new ConfigException(
                                    LogFormat.VARIABLE, "must be text or json, got '" + raw + "'")))
            .orElseGet(LogFormat::detect);
    Optional<URI> endpoint =
        s.optional("AUTHSIDECAR_OTLP_ENDPOINT").map(ConfigLoader::otlpEndpoint);
    return new ObservabilityConfig(format, s.bool("AUTHSIDECAR_ACCESS_LOG", true), endpoint);
  }

  private static URI otlpEndpoint(String raw) {
    try {
      URI uri = new URI(raw);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below, like any other malformed value.
    }
    throw new ConfigException(
        "AUTHSIDECAR_OTLP_ENDPOINT",
        "must be an http:// or https:// URL of an OTLP/HTTP collector such as"
            + " http://localhost:4318, got '"
            + raw
            + "'");
  }

  private static AccessConfig access(Settings s, String listenHost, DatabaseConfig database) {
    if (s.optional("AUTHSIDECAR_ADMIN_CALLERS").isPresent()) {
      throw new ConfigException(
          "AUTHSIDECAR_ADMIN_CALLERS",
          "is no longer read: callers now authenticate (AUTHSIDECAR_CALLERS_FILE) and the admin"
              + " permission is given per caller there; see README, Security");
    }
    Optional<CallersSource> callers = callersSource(s);
    Optional<TlsSettings> tls = tlsSettings(s);
    boolean insecure = s.bool("AUTHSIDECAR_INSECURE_NO_CALLERS", false);
    Duration reload =
        s.duration(
            "AUTHSIDECAR_RELOAD_INTERVAL",
            AccessConfig.DEFAULT_RELOAD_INTERVAL,
            Duration.ofMillis(100),
            Duration.ofHours(1));

    boolean loopback = isLoopback(listenHost);
    if (!loopback && tls.isEmpty()) {
      throw new ConfigException(
          "AUTHSIDECAR_LISTEN",
          listenHost
              + " is not a loopback address: serving beyond this host needs TLS"
              + " (AUTHSIDECAR_TLS_CERT_FILE and AUTHSIDECAR_TLS_KEY_FILE)");
    }
    if (callers.isEmpty()) {
      if (!loopback) {
        throw new ConfigException(
            "AUTHSIDECAR_LISTEN",
            "without callers (AUTHSIDECAR_CALLERS_FILE) the sidecar serves loopback only, got "
                + listenHost);
      }
      if (!database.embedded() && !insecure) {
        throw new ConfigException(
            "AUTHSIDECAR_CALLERS_FILE",
            "required with PostgreSQL, so that only known services can verify codes; set"
                + " AUTHSIDECAR_INSECURE_NO_CALLERS=true to run without (not for production)");
      }
    } else {
      Callers loaded;
      try {
        loaded = CallerDirectory.load(callers.get()).current();
      } catch (CallersFileException e) {
        throw new ConfigException(callers.get().variable(), e.getMessage());
      }
      if (tls.map(TlsSettings::mutual).orElse(false) && !loaded.anyCertificateIdentity()) {
        throw new ConfigException(
            "AUTHSIDECAR_TLS_CLIENT_CA_FILE",
            "mutual TLS needs callers with a 'certificate' identity in "
                + callers.get().variable());
      }
    }
    return new AccessConfig(callers, tls, insecure, reload);
  }

  private static Optional<CallersSource> callersSource(Settings s) {
    Optional<String> file = s.optional("AUTHSIDECAR_CALLERS_FILE");
    Optional<String> inline = s.optional("AUTHSIDECAR_CALLERS");
    if (file.isPresent() && inline.isPresent()) {
      throw new ConfigException(
          "AUTHSIDECAR_CALLERS", "set either AUTHSIDECAR_CALLERS_FILE or AUTHSIDECAR_CALLERS");
    }
    if (file.isPresent()) {
      return Optional.of(
          new CallersSource.FromFile(readableFile(file.get(), "AUTHSIDECAR_CALLERS_FILE")));
    }
    return inline.map(CallersSource.Inline::new);
  }

  private static Optional<TlsSettings> tlsSettings(Settings s) {
    Optional<String> cert = s.optional("AUTHSIDECAR_TLS_CERT_FILE");
    Optional<String> key = s.optional("AUTHSIDECAR_TLS_KEY_FILE");
    Optional<String> clientCa = s.optional("AUTHSIDECAR_TLS_CLIENT_CA_FILE");
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(
          cert.isPresent() ? "AUTHSIDECAR_TLS_KEY_FILE" : "AUTHSIDECAR_TLS_CERT_FILE",
          "TLS needs both AUTHSIDECAR_TLS_CERT_FILE and AUTHSIDECAR_TLS_KEY_FILE");
    }
    if (cert.isEmpty()) {
      if (clientCa.isPresent()) {
        throw new ConfigException(
            "AUTHSIDECAR_TLS_CLIENT_CA_FILE",
            "mutual TLS also needs AUTHSIDECAR_TLS_CERT_FILE and AUTHSIDECAR_TLS_KEY_FILE");
      }
      return Optional.empty();
    }
    return Optional.of(
        new TlsSettings(
            readableFile(cert.get(), "AUTHSIDECAR_TLS_CERT_FILE"),
            readableFile(key.get(), "AUTHSIDECAR_TLS_KEY_FILE"),
            clientCa.map(f -> readableFile(f, "AUTHSIDECAR_TLS_CLIENT_CA_FILE"))));
  }

  private static Path readableFile(String value, String variable) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(variable, "no readable file at " + value);
    }
    return path;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("AUTHSIDECAR_LISTEN", "unknown host '" + host + "'");
    }
  }

  /** H2 flags that let the same jOOQ code and migrations run on H2 and PostgreSQL. */
  public static final String H2_MODE =
      "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  private static TotpPolicy totpPolicy(Settings s) {
    int digits = s.integer("AUTHSIDECAR_TOTP_DIGITS", TotpPolicy.DEFAULT.digits(), 6, 8);
    if (digits == 7) {
      throw new ConfigException("AUTHSIDECAR_TOTP_DIGITS", "must be 6 or 8, got 7");
    }
    String issuer = s.string("AUTHSIDECAR_TOTP_ISSUER", TotpPolicy.DEFAULT.issuer());
    if (issuer.contains(":") || issuer.length() > 64) {
      throw new ConfigException(
          "AUTHSIDECAR_TOTP_ISSUER", "must be at most 64 characters without ':'");
    }
    return new TotpPolicy(
        issuer,
        s.enumValue(
            "AUTHSIDECAR_TOTP_ALGORITHM", TotpAlgorithm.class, TotpPolicy.DEFAULT.algorithm()),
        digits,
        s.integer("AUTHSIDECAR_TOTP_PERIOD_SECONDS", TotpPolicy.DEFAULT.periodSeconds(), 15, 120),
        s.integer("AUTHSIDECAR_TOTP_WINDOW_BACKWARD", TotpPolicy.DEFAULT.backwardSteps(), 0, 10),
        s.integer("AUTHSIDECAR_TOTP_WINDOW_FORWARD", TotpPolicy.DEFAULT.forwardSteps(), 0, 10),
        s.duration(
            "AUTHSIDECAR_TOTP_ENROLLMENT_TTL",
            TotpPolicy.DEFAULT.enrollmentTtl(),
            Duration.ofMinutes(1),
            Duration.ofDays(1)),
        s.integer(
            "AUTHSIDECAR_TOTP_MAX_PENDING_ENROLLMENTS",
            TotpPolicy.DEFAULT.maxPendingEnrollments(),
            1,
            100));
  }

  private static AccountPolicy accountPolicy(Settings s) {
    Set<String> configured = s.list("AUTHSIDECAR_DISABLE_PROOF");
    // Unset keeps the defaults; reauthentication (the caller's word) is never among them.
    Set<DisableProofKind> proofs =
        configured.isEmpty()
            ? EnumSet.copyOf(AccountPolicy.DEFAULT.disableProofs())
            : EnumSet.noneOf(DisableProofKind.class);
    for (String kind : configured) {
      try {
        proofs.add(DisableProofKind.valueOf(kind.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "AUTHSIDECAR_DISABLE_PROOF",
            "entries must be totp, recovery_codes, admin, webauthn or reauthentication, got '"
                + kind
                + "'");
      }
    }
    return new AccountPolicy(
        s.integer(
            "AUTHSIDECAR_RECOVERY_CODE_COUNT", AccountPolicy.DEFAULT.recoveryCodeCount(), 1, 20),
        s.duration(
            "AUTHSIDECAR_TEMPORARY_CODE_TTL",
            AccountPolicy.DEFAULT.temporaryCodeTtl(),
            Duration.ofMinutes(5),
            Duration.ofDays(14)),
        proofs,
        s.integer(
            "AUTHSIDECAR_DISABLE_RECOVERY_CODES",
            AccountPolicy.DEFAULT.disableRecoveryCodes(),
            1,
            20));
  }

  private static RelyingParty relyingParty(Settings s) {
    String rpId = s.string("AUTHSIDECAR_WEBAUTHN_RP_ID", RelyingParty.LOCALHOST.id());
    if (!rpId.matches("[a-z0-9.-]{1,253}") || rpId.startsWith(".") || rpId.endsWith(".")) {
      throw new ConfigException(
          "AUTHSIDECAR_WEBAUTHN_RP_ID",
          "must be a domain name such as login.example.com, got '" + rpId + "'");
    }
    Set<String> origins = s.list("AUTHSIDECAR_WEBAUTHN_ORIGINS");
    if (origins.isEmpty()) {
      origins = RelyingParty.LOCALHOST.origins();
    }
    for (String origin : origins) {
      boolean secure = origin.startsWith("https://") || origin.matches("http://localhost(:\\d+)?");
      if (!secure || origin.endsWith("/")) {
        throw new ConfigException(
            "AUTHSIDECAR_WEBAUTHN_ORIGINS",
            "each origin must be https://host[:port] (or http://localhost[:port]) without a path, got '"
                + origin
                + "'");
      }
    }
    return new RelyingParty(
        rpId,
        s.string("AUTHSIDECAR_WEBAUTHN_RP_NAME", RelyingParty.LOCALHOST.name()),
        origins,
        s.duration(
            "AUTHSIDECAR_WEBAUTHN_CEREMONY_TTL",
            RelyingParty.LOCALHOST.ceremonyTtl(),
            Duration.ofSeconds(30),
            Duration.ofMinutes(30)),
        uuids(s, "AUTHSIDECAR_WEBAUTHN_AAGUID_ALLOW"),
        uuids(s, "AUTHSIDECAR_WEBAUTHN_AAGUID_DENY"),
        // Strict: a typo such as "ture" must not silently admit synced passkeys.
        s.bool(
            "AUTHSIDECAR_WEBAUTHN_REFUSE_BACKUP_ELIGIBLE",
            RelyingParty.LOCALHOST.refuseBackupEligible()),
        s.optional("AUTHSIDECAR_WEBAUTHN_TRUST_ANCHORS").map(java.nio.file.Path::of),
        s.optional("AUTHSIDECAR_WEBAUTHN_MDS3_FILE").map(java.nio.file.Path::of));
  }

  private static Set<java.util.UUID> uuids(Settings s, String name) {
    Set<java.util.UUID> ids = new java.util.HashSet<>();
    for (String item : s.list(name)) {
      try {
        ids.add(java.util.UUID.fromString(item));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, "entries must be AAGUIDs (UUIDs), got '" + item + "'");
      }
    }
    return ids;
  }

  private static DevicePolicy devicePolicy(Settings s) {
    Duration max =
        s.duration(
            "AUTHSIDECAR_DEVICE_MAX_TTL",
            DevicePolicy.DEFAULT.maxTtl(),
            Duration.ofMinutes(1),
            Duration.ofDays(400));
    Duration ttl =
        s.duration(
            "AUTHSIDECAR_DEVICE_TTL",
            DevicePolicy.DEFAULT.defaultTtl(),
            Duration.ofMinutes(1),
            Duration.ofDays(400));
    if (ttl.compareTo(max) > 0) {
      throw new ConfigException(
          "AUTHSIDECAR_DEVICE_TTL", "must be at most AUTHSIDECAR_DEVICE_MAX_TTL (" + max + ")");
    }
    return new DevicePolicy(ttl, max);
  }

  private static LockoutPolicy lockoutPolicy(Settings s) {
    int threshold =
        s.integer("AUTHSIDECAR_LOCKOUT_THRESHOLD", LockoutPolicy.DEFAULT.threshold(), 1, 100);
    int maxFailures =
        s.integer("AUTHSIDECAR_LOCKOUT_MAX_FAILURES", LockoutPolicy.DEFAULT.maxFailures(), 1, 100);
    if (maxFailures < threshold) {
      throw new ConfigException(
          "AUTHSIDECAR_LOCKOUT_MAX_FAILURES",
          "must be at least AUTHSIDECAR_LOCKOUT_THRESHOLD (" + threshold + ")");
    }
    Duration base =
        s.duration(
            "AUTHSIDECAR_LOCKOUT_BASE_DELAY",
            LockoutPolicy.DEFAULT.baseDelay(),
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    Duration max =
        s.duration(
            "AUTHSIDECAR_LOCKOUT_MAX_DELAY",
            LockoutPolicy.DEFAULT.maxDelay(),
            Duration.ofSeconds(1),
            Duration.ofDays(7));
    if (max.compareTo(base) < 0) {
      throw new ConfigException(
          "AUTHSIDECAR_LOCKOUT_MAX_DELAY", "must be at least AUTHSIDECAR_LOCKOUT_BASE_DELAY");
    }
    return new LockoutPolicy(threshold, base, max, maxFailures);
  }

  private static LimitSettings limits(Settings s) {
    return new LimitSettings(
        s.integer(
            "AUTHSIDECAR_MAX_MESSAGE_BYTES",
            LimitSettings.DEFAULT.maxMessageBytes(),
            1024,
            16 * 1024 * 1024),
        // 0 (the default) sizes the bound to the pool: LimitSettings.CALLS_PER_CONNECTION each.
        s.integer("AUTHSIDECAR_MAX_CONCURRENT_CALLS", 0, 0, 100_000),
        s.integer(
            "AUTHSIDECAR_MAX_WATCH_STREAMS", LimitSettings.DEFAULT.maxWatchStreams(), 1, 10_000),
        s.integer("AUTHSIDECAR_RATE_LIMIT_PER_CALLER", 0, 0, 1_000_000));
  }
}
