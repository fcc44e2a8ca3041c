package dev.authsidecar.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded mode's generated sealing key: good enough to try the sidecar on a laptop, never for
 * production (whoever reads the data folder reads the key too).
 *
 * <p>The folder is created 0700 and the file 0600 by the system calls that create them, so there is
 * no moment in which another user could open them. A folder that already exists is left as it is
 * (it may be a mounted volume whose modes someone else manages); a wider one is logged.
 */
public final class LocalKeyFile {
  private static final Logger log = LoggerFactory.getLogger(LocalKeyFile.class);
  private static final String FILE_NAME = "secret-keys";
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private LocalKeyFile() {}

  /** Reads the key spec from {@code dataDir}, creating it on first use. */
  public static String loadOrCreate(Path dataDir) throws IOException {
    Path file = path(dataDir);
    if (Files.exists(file)) {
      warnIfOpenToOthers(file);
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    createFolder(dataDir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String spec = "local-1:" + Base64.getEncoder().encodeToString(key);
    try {
      write(file, spec + "\n");
    } catch (FileAlreadyExistsException e) {
      // Another process created it between our check and our write: use its key, not ours.
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    return spec;
  }

  public static Path path(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  private static void createFolder(Path dataDir) throws IOException {
    if (Files.isDirectory(dataDir)) {
      warnIfOpenToOthers(dataDir);
      return;
    }
    Path parent = dataDir.toAbsolutePath().getParent();
    if (parent != null) {
      // Parents are not ours to lock down; only the data folder itself is created 0700.
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dataDir, ownerOnly(dataDir, OWNER_ONLY_FOLDER));
    } catch (FileAlreadyExistsException e) {
      // Created concurrently by someone else: use it as an existing folder.
      if (!Files.isDirectory(dataDir)) {
        throw e;
      }
      warnIfOpenToOthers(dataDir);
    }
  }

  /** Creates {@code file} (failing if it exists) with owner-only access, then writes and syncs. */
  private static void write(Path file, String content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            ownerOnly(file, OWNER_ONLY_FILE))) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof FileAlreadyExistsException)) {
        // Never leave a half-written key behind to be read as the key on the next start.
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  /**
   * The permissions to create {@code path} with (the umask can only narrow them), or none on a file
   * system without POSIX permissions, where the start-up warning about the folder applies.
   */
  private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
  }

  private static void warnIfOpenToOthers(Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        log.warn(
            "{} is {}: other users may reach the embedded key or database; chmod it to {}"
                + " (the sidecar leaves existing modes as they are)",
            path.toAbsolutePath(),
            PosixFilePermissions.toString(permissions),
            Files.isDirectory(path) ? "700" : "600");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
