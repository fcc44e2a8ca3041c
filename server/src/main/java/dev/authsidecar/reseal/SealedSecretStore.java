package dev.authsidecar.reseal;

import dev.authsidecar.crypto.SealedSecret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The database questions a re-seal asks: which secrets are under other keys, and swap them. */
public interface SealedSecretStore {

  /** The two places a TOTP secret is stored sealed. */
  enum Place {
    TOTP_FACTORS("totp_factors"),
    TOTP_ENROLLMENTS("totp_enrollments");

    private final String table;

    Place(String table) {
      this.table = table;
    }

    public String table() {
      return table;
    }
  }

  /**
   * A sealed secret as stored, with the row id and user id its associated data binds it to.
   *
   * @param id the factor id or enrollment id (the same id once an enrollment is confirmed)
   */
  record SealedRow(UUID id, String userId, SealedSecret secret) {}

  /**
   * Up to {@code limit} rows of {@code place} sealed under any key but {@code keyId}, in id order,
   * after {@code after} when given (so that a row left behind is not read again in the same pass).
   */
  List<SealedRow> sealedUnderOtherKeys(Place place, String keyId, Optional<UUID> after, int limit);

  /** How many rows of {@code place} are sealed under any key but {@code keyId}. */
  int countUnderOtherKeys(Place place, String keyId);

  /**
   * Replaces each row's secret by its new sealing, in one transaction. Each row is updated only if
   * it still holds exactly the old key id and ciphertext, so a change a serving replica made in the
   * meantime is never overwritten. Returns how many rows were replaced.
   */
  int replace(Place place, List<Resealed> rows);

  /** Rows that may still be used, per table and key id (keyed hashes included). */
  Map<String, Map<String, Integer>> rowsByKeyId(Instant now);

  /** A row's old sealing and its new one under the primary key. */
  record Resealed(SealedRow old, SealedSecret sealed) {}
}
