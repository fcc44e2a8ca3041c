package dev.authsidecar.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded mode's generated sealing key: good enough to try the sidecar on a laptop, never for
 * production (whoever reads the data folder reads the key too).
 */
public final class LocalKeyFile {
  private static final String FILE_NAME = "secret-keys";

  private LocalKeyFile() {}

  /** Reads the key spec from {@code dataDir}, creating it on first use. */
  public static String loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    Files.createDirectories(dataDir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String spec = "local-1:" + Base64.getEncoder().encodeToString(key);
    Files.writeString(file, spec + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; the warning at start-up still applies.
    }
    return spec;
  }

  public static Path path(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }
}
