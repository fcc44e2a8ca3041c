package dev.authsidecar.store;

import dev.authsidecar.crypto.KeyedHasher.KeyedHash;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Matching a stored (key id, hash) pair against the candidates for every configured key. */
final class KeyedHashes {
  private KeyedHashes() {}

  static Condition matches(
      Field<String> keyIdColumn, Field<byte[]> hashColumn, List<KeyedHash> candidates) {
    return DSL.or(
        candidates.stream()
            .map(c -> keyIdColumn.eq(c.keyId()).and(hashColumn.eq(c.hash())))
            .toList());
  }
}
