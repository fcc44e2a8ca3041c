package dev.authsidecar.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded mode's key file: private to the sidecar's user from the moment it exists. */
class LocalKeyFileTest {
  @TempDir Path temp;

  @Test
  void loadOrCreate_createsFolderOnlyTheOwnerCanEnter() throws Exception {
    Path dataDir = temp.resolve("data");

    LocalKeyFile.loadOrCreate(dataDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
  }

  @Test
  void loadOrCreate_createsKeyFileOnlyTheOwnerCanRead() throws Exception {
    Path dataDir = temp.resolve("data");

    LocalKeyFile.loadOrCreate(dataDir);

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(LocalKeyFile.path(dataDir))))
        .isEqualTo("rw-------");
  }

  @Test
  void loadOrCreate_createsMissingParentsButOnlyLocksTheDataFolder() throws Exception {
    Path parent = temp.resolve("var");
    Path dataDir = parent.resolve("authsidecar");

    LocalKeyFile.loadOrCreate(dataDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
    assertThat(Files.isDirectory(parent)).isTrue();
  }

  @Test
  void loadOrCreate_leavesAnExistingFolderAsItIs() throws Exception {
    Path dataDir = Files.createDirectory(temp.resolve("shared"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

    LocalKeyFile.loadOrCreate(dataDir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(LocalKeyFile.path(dataDir))))
        .isEqualTo("rw-------");
  }

  @Test
  void loadOrCreate_readsTheSameKeyBackOnTheNextStart() throws Exception {
    Path dataDir = temp.resolve("data");
    String first = LocalKeyFile.loadOrCreate(dataDir);
    byte[] written = Files.readAllBytes(LocalKeyFile.path(dataDir));

    String second = LocalKeyFile.loadOrCreate(dataDir);

    assertThat(second).isEqualTo(first).startsWith("local-1:");
    assertThat(KeyRing.parse(second).knows("local-1")).isTrue();
    assertThat(Files.readAllBytes(LocalKeyFile.path(dataDir))).isEqualTo(written);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(LocalKeyFile.path(dataDir))))
        .isEqualTo("rw-------");
  }
}
