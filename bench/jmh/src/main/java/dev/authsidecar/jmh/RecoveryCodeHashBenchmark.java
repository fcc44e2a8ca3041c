package dev.authsidecar.jmh;

import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.KeyedHasher;
import dev.authsidecar.crypto.RandomCodes;
import dev.authsidecar.recovery.RecoveryCodes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The keyed hash (HMAC-SHA256 under a per-key subkey) of a 10-character recovery code, as
 * RecoveryCodes uses it: {@code hash} when codes are generated, {@code candidates} (one hash per
 * configured key) on every VerifyCode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecoveryCodeHashBenchmark {
  /** 1: the default; 2: while a key rotation is under way (each lookup hashes under both). */
  @Param({"1", "2"})
  public int keys;

  private KeyedHasher hasher;
  private String code;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    StringBuilder spec = new StringBuilder();
    for (int i = 0; i < keys; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      spec.append(i == 0 ? "" : ",").append("k").append(i).append(':');
      spec.append(Base64.getEncoder().encodeToString(key));
    }
    hasher = new KeyedHasher(KeyRing.parse(spec.toString()));
    // What RecoveryCodes generates, as Codes.crockford leaves it when typed back.
    code = RandomCodes.generate(10);
  }

  @Benchmark
  public KeyedHasher.KeyedHash hash() {
    return hasher.hash(RecoveryCodes.HASH_PURPOSE, code);
  }

  @Benchmark
  public List<KeyedHasher.KeyedHash> candidates() {
    return hasher.candidates(RecoveryCodes.HASH_PURPOSE, code);
  }
}
