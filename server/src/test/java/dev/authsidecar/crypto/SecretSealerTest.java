package dev.authsidecar.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  private static final String OLD = "old:" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String NEW =
      "new:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  private static final byte[] SECRET = "twenty-byte-secret!!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sealedSecretOpensOnlyWithItsContext() {
    SecretSealer sealer = new SecretSealer(KeyRing.parse(NEW));
    SealedSecret sealed = sealer.seal(SECRET, "totp:f1:alice");

    assertThat(sealed.keyId()).isEqualTo("new");
    assertThat(sealer.open(sealed, "totp:f1:alice")).isEqualTo(SECRET);
    assertThatThrownBy(() -> sealer.open(sealed, "totp:f1:mallory"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    SecretSealer sealer = new SecretSealer(KeyRing.parse(NEW));

    assertThat(sealer.seal(SECRET, "c").sealed()).isNotEqualTo(sealer.seal(SECRET, "c").sealed());
  }

  @Test
  void rotation_newKeySealsAndOldKeyStillOpens() {
    SealedSecret underOld = new SecretSealer(KeyRing.parse(OLD)).seal(SECRET, "c");
    SecretSealer rotated = new SecretSealer(KeyRing.parse(NEW + "," + OLD));

    assertThat(rotated.open(underOld, "c")).isEqualTo(SECRET);
    assertThat(rotated.seal(SECRET, "c").keyId()).isEqualTo("new");
  }

  @Test
  void tamperedCiphertextFailsToOpen() {
    SecretSealer sealer = new SecretSealer(KeyRing.parse(NEW));
    SealedSecret sealed = sealer.seal(SECRET, "c");
    sealed.sealed()[sealed.sealed().length - 1] ^= 1;

    assertThatThrownBy(() -> sealer.open(sealed, "c")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedKeySpecsAreRefusedWithoutEchoingKeyMaterial() {
    assertThatThrownBy(() -> KeyRing.parse("k1:c2hvcnQ="))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> KeyRing.parse("k1:%%%"))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("%%%");
    assertThatThrownBy(() -> KeyRing.parse("nokey")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> KeyRing.parse(NEW + "," + NEW))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("twice");
  }
}
