package dev.authsidecar.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authsidecar.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class CodesTest {
  @Test
  void normalize_dropsSpacesAndHyphensAndFoldsCase() {
    assertThat(Codes.normalize("code", " 123 456 ")).isEqualTo("123456");
    assertThat(Codes.normalize("code", "123-456")).isEqualTo("123456");
    assertThat(Codes.normalize("code", "ab\u00a0cd-ef")).isEqualTo("ABCDEF");
  }

  @Test
  void normalize_foldsFullwidthDigitsUnicodeDashesAndInvisibleCharacters() {
    assertThat(Codes.normalize("code", "\uff11\uff12\uff13\uff14\uff15\uff16")).isEqualTo("123456");
    assertThat(Codes.normalize("code", "123\u2013456")).isEqualTo("123456");
    assertThat(Codes.normalize("code", "123\u2212456")).isEqualTo("123456");
    assertThat(Codes.normalize("code", "\ufeff123\u200b456")).isEqualTo("123456");
  }

  @Test
  void crockford_readsOAsZeroAndIOrLAsOne() {
    assertThat(Codes.crockford("code", "oil-23456-78", 10, "a recovery code"))
        .isEqualTo("0112345678");
    assertThatThrownBy(() -> Codes.crockford("code", "uuuuu-uuuuu", 10, "a recovery code"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("code: must be a recovery code of 10 letters and digits");
  }

  @Test
  void totp_acceptsSixOrEightDigitsOnly() {
    assertThat(Codes.totp("code", "12345678")).isEqualTo("12345678");
    assertThatThrownBy(() -> Codes.totp("code", "1234567"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("code: must be 6 or 8 digits, got 7");
    assertThatThrownBy(() -> Codes.totp("code", "12345\u0661"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("code: must contain only digits");
    assertThatThrownBy(() -> Codes.totp("code", " - "))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("code: is required");
  }
}
