package dev.authsidecar.reseal;

import dev.authsidecar.crypto.KeyRing;
import dev.authsidecar.crypto.SealedSecret;
import dev.authsidecar.crypto.SecretSealer;
import dev.authsidecar.factor.TotpAlgorithm;
import dev.authsidecar.testing.TestDatabase;
import dev.authsidecar.totp.TotpCodes;
import dev.authsidecar.totp.TotpFactor;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Many confirmed TOTP factors written straight into the tables in JDBC batches, sealed by the real
 * {@link SecretSealer}: enrolling 10,000 users through the API would take minutes.
 */
final class SeededFactors {
  private static final int BATCH = 1_000;

  private SeededFactors() {}

  /** A seeded user: the factor and the secret their authenticator app holds. */
  record Seeded(String userId, UUID factorId, byte[] secret) {
    String codeAt(Instant now) {
      return TotpCodes.code(secret, TotpAlgorithm.SHA1, 6, TotpCodes.timeStep(now, 30));
    }
  }

  static List<Seeded> seed(
      TestDatabase database, String keys, String prefix, int count, Instant now)
      throws SQLException {
    SecretSealer sealer = new SecretSealer(KeyRing.parse(keys));
    SecureRandom random = new SecureRandom();
    List<Seeded> seeded = new ArrayList<>(count);
    Timestamp created = Timestamp.from(now.minusSeconds(3600));
    try (Connection c = database.connect();
        PreparedStatement account =
            c.prepareStatement("INSERT INTO accounts (user_id, created_at) VALUES (?, ?)");
        PreparedStatement factor =
            c.prepareStatement(
                "INSERT INTO factors (id, user_id, type, label, created_at)"
                    + " VALUES (?, ?, 'TOTP', 'Authenticator app', ?)");
        PreparedStatement totp =
            c.prepareStatement(
                "INSERT INTO totp_factors (factor_id, sealed_secret, key_id, algorithm, digits,"
                    + " period_seconds, last_step) VALUES (?, ?, ?, 'SHA1', 6, 30, 0)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String userId = prefix + i;
        UUID factorId = UUID.randomUUID();
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        SealedSecret sealed = sealer.seal(secret, TotpFactor.sealingContext(factorId, userId));
        account.setString(1, userId);
        account.setTimestamp(2, created);
        account.addBatch();
        factor.setObject(1, factorId);
        factor.setString(2, userId);
        factor.setTimestamp(3, created);
        factor.addBatch();
        totp.setObject(1, factorId);
        totp.setBytes(2, sealed.sealed());
        totp.setString(3, sealed.keyId());
        totp.addBatch();
        seeded.add(new Seeded(userId, factorId, secret));
        if ((i + 1) % BATCH == 0 || i == count - 1) {
          account.executeBatch();
          factor.executeBatch();
          totp.executeBatch();
          c.commit();
        }
      }
    }
    return seeded;
  }

  /** Rows per key id in a table's key_id column (table may carry a WHERE), over raw JDBC. */
  static java.util.Map<String, Integer> keyIds(TestDatabase database, String table)
      throws SQLException {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    try (Connection c = database.connect();
        var rows =
            c.createStatement()
                .executeQuery("SELECT key_id, count(*) FROM " + table + " GROUP BY key_id")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getInt(2));
      }
    }
    return counts;
  }
}
