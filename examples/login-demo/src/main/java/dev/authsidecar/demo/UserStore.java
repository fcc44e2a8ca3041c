package dev.authsidecar.demo;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The demo's users, in memory: what a real login server keeps in its own database. Passwords are
 * stored as PBKDF2-HMAC-SHA256 hashes with a random salt per user.
 */
final class UserStore {
  /** OWASP Password Storage Cheat Sheet: 600,000 iterations for PBKDF2-HMAC-SHA256. */
  private static final int ITERATIONS = 600_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  /**
   * A user. The id, not the username, is what the sidecar knows the user by.
   *
   * @param id opaque and stable, passed to the sidecar as user_id
   */
  record User(String id, String username, byte[] salt, byte[] hash) {}

  private final Map<String, User> byName = new ConcurrentHashMap<>();
  private final Map<String, User> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final byte[] dummySalt = new byte[SALT_BYTES];

  UserStore() {
    random.nextBytes(dummySalt);
  }

  /** Usernames are compared case-insensitively. */
  static String normalize(String username) {
    return username.strip().toLowerCase(Locale.ROOT);
  }

  /** The new user, or empty when the username is taken. */
  Optional<User> signUp(String username, String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    User user =
        new User(
            "u-" + UUID.randomUUID(),
            normalize(username),
            salt,
            hash(password.toCharArray(), salt));
    if (byName.putIfAbsent(user.username(), user) != null) {
      return Optional.empty();
    }
    byId.put(user.id(), user);
    return Optional.of(user);
  }

  /** The user when the password matches. */
  Optional<User> check(String username, String password) {
    User user = byName.get(normalize(username));
    // Hash even for an unknown username, so the answer takes as long either way.
    byte[] computed = hash(password.toCharArray(), user == null ? dummySalt : user.salt());
    if (user == null || !MessageDigest.isEqual(computed, user.hash())) {
      return Optional.empty();
    }
    return Optional.of(user);
  }

  Optional<User> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private static byte[] hash(char[] password, byte[] salt) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
