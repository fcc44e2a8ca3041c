package dev.authsidecar.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.authsidecar.Sidecar;
import dev.authsidecar.config.Config;
import dev.authsidecar.config.ConfigLoader;
import dev.authsidecar.grpc.SidecarServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * The login demo in a real browser: Debian's Chromium, driven by ChromeDriver, with Chrome's
 * virtual authenticator as the security key, against a real sidecar on a real port.
 *
 * <p>Without /usr/bin/chromium and /usr/bin/chromedriver the tests are skipped, except when
 * CI=true, where they fail: CI must prove WebAuthn in a browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginDemoBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final Optional<String> MISSING_BROWSER = missingBrowser();

  @TempDir static Path temp;
  private long startedAt;

  /** The demo's caller token (a test value; production tokens come from a Secret). */
  private static final String DEMO_TOKEN = "login-demo-test-token-0123456789abcdefgh";

  private Sidecar sidecar;
  private SidecarServer sidecarServer;
  private ManagedChannel channel;
  private DemoServer demo;
  private ChromeDriver driver;
  private DemoPage page;
  private final List<VirtualAuthenticator> authenticators = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    startedAt = System.nanoTime();
    if (MISSING_BROWSER.isPresent()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true, so the browser tests must run, but " + MISSING_BROWSER.get());
      }
      System.err.println("login-demo browser tests SKIPPED: " + MISSING_BROWSER.get());
      return;
    }

    // WebAuthn origins name the port, so the demo's port is chosen before the sidecar starts.
    int demoPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      demoPort = probe.getLocalPort();
    }
    sidecar = Sidecar.open(sidecarConfig(demoPort), Clock.systemUTC());
    sidecarServer =
        sidecar
            .server(
                NettyServerBuilder.forAddress(
                    new InetSocketAddress("127.0.0.1", 0), sidecar.credentials()))
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", sidecarServer.port()).usePlaintext().build();
    demo =
        DemoServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), demoPort),
            channel,
            Optional.of(new CallerToken(DEMO_TOKEN)));

    driver = chromium();
    // WebAuthn needs a secure context with a domain: localhost, not 127.0.0.1.
    page = new DemoPage(driver, "http://localhost:" + demoPort + "/");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
      if (demo != null) {
        demo.close();
      }
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      if (sidecarServer != null) {
        sidecarServer.stop();
      }
      if (sidecar != null) {
        sidecar.close();
      }
    } finally {
      System.out.printf(
          "login-demo browser suite took %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }
  }

  @BeforeEach
  void freshPage() {
    Assumptions.assumeTrue(MISSING_BROWSER.isEmpty(), () -> "skipped: " + MISSING_BROWSER.get());
    assertThat(page.open().ok()).isTrue();
  }

  @AfterEach
  void removeAuthenticators() {
    if (driver == null) {
      return;
    }
    authenticators.forEach(driver::removeVirtualAuthenticator);
    authenticators.clear();
  }

  @Test
  void passkeySignsInByUsernameAndWithoutUsername() {
    VirtualAuthenticator authenticator = addAuthenticator();
    String user = signUp();

    var registered = page.registerKey("Laptop passkey");
    assertThat(registered.ok()).as(registered.text()).isTrue();
    assertThat(registered.text()).isEqualTo("Security key 'Laptop passkey' registered");
    assertThat(page.factors()).containsExactly("WEBAUTHN:Laptop passkey");
    assertThat(authenticator.getCredentials()).singleElement().satisfies(c -> assertResident(c));
    page.signOut();

    // By username: the password first, then the key as the second factor.
    var password = page.signIn(user, PASSWORD);
    assertThat(password.text()).isEqualTo("Password accepted: second factor needed");
    assertThat(page.secondFactorShown()).isTrue();
    assertThat(page.who()).isEmpty();
    var byUsername = page.verifyWithKey();
    assertThat(byUsername.ok()).as(byUsername.text()).isTrue();
    assertThat(byUsername.text())
        .startsWith("Signed in as " + user + " with security key 'Laptop passkey'");
    assertThat(page.who()).isEqualTo(user);
    page.signOut();
    assertThat(page.who()).isEmpty();

    // Without a username: the passkey names its user.
    var discoverable = page.signInWithPasskey();
    assertThat(discoverable.ok()).as(discoverable.text()).isTrue();
    assertThat(discoverable.text())
        .isEqualTo("Signed in as " + user + " with security key 'Laptop passkey' (user verified)");
    assertThat(page.who()).isEqualTo(user);
  }

  @Test
  void removedPasskeyNoLongerSignsIn() {
    addAuthenticator();
    String user = signUp();
    assertThat(page.registerKey("Old key").ok()).isTrue();

    var removed = page.removeFactor("Old key");
    assertThat(removed.ok()).as(removed.text()).isTrue();
    assertThat(page.factors()).isEmpty();
    page.signOut();

    // The authenticator still holds the credential; the sidecar no longer knows it.
    var refused = page.signInWithPasskey();
    assertThat(refused.state()).isEqualTo("error");
    assertThat(refused.text())
        .isEqualTo("FinishAuthentication REJECTED: credential: not registered here");
    assertThat(page.who()).isEmpty();

    // With no factor left, the password alone signs in.
    assertThat(page.signIn(user, PASSWORD).text())
        .isEqualTo("Signed in as " + user + " (password only)");
  }

  @Test
  void secondKeyOnTheSameAccountWorks() {
    VirtualAuthenticator first = addAuthenticator();
    String user = signUp();
    assertThat(page.registerKey("Key A").ok()).isTrue();
    Credential keyA = first.getCredentials().getFirst();
    removeAuthenticator(first);

    VirtualAuthenticator second = addAuthenticator();
    var registered = page.registerKey("Key B");
    assertThat(registered.ok()).as(registered.text()).isTrue();
    assertThat(page.factors()).containsExactlyInAnyOrder("WEBAUTHN:Key A", "WEBAUTHN:Key B");
    page.signOut();

    page.signIn(user, PASSWORD);
    assertThat(page.verifyWithKey().text())
        .startsWith("Signed in as " + user + " with security key 'Key B'");
    page.signOut();

    // The first key, plugged in again (its credential moved to a fresh authenticator).
    removeAuthenticator(second);
    addAuthenticator().addCredential(copy(keyA, keyA.getSignCount()));
    page.signIn(user, PASSWORD);
    assertThat(page.verifyWithKey().text())
        .startsWith("Signed in as " + user + " with security key 'Key A'");
  }

  @Test
  void credentialReplayedWithALowerSignCountIsRefused() {
    VirtualAuthenticator authenticator = addAuthenticator();
    signUp();
    assertThat(page.registerKey("Cloned key").ok()).isTrue();
    page.signOut();
    for (int i = 0; i < 3; i++) {
      var signedIn = page.signInWithPasskey();
      assertThat(signedIn.ok()).as(signedIn.text()).isTrue();
      page.signOut();
    }
    Credential original = authenticator.getCredentials().getFirst();
    assertThat(original.getSignCount()).isGreaterThan(2);

    // A clone of the key that has fallen behind: same private key, lower (non-zero) counter.
    authenticator.removeCredential(original.getId());
    authenticator.addCredential(copy(original, 1));

    var refused = page.signInWithPasskey();
    assertThat(refused.state()).isEqualTo("error");
    assertThat(refused.text())
        .startsWith("FinishAuthentication REJECTED: sign_count:")
        .contains("did not increase");
    assertThat(page.who()).isEmpty();
  }

  @Test
  void authenticatorAppEnrollsThroughThePageAndSignsIn() {
    String user = signUp();

    var begun = page.beginTotp("Phone");
    assertThat(begun.ok()).as(begun.text()).isTrue();
    assertThat(page.totpQrSource()).startsWith("data:image/svg+xml");
    String secret = page.totpSecret();
    assertThat(secret).matches("[A-Z2-7]{32}");

    var confirmed = page.confirmTotp(TotpCodes.at(secret, Instant.now()));
    assertThat(confirmed.ok()).as(confirmed.text()).isTrue();
    assertThat(page.factors()).containsExactly("TOTP:Phone");
    page.signOut();

    assertThat(page.signIn(user, PASSWORD).text())
        .isEqualTo("Password accepted: second factor needed");
    // The confirmation used this time step's code, and a code is accepted once: the app's next
    // code is within the sidecar's one-step forward window.
    var verified = page.verifyTotp(TotpCodes.at(secret, Instant.now().plusSeconds(30)));
    assertThat(verified.ok()).as(verified.text()).isTrue();
    assertThat(verified.text()).isEqualTo("Signed in as " + user + " with an authenticator app");
    assertThat(page.who()).isEqualTo(user);
  }

  // --- helpers ------------------------------------------------------------------------------

  private String signUp() {
    String user = "user" + USERS.incrementAndGet();
    var signedUp = page.signUp(user, PASSWORD);
    assertThat(signedUp.ok()).as(signedUp.text()).isTrue();
    assertThat(page.who()).isEqualTo(user);
    return user;
  }

  /** A platform authenticator with passkeys and user verification that always succeeds. */
  private VirtualAuthenticator addAuthenticator() {
    VirtualAuthenticator authenticator =
        driver.addVirtualAuthenticator(
            new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true));
    authenticators.add(authenticator);
    return authenticator;
  }

  private void removeAuthenticator(VirtualAuthenticator authenticator) {
    driver.removeVirtualAuthenticator(authenticator);
    authenticators.remove(authenticator);
  }

  private static Credential copy(Credential credential, int signCount) {
    return Credential.createResidentCredential(
        credential.getId(),
        credential.getRpId(),
        credential.getPrivateKey(),
        credential.getUserHandle(),
        signCount);
  }

  private static void assertResident(Credential credential) {
    assertThat(credential.isResidentCredential()).isTrue();
    assertThat(credential.getRpId()).isEqualTo("localhost");
  }

  private Config sidecarConfig(int demoPort) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return ConfigLoader.fromEnvironment(
        Map.of(
            "AUTHSIDECAR_LISTEN",
            "127.0.0.1:0",
            "AUTHSIDECAR_DATA_DIR",
            temp.resolve("sidecar").toString(),
            "AUTHSIDECAR_DB_URL",
            "jdbc:h2:mem:demo"
                + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;"
                + ConfigLoader.H2_MODE,
            "AUTHSIDECAR_SECRET_KEYS",
            "test-1:" + Base64.getEncoder().encodeToString(key),
            "AUTHSIDECAR_WEBAUTHN_RP_ID",
            "localhost",
            "AUTHSIDECAR_WEBAUTHN_ORIGINS",
            "http://localhost:" + demoPort,
            // The demo calls as an authenticated login server, as in production.
            "AUTHSIDECAR_CALLERS",
            "{callers: [{name: login-demo, permissions: [login], tokens: [{value: "
                + DEMO_TOKEN
                + "}]}]}"));
  }

  /** Debian's Chromium and ChromeDriver, headless, with nothing fetched from the network. */
  private ChromeDriver chromium() throws IOException {
    Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            // An explicit driver keeps Selenium Manager from looking for (or downloading) one.
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .withEnvironment(
                Map.of(
                    "XDG_CACHE_HOME", Files.createDirectories(temp.resolve("cache")).toString(),
                    "XDG_CONFIG_HOME", Files.createDirectories(temp.resolve("config")).toString()))
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return chrome;
  }

  /** Why the browser tests cannot run here, if they cannot. */
  private static Optional<String> missingBrowser() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return Optional.empty();
    }
    return Optional.of(
        "they need "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver)");
  }
}
