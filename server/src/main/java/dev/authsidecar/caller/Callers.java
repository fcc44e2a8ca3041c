package dev.authsidecar.caller;

import dev.authsidecar.caller.CallerSpec.TokenSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured callers with their tokens resolved and hashed: answers "whose token is this?" and
 * "whose certificate is this?". Immutable; {@link CallerDirectory} swaps in a new one on reload.
 */
public final class Callers {
  private static final Callers NONE = new Callers(List.of(), List.of(), new BearerTokens());

  private final List<CallerSpec> specs;
  private final List<HashedToken> tokens;
  private final BearerTokens hasher;

  private Callers(List<CallerSpec> specs, List<HashedToken> tokens, BearerTokens hasher) {
    this.specs = specs;
    this.tokens = tokens;
    this.hasher = hasher;
  }

  /** No callers configured: the fail-closed local mode. */
  public static Callers none() {
    return NONE;
  }

  /** Reads every token file and hashes every token; the plaintext is not kept. */
  public static Callers resolve(List<CallerSpec> specs) {
    BearerTokens hasher = new BearerTokens();
    List<HashedToken> tokens = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      CallerSpec spec = specs.get(i);
      Caller caller = new Caller(spec.name(), spec.permissions());
      for (int j = 0; j < spec.tokens().size(); j++) {
        String where = "callers[" + i + "].tokens[" + j + "]";
        String token = read(spec.tokens().get(j), where);
        tokens.add(new HashedToken(caller, hasher.hash(token)));
      }
    }
    return new Callers(List.copyOf(specs), List.copyOf(tokens), hasher);
  }

  public List<CallerSpec> specs() {
    return specs;
  }

  public boolean anyCertificateIdentity() {
    return specs.stream().anyMatch(s -> s.certificate().isPresent());
  }

  /**
   * The caller whose token this is. Every configured token is compared, each in constant time, so
   * the time taken says nothing about which one came close.
   */
  public Optional<Caller> byToken(String presented) {
    if (!BearerTokens.wellFormed(presented)) {
      return Optional.empty();
    }
    byte[] hash = hasher.hash(presented);
    Caller found = null;
    for (HashedToken token : tokens) {
      if (BearerTokens.same(token.hash(), hash)) {
        found = token.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Callers whose certificate identity this certificate carries (normally one). */
  public List<Caller> byCertificate(X509Certificate certificate) {
    return specs.stream()
        .filter(s -> s.certificate().map(id -> id.matches(certificate)).orElse(false))
        .map(s -> new Caller(s.name(), s.permissions()))
        .toList();
  }

  private static String read(TokenSource source, String where) {
    return switch (source) {
      case TokenSource.Inline inline -> inline.value();
      case TokenSource.FromFile file -> {
        String token;
        try {
          token = Files.readString(file.path(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new CallersFileException(
              where + ".file",
              "cannot read " + file.path() + " (" + e.getClass().getSimpleName() + ")");
        }
        BearerTokens.requireWellFormed(token, where + ".file " + file.path());
        yield token;
      }
    };
  }

  private record HashedToken(Caller caller, byte[] hash) {}
}
