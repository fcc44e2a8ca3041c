package dev.authsidecar.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebAuthn ceiling of bench/run: how many ES256 (ECDSA P-256, SHA-256) signatures the JDK
 * verifies per second on {@code threads} threads, over what an assertion signs (37 bytes of
 * authenticatorData and the SHA-256 of a clientDataJSON). Prints one TSV line: threads, verifies/s.
 */
final class P256Ceiling {
  private P256Ceiling() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = generator.generateKeyPair();
    byte[] signed = new byte[37 + 32];
    new SecureRandom().nextBytes(signed);
    System.arraycopy(MessageDigest.getInstance("SHA-256").digest(signed), 0, signed, 37, 32);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key.getPrivate());
    signer.update(signed);
    byte[] signature = signer.sign();

    LongAdder verified = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Signature verifier = Signature.getInstance("SHA256withECDSA");
                      while (!stop.get()) {
                        verifier.initVerify(key.getPublic());
                        verifier.update(signed);
                        if (!verifier.verify(signature)) {
                          throw new IllegalStateException("the signature did not verify");
                        }
                        if (measuring.get()) {
                          verified.increment();
                        }
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    Thread.sleep(warmup * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    System.out.printf("%d\t%.1f%n", threads, verified.sum() / elapsed);
  }
}
