package dev.authsidecar.totp;

import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.factor.TotpAlgorithm;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What TotpVerifier computes per factor of a Verify call, without the store: open the sealed secret
 * (AES-256-GCM), then the matcher over the default window (T-1, T, T+1; SHA1, 6 digits, 30 s).
 *
 * <p>In package {@code dev.authsidecar.totp} because TotpMatcher is package-private; on the class
 * path the split package is allowed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TotpCheckBenchmark {
  private static final TotpPolicy POLICY = TotpPolicy.DEFAULT;

  private TotpMatcher matcher;
  private byte[] secret;
  private Instant now;
  private String rightCode;
  private String wrongCode;
  private SecretSealer sealer;
  private SealedSecret sealed;
  private String sealingContext;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    secret = new byte[20]; // RFC 4226 §4: 160 bits for SHA1, what enrollment generates
    random.nextBytes(secret);
    matcher = new TotpMatcher(POLICY);
    // A fixed instant: the codes stay right (or wrong) for the whole run.
    now = Instant.parse("2026-11-23T12:00:10Z");
    long step = TotpCodes.timeStep(now, POLICY.periodSeconds());
    rightCode = TotpCodes.code(secret, TotpAlgorithm.SHA1, POLICY.digits(), step);
    wrongCode = codeOutsideWindow(step);

    byte[] key = new byte[32];
    random.nextBytes(key);
    sealer = new SecretSealer(KeyRing.parse("bench:" + Base64.getEncoder().encodeToString(key)));
    UUID factorId = UUID.randomUUID();
    sealingContext = TotpFactor.sealingContext(factorId, "bench-user");
    sealed = sealer.seal(secret, sealingContext);
  }

  /** A 6-digit code that none of the window's steps produces, so every step is computed. */
  private String codeOutsideWindow(long step) {
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (matcher
          .match(secret, TotpAlgorithm.SHA1, POLICY.digits(), POLICY.periodSeconds(), code, now)
          .isEmpty()) {
        return code;
      }
    }
  }

  @Benchmark
  public Optional<TotpMatcher.Match> matchRightCode() {
    return matcher.match(
        secret, TotpAlgorithm.SHA1, POLICY.digits(), POLICY.periodSeconds(), rightCode, now);
  }

  @Benchmark
  public Optional<TotpMatcher.Match> matchWrongCode() {
    return matcher.match(
        secret, TotpAlgorithm.SHA1, POLICY.digits(), POLICY.periodSeconds(), wrongCode, now);
  }

  /** SecretSealer.open: Verify runs it once per TOTP factor of the user. */
  @Benchmark
  public byte[] openSealedSecret() {
    return sealer.open(sealed, sealingContext);
  }

  /** Both, as Verify does for a user with one factor and a right code. */
  @Benchmark
  public Optional<TotpMatcher.Match> openAndMatch() {
    byte[] opened = sealer.open(sealed, sealingContext);
    return matcher.match(
        opened, TotpAlgorithm.SHA1, POLICY.digits(), POLICY.periodSeconds(), rightCode, now);
  }
}
