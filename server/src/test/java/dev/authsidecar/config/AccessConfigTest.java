package dev.authsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.caller.Permission;
import dev.authsidecar.testing.TestPki;
import dev.authsidecar.testing.TestPki.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may call: the callers file, TLS settings, and the start-up refusals that fail closed. */
class AccessConfigTest {
  private static final String TOKEN = "a-token-that-is-long-enough-0123456789";
  private static final String PG_URL = "jdbc:postgresql://db:5432/auth";
  private static final String KEYS = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path dir;
  private Path cert;
  private Path key;
  private Path ca;
  private Path callers;

  @BeforeEach
  void files() throws Exception {
    Issued authority = TestPki.ca("test CA");
    Issued server = TestPki.server(authority);
    cert = server.writeCertificate(dir.resolve("server.pem"));
    key = server.writeKey(dir.resolve("server.key"));
    ca = TestPki.writeBundle(dir.resolve("ca.pem"), authority);
    callers =
        Files.writeString(
            dir.resolve("callers.yaml"),
            """
            callers:
              - name: login-web
                permissions: [login, vouch]
                tokens: [{value: %s}]
              - name: console
                permissions: [admin, audit]
                certificate: {uri: "spiffe://cluster.local/ns/support/sa/console"}
            """
                .formatted(TOKEN));
  }

  @Test
  void defaults_areLocalOnlyWithoutCallers() {
    AccessConfig access = ConfigLoader.fromEnvironment(Map.of()).access();

    assertThat(access.callers()).isEmpty();
    assertThat(access.tls()).isEmpty();
    assertThat(access.insecureNoCallers()).isFalse();
  }

  @Test
  void callersFileAndMutualTls_areRead() {
    AccessConfig access =
        ConfigLoader.fromEnvironment(
                env(
                    "AUTHSIDECAR_LISTEN", "0.0.0.0:50051",
                    "AUTHSIDECAR_CALLERS_FILE", callers.toString(),
                    "AUTHSIDECAR_TLS_CERT_FILE", cert.toString(),
                    "AUTHSIDECAR_TLS_KEY_FILE", key.toString(),
                    "AUTHSIDECAR_TLS_CLIENT_CA_FILE", ca.toString(),
                    "AUTHSIDECAR_RELOAD_INTERVAL", "2s"))
            .access();

    assertThat(access.tls()).hasValueSatisfying(t -> assertThat(t.mutual()).isTrue());
    assertThat(access.reloadInterval()).hasSeconds(2);
    assertThat(access.callers().orElseThrow().variable()).isEqualTo("AUTHSIDECAR_CALLERS_FILE");
  }

  @Test
  void nonLoopbackWithoutTls_isRefused() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env(
                        "AUTHSIDECAR_LISTEN",
                        "0.0.0.0:50051",
                        "AUTHSIDECAR_CALLERS_FILE",
                        callers.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_LISTEN: 0.0.0.0 is not a loopback address")
        .hasMessageContaining("AUTHSIDECAR_TLS_CERT_FILE");
  }

  @Test
  void nonLoopbackWithoutCallers_isRefusedEvenWithTls() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env(
                        "AUTHSIDECAR_LISTEN", "0.0.0.0:50051",
                        "AUTHSIDECAR_TLS_CERT_FILE", cert.toString(),
                        "AUTHSIDECAR_TLS_KEY_FILE", key.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_LISTEN: without callers")
        .hasMessageContaining("loopback only");
  }

  @Test
  void postgresWithoutCallers_isRefusedUnlessTheInsecureSwitchIsSet() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env("AUTHSIDECAR_DB_URL", PG_URL, "AUTHSIDECAR_SECRET_KEYS", KEYS)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_CALLERS_FILE: required with PostgreSQL")
        .hasMessageContaining("AUTHSIDECAR_INSECURE_NO_CALLERS");

    AccessConfig insecure =
        ConfigLoader.fromEnvironment(
                env(
                    "AUTHSIDECAR_DB_URL", PG_URL,
                    "AUTHSIDECAR_SECRET_KEYS", KEYS,
                    "AUTHSIDECAR_INSECURE_NO_CALLERS", "true"))
            .access();
    assertThat(insecure.insecureNoCallers()).isTrue();

