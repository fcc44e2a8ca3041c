package dev.authsidecar.crypto;

import dev.authsidecar.config.ConfigException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's 256-bit master keys by id. The first key seals new secrets; the others still open
 * what they sealed, which is how keys rotate: prepend a new key, keep the old ones until every
 * secret sealed under them is gone.
 */
public final class KeyRing {
  public static final String VARIABLE = "AUTHSIDECAR_SECRET_KEYS";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final String activeKeyId;
  private final Map<String, SecretKey> keys;

  private KeyRing(String activeKeyId, Map<String, SecretKey> keys) {
    this.activeKeyId = activeKeyId;
    this.keys = Map.copyOf(keys);
  }

  /** Parses {@code id:base64key[,id:base64key...]}; each key must be 32 bytes. */
  public static KeyRing parse(String spec) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String first = null;
    for (String entry : spec.split(",")) {
      String trimmed = entry.trim();
      int colon = trimmed.indexOf(':');
      if (colon <= 0) {
        throw new ConfigException(VARIABLE, "each entry must be id:base64key");
      }
      String id = trimmed.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new ConfigException(VARIABLE, "key id must be 1-64 of [A-Za-z0-9_.-]");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        // Never echo the key material itself.
        throw new ConfigException(VARIABLE, "key '" + id + "' is not valid base64");
      }
      if (material.length != 32) {
        throw new ConfigException(
            VARIABLE, "key '" + id + "' must be 32 bytes (AES-256), got " + material.length);
      }
      if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
        throw new ConfigException(VARIABLE, "key id '" + id + "' appears twice");
      }
      if (first == null) {
        first = id;
      }
    }
    return new KeyRing(first, keys);
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  SecretKey activeKey() {
    return keys.get(activeKeyId);
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Every configured key id, the active one first. */
  public java.util.List<String> ids() {
    java.util.List<String> ids = new java.util.ArrayList<>();
    ids.add(activeKeyId);
    keys.keySet().stream().filter(id -> !id.equals(activeKeyId)).sorted().forEach(ids::add);
    return ids;
  }

  public boolean knows(String id) {
    return keys.containsKey(id);
  }
}
