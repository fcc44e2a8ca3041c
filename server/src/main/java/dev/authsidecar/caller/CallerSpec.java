package dev.authsidecar.caller;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One calling service as the callers file describes it: its name (the actor in events), what it may
 * do, and how it proves who it is.
 *
 * @param tokens at most two, so that a new token can be rolled out before the old one is removed
 */
public record CallerSpec(
    String name,
    Set<Permission> permissions,
    List<TokenSource> tokens,
    Optional<CertificateIdentity> certificate) {

  public CallerSpec {
    permissions = Set.copyOf(permissions);
    tokens = List.copyOf(tokens);
  }

  /** Where a bearer token comes from: inline in the callers file, or a file of its own. */
  public sealed interface TokenSource {
    /** A token written in the callers file (or the AUTHSIDECAR_CALLERS variable) itself. */
    record Inline(String value) implements TokenSource {
      @Override
      public String toString() {
        return "Inline[value=<redacted>]";
      }
    }

    /**
     * A file that holds the token, e.g. a mounted Kubernetes Secret; re-read when it changes, so a
     * token rotates without a restart.
     */
    record FromFile(Path path) implements TokenSource {}
  }
}
