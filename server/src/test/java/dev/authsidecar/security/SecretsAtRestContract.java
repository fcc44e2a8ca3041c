package dev.authsidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.CheckDeviceRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.RememberDeviceRequest;
import dev.authsidecar.api.v1.RememberDeviceResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.DatabaseCells;
import dev.authsidecar.testing.DatabaseCells.Cell;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.aerogear.security.otp.api.Base32;
import org.junit.jupiter.api.Test;

/**
 * The database holds TOTP secrets only sealed, and recovery codes, temporary codes and device
 * tokens only as keyed hashes: no plain, normalised, encoded or unkeyed-hash copy in any table.
 */
public abstract class SecretsAtRestContract extends SidecarTestBase {

  @Test
  void noPlaintextSecretInAnyTableBeforeOrAfterConfirmation() throws Exception {
    BeginEnrollmentResponse begun =
        sidecar
            .totp()
            .beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId("user-1").build());
    byte[] secret = Base32.decode(begun.getSecret());
    assertNoCopyOf(secret, begun.getSecret());

    sidecar
        .totp()
        .confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(Authenticator.scanning(begun, clock).code())
                .build());
    assertNoCopyOf(secret, begun.getSecret());
  }

  @Test
  void noPlaintextRecoveryCodeInAnyTableBeforeOrAfterUse() throws Exception {
    List<String> codes =
        sidecar
            .recovery()
            .generateCodes(GenerateCodesRequest.newBuilder().setUserId("user-1").build())
            .getCodesList();
    assertNoTypedCodeIn(codes);

    sidecar
        .account()
        .verifyCode(
            VerifyCodeRequest.newBuilder().setUserId("user-1").setCode(codes.get(0)).build());
    sidecar
        .account()
        .verifyCode(
            VerifyCodeRequest.newBuilder().setUserId("user-1").setCode(codes.get(0)).build());
    assertNoTypedCodeIn(codes);
  }

  @Test
  void noPlaintextTemporaryCodeInAnyTableBeforeOrAfterUse() throws Exception {
    String code =
        TestSidecar.asAdmin(sidecar.account())
            .resetUser(
                ResetUserRequest.newBuilder()
                    .setUserId("user-1")
                    .setActor("support@example.com")
                    .setReason("ticket 1")
                    .build())
            .getTemporaryCode();
    assertNoTypedCodeIn(List.of(code));

    sidecar
        .account()
        .verifyCode(VerifyCodeRequest.newBuilder().setUserId("user-1").setCode(code).build());
    sidecar
        .account()
        .verifyCode(VerifyCodeRequest.newBuilder().setUserId("user-1").setCode(code).build());
    assertNoTypedCodeIn(List.of(code));
  }

  @Test
  void noPlaintextDeviceTokenInAnyTableBeforeOrAfterUse() throws Exception {
    RememberDeviceResponse device =
        sidecar
            .devices()
            .rememberDevice(
                RememberDeviceRequest.newBuilder().setUserId("user-1").setLabel("Laptop").build());
    String token = device.getDeviceToken();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    assertNoDeviceToken(token, raw);

    sidecar
        .devices()
        .checkDevice(
            CheckDeviceRequest.newBuilder().setUserId("user-1").setDeviceToken(token).build());
    assertNoDeviceToken(token, raw);
  }

  private void assertNoDeviceToken(String token, byte[] raw) throws Exception {
    List<Cell> cells = DatabaseCells.all(database);
    assertThat(cells.stream().map(Cell::table)).contains("devices");
    List<byte[]> forbidden =
        List.of(
            token.getBytes(StandardCharsets.US_ASCII),
            raw,
            HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
            Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII),
            sha256(token.getBytes(StandardCharsets.US_ASCII)),
            sha256(raw));
    for (Cell cell : cells) {
      for (byte[] needle : forbidden) {
        assertThat(cell.contains(needle)).as("device token copy in %s", cell).isFalse();
      }
      assertThat(cell.containsText(token)).as("device token in %s", cell).isFalse();
    }
  }

  /** No form of the typed codes: as shown, normalised, bare, nor an unkeyed SHA-256 of them. */
  private void assertNoTypedCodeIn(List<String> codes) throws Exception {
    List<Cell> cells = DatabaseCells.all(database);
    assertThat(cells.stream().map(Cell::table)).contains("events");
    for (String code : codes) {
      String bare = code.replace("-", "");
      List<String> texts = List.of(code, bare);
      List<byte[]> hashes =
          List.of(
              sha256(bare.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)),
              sha256(bare.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)),
              sha256(code.getBytes(StandardCharsets.US_ASCII)));
      for (Cell cell : cells) {
        for (String text : texts) {
          assertThat(cell.containsText(text)).as("code %s in %s", code, cell).isFalse();
        }
        for (byte[] hash : hashes) {
          assertThat(cell.contains(hash)).as("unkeyed hash of %s in %s", code, cell).isFalse();
          assertThat(cell.containsText(HexFormat.of().formatHex(hash)))
              .as("unkeyed hex hash of %s in %s", code, cell)
              .isFalse();
        }
      }
    }
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  private void assertNoCopyOf(byte[] secret, String base32) throws Exception {
    List<byte[]> cells = allCells();
    assertThat(cells).isNotEmpty();
    String hex = HexFormat.of().formatHex(secret);
    for (byte[] cell : cells) {
      String text = new String(cell, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      assertThat(indexOf(cell, secret)).as("raw secret bytes").isEqualTo(-1);
      assertThat(text).doesNotContain(base32.toLowerCase(Locale.ROOT)).doesNotContain(hex);
    }
  }

  /** Every value of every table of the sidecar's schema, as bytes. */
  private List<byte[]> allCells() throws Exception {
    List<byte[]> cells = new ArrayList<>();
    try (Connection c = database.connect()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("totp_factors", "totp_enrollments", "factors", "accounts");
      for (String table : tables) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              byte[] value =
                  isBinary(rs, i)
                      ? rs.getBytes(i)
                      : rs.getString(i) == null
                          ? null
                          : rs.getString(i).getBytes(StandardCharsets.ISO_8859_1);
              if (value != null) {
                cells.add(value);
              }
            }
          }
        }
      }
    }
    return cells;
  }

  private static boolean isBinary(ResultSet rs, int column) throws Exception {
    int type = rs.getMetaData().getColumnType(column);
    return type == java.sql.Types.BINARY
        || type == java.sql.Types.VARBINARY
        || type == java.sql.Types.LONGVARBINARY
        || type == java.sql.Types.BLOB;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
