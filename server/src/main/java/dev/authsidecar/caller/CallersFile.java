package dev.authsidecar.caller;

import dev.authsidecar.caller.CallerSpec.TokenSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the callers file: YAML (or JSON, which is YAML too) in the shape of {@code
 * callers.schema.json}. Every error names the entry and the problem, e.g. {@code
 * callers[1].permissions[0]: unknown permission 'admn' (one of login, admin, audit, vouch)}.
 *
 * <pre>
 * callers:
 *   - name: login-web
 *     permissions: [login]
 *     tokens:
 *       - file: /var/run/secrets/authsidecar/login-web-token
 *   - name: support-console
 *     permissions: [admin, audit]
 *     certificate:
 *       uri: spiffe://cluster.local/ns/support/sa/console
 * </pre>
 */
public final class CallersFile {
  /** Caller names are recorded as event actors: printable, bounded, no spaces. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@/-]{1,128}");

  static final Set<String> TOP_LEVEL_KEYS = Set.of("callers");
  static final Set<String> CALLER_KEYS = Set.of("name", "permissions", "tokens", "certificate");
  static final Set<String> TOKEN_KEYS = Set.of("file", "value");
  static final int MAX_TOKENS = 2;

  private static final YAMLMapper YAML = new YAMLMapper();

  private CallersFile() {}

  public static List<CallerSpec> parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      // Only the position: the parser's message quotes the text, which may hold a token.
      throw new CallersFileException("callers file", "not valid YAML near line " + line(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new CallersFileException("callers file", "is empty; it needs a 'callers' list");
    }
    requireObject(root, "callers file", TOP_LEVEL_KEYS);
    JsonNode list = root.get("callers");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new CallersFileException("callers", "must be a non-empty list of callers");
    }
    List<CallerSpec> callers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> identities = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "callers[" + i + "]";
      CallerSpec caller = caller(list.get(i), where);
      if (!names.add(caller.name())) {
        throw new CallersFileException(where + ".name", "'" + caller.name() + "' is listed twice");
      }
      if (caller.certificate().isPresent()) {
        String identity = caller.certificate().get().toString();
        String other = identities.putIfAbsent(identity, caller.name());
        if (other != null) {
          throw new CallersFileException(
              where + ".certificate", identity + " already identifies caller '" + other + "'");
        }
      }
      callers.add(caller);
    }
    return List.copyOf(callers);
  }

  private static CallerSpec caller(JsonNode node, String where) {
    requireObject(node, where, CALLER_KEYS);
    String name = text(node.get("name"), where + ".name");
    if (!NAME.matcher(name).matches()) {
      throw new CallersFileException(where + ".name", "must be 1-128 of [A-Za-z0-9_.:@/-]");
    }
    Set<Permission> permissions = permissions(node.get("permissions"), where + ".permissions");
    List<TokenSource> tokens = tokens(node.get("tokens"), where + ".tokens");
    Optional<CertificateIdentity> certificate =
        node.has("certificate")
            ? Optional.of(certificate(node.get("certificate"), where + ".certificate"))
            : Optional.empty();
    if (tokens.isEmpty() && certificate.isEmpty()) {
      throw new CallersFileException(where, "needs tokens, a certificate, or both");
    }
    return new CallerSpec(name, permissions, tokens, certificate);
  }

  private static Set<Permission> permissions(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new CallersFileException(
          where, "must be a non-empty list of " + Permission.configNames());
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (int i = 0; i < node.size(); i++) {
      String at = where + "[" + i + "]";
      String item = text(node.get(i), at);
      permissions.add(
          Permission.fromConfigName(item)
              .orElseThrow(
                  () ->
                      new CallersFileException(
                          at,
                          "unknown permission '"
                              + item
                              + "' (one of "
                              + Permission.configNames()
                              + ")")));
    }
    return permissions;
  }

  private static List<TokenSource> tokens(JsonNode node, String where) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray() || node.isEmpty() || node.size() > MAX_TOKENS) {
      throw new CallersFileException(
          where, "must list 1 or " + MAX_TOKENS + " tokens (two while one replaces the other)");
    }
    List<TokenSource> tokens = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String item = where + "[" + i + "]";
      JsonNode token = node.get(i);
      requireObject(token, item, TOKEN_KEYS);
      if (token.size() != 1) {
        throw new CallersFileException(item, "needs exactly one of 'file' or 'value'");
      }
      if (token.has("file")) {
        tokens.add(new TokenSource.FromFile(Path.of(text(token.get("file"), item + ".file"))));
      } else {
        String value = text(token.get("value"), item + ".value");
        BearerTokens.requireWellFormed(value, item + ".value");
        tokens.add(new TokenSource.Inline(value));
      }
    }
    return tokens;
  }

  private static CertificateIdentity certificate(JsonNode node, String where) {
    Set<String> kinds = new HashSet<>();
    for (CertificateIdentity.Kind kind : CertificateIdentity.Kind.values()) {
      kinds.add(kind.configName());
    }
    requireObject(node, where, kinds);
    if (node.size() != 1) {
      throw new CallersFileException(where, "needs exactly one of uri, dns or cn");
    }
    String key = node.propertyNames().iterator().next();
    String value = text(node.get(key), where + "." + key);
    if (value.length() > 1024) {
      throw new CallersFileException(where + "." + key, "is longer than 1024 characters");
    }
    return new CertificateIdentity(
        CertificateIdentity.Kind.valueOf(key.toUpperCase(java.util.Locale.ROOT)), value);
  }

  private static void requireObject(JsonNode node, String where, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw new CallersFileException(where, "must be a mapping with keys " + sorted(allowed));
    }
    for (String key : node.propertyNames()) {
      if (!allowed.contains(key)) {
        throw new CallersFileException(
            where, "unknown key '" + key + "' (allowed: " + sorted(allowed) + ")");
      }
    }
  }

  private static String text(JsonNode node, String where) {
    if (node == null || !node.isString() || node.asString().isBlank()) {
      throw new CallersFileException(where, "must be a non-empty string");
    }
    return node.asString().trim();
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static String line(JacksonException e) {
    return e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
  }
}
