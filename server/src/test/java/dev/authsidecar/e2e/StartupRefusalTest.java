package dev.authsidecar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program refuses to start, with exit status 2 and one line naming the setting, when its
 * access settings would leave it open: non-loopback without TLS, PostgreSQL without callers, a
 * malformed callers file.
 */
class StartupRefusalTest {
  private static final String KEYS = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path dir;

  @Test
  void nonLoopbackListenWithoutTls_exitsWithStatus2() throws Exception {
    assertRefused(
        Map.of("AUTHSIDECAR_LISTEN", "0.0.0.0:0"),
        "AUTHSIDECAR_LISTEN: 0.0.0.0 is not a loopback address");
  }

  @Test
  void postgresWithoutCallers_exitsWithStatus2() throws Exception {
    assertRefused(
        Map.of(
            "AUTHSIDECAR_DB_URL",
            "jdbc:postgresql://127.0.0.1:1/none",
            "AUTHSIDECAR_SECRET_KEYS",
            KEYS),
        "AUTHSIDECAR_CALLERS_FILE: required with PostgreSQL");
  }

  @Test
  void malformedCallersFile_exitsWithStatus2NamingTheEntry() throws Exception {
    Path callers =
        Files.writeString(
            dir.resolve("callers.yaml"),
            "callers:\n  - name: web\n    permissions: [login, admn]\n    certificate: {cn: web}\n");
    assertRefused(
        Map.of("AUTHSIDECAR_CALLERS_FILE", callers.toString()),
        "AUTHSIDECAR_CALLERS_FILE: callers[0].permissions[1]: unknown permission 'admn'");
  }

  private void assertRefused(Map<String, String> settings, String expected) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), "dev.authsidecar.Main");
    builder.environment().keySet().removeIf(k -> k.startsWith("AUTHSIDECAR_"));
    builder.environment().putAll(settings);
    builder.environment().put("AUTHSIDECAR_DATA_DIR", dir.resolve("data").toString());
    builder.redirectOutput(dir.resolve("stdout.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    List<String> stderr =
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.startsWith("WARNING:")) // JVM notices, not ours
            .toList();

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr)
        .singleElement()
        .asString()
        .startsWith("authsidecar: configuration error: " + expected);
  }
}
