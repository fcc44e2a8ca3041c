package dev.authsidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.BeginEnrollmentResponse;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.testing.Authenticator;
import dev.authsidecar.testing.SidecarTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.aerogear.security.otp.api.Base32;
import org.junit.jupiter.api.Test;

/** The database holds TOTP secrets only sealed: no raw, base32 or hex copy in any table. */
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