    AccessConfig withCallers =
        ConfigLoader.fromEnvironment(
                env(
                    "AUTHSIDECAR_DB_URL", PG_URL,
                    "AUTHSIDECAR_SECRET_KEYS", KEYS,
                    "AUTHSIDECAR_CALLERS_FILE", callers.toString()))
            .access();
    assertThat(withCallers.callers()).isPresent();
  }

  @Test
  void adminCallersVariable_isRefusedWithAPointerToTheCallersFile() {
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(env("AUTHSIDECAR_ADMIN_CALLERS", "ops-console")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_ADMIN_CALLERS: is no longer read")
        .hasMessageContaining("AUTHSIDECAR_CALLERS_FILE");
  }

  @Test
  void mutualTlsWithoutCertificateCallers_isRefused() throws Exception {
    Path tokensOnly =
        Files.writeString(
            dir.resolve("tokens.yaml"),
            "callers:\n  - name: web\n    permissions: [login]\n    tokens: [{value: "
                + TOKEN
                + "}]\n");
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env(
                        "AUTHSIDECAR_CALLERS_FILE", tokensOnly.toString(),
                        "AUTHSIDECAR_TLS_CERT_FILE", cert.toString(),
                        "AUTHSIDECAR_TLS_KEY_FILE", key.toString(),
                        "AUTHSIDECAR_TLS_CLIENT_CA_FILE", ca.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_TLS_CLIENT_CA_FILE: mutual TLS needs callers");
  }

  @Test
  void tlsSettings_mustComeInPairsAndExist() {
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(env("AUTHSIDECAR_TLS_CERT_FILE", cert.toString())))
        .hasMessageStartingWith("AUTHSIDECAR_TLS_KEY_FILE: TLS needs both");
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(env("AUTHSIDECAR_TLS_CLIENT_CA_FILE", ca.toString())))
        .hasMessageStartingWith("AUTHSIDECAR_TLS_CLIENT_CA_FILE: mutual TLS also needs");
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env(
                        "AUTHSIDECAR_TLS_CERT_FILE", dir.resolve("missing.pem").toString(),
                        "AUTHSIDECAR_TLS_KEY_FILE", key.toString())))
        .hasMessageStartingWith("AUTHSIDECAR_TLS_CERT_FILE: no readable file at");
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    env(
                        "AUTHSIDECAR_CALLERS_FILE",
                        callers.toString(),
                        "AUTHSIDECAR_CALLERS",
                        "callers: []")))
        .hasMessageStartingWith("AUTHSIDECAR_CALLERS: set either");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "callers: []|callers: must be a non-empty list",
        "other: 1|callers file: unknown key 'other'",
        "callers:\\n  - name: web\\n    permissions: [admn]\\n    tokens: [{value: TOKEN}]"
            + "|callers[0].permissions[0]: unknown permission 'admn' (one of login, admin, audit, vouch)",
        "callers:\\n  - name: web\\n    permissions: []\\n    tokens: [{value: TOKEN}]"
            + "|callers[0].permissions: must be a non-empty list",
        "callers:\\n  - name: web\\n    permissions: [login]"
            + "|callers[0]: needs tokens, a certificate, or both",
        "callers:\\n  - name: web site\\n    permissions: [login]\\n    tokens: [{value: TOKEN}]"
            + "|callers[0].name: must be 1-128 of",
        "callers:\\n  - permissions: [login]\\n    tokens: [{value: TOKEN}]"
            + "|callers[0].name: must be a non-empty string",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokens: [{value: short}]"
            + "|callers[0].tokens[0].value: a token must be 32-512 characters",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokens: [{value: TOKEN}, {value: TOKEN}, {value: TOKEN}]"
            + "|callers[0].tokens: must list 1 or 2 tokens",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokens: [{file: /nonexistent/token}]"
            + "|callers[0].tokens[0].file: cannot read /nonexistent/token",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokens: [{value: TOKEN}]\\n    certificate: {uri: a, dns: b}"
            + "|callers[0].certificate: needs exactly one of uri, dns or cn",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokens: [{value: TOKEN}]\\n  - name: web\\n    permissions: [audit]\\n    tokens: [{value: TOKEN}]"
            + "|callers[1].name: 'web' is listed twice",
        "callers:\\n  - name: a\\n    permissions: [login]\\n    certificate: {cn: x}\\n  - name: b\\n    permissions: [audit]\\n    certificate: {cn: x}"
            + "|callers[1].certificate: cn:x already identifies caller 'a'",
        "callers:\\n  - name: web\\n    permissions: [login]\\n    tokne: [{value: TOKEN}]"
            + "|callers[0]: unknown key 'tokne'",
      })
  void malformedCallersFile_failsNamingTheEntryAndTheProblem(String yaml, String expected)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"), yaml.replace("\\n", "\n").replace("TOKEN", TOKEN));
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(env("AUTHSIDECAR_CALLERS_FILE", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_CALLERS_FILE: " + expected)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void invalidYaml_namesTheLineWithoutEchoingTheText() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "callers:\n  - name: web\n    tokens: [{value: " + TOKEN + "\n");
    assertThatThrownBy(
            () -> ConfigLoader.fromEnvironment(env("AUTHSIDECAR_CALLERS_FILE", file.toString())))
        .hasMessageStartingWith("AUTHSIDECAR_CALLERS_FILE: callers file: not valid YAML near line")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void inlineCallers_inTheEnvironment() {
    AccessConfig access =
        ConfigLoader.fromEnvironment(
                env(
                    "AUTHSIDECAR_CALLERS",
                    "{callers: [{name: web, permissions: [login], tokens: [{value: "
                        + TOKEN
                        + "}]}]}"))
            .access();
    assertThat(access.callers().orElseThrow().variable()).isEqualTo("AUTHSIDECAR_CALLERS");
    assertThat(access.toString()).doesNotContain(TOKEN);
    assertThat(
            dev.authsidecar.caller.CallerDirectory.load(access.callers().get())
                .current()
                .byToken(TOKEN))
        .hasValueSatisfying(
            c -> {
              assertThat(c.name()).isEqualTo("web");
              assertThat(c.permissions()).containsExactly(Permission.LOGIN);
            });
  }

  @Test
  void schema_describesExactlyTheKeysTheParserReads() throws Exception {
    var schema =
        new tools.jackson.databind.ObjectMapper()
            .readTree(getClass().getResourceAsStream("/callers.schema.json"));
    var caller = schema.at("/properties/callers/items");
    assertThat(schema.at("/properties").propertyNames()).containsExactlyInAnyOrder("callers");
    assertThat(caller.at("/properties").propertyNames())
        .containsExactlyInAnyOrder("name", "permissions", "tokens", "certificate");
    assertThat(caller.at("/properties/tokens/items/properties").propertyNames())
        .containsExactlyInAnyOrder("file", "value");
    assertThat(caller.at("/properties/certificate/properties").propertyNames())
        .containsExactlyInAnyOrder("uri", "dns", "cn");
    assertThat(caller.at("/properties/permissions/items/enum").valueStream().map(n -> n.asString()))
        .containsExactly("login", "admin", "audit", "vouch");
    assertThat(caller.at("/properties/tokens/maxItems").asInt()).isEqualTo(2);
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
