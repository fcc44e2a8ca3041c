package dev.authsidecar.caller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the callers are described: a file (AUTHSIDECAR_CALLERS_FILE) or a variable's text. */
public sealed interface CallersSource {
  String text();

  /** The setting that named this source, for error messages. */
  String variable();

  record FromFile(Path path) implements CallersSource {
    @Override
    public String text() {
      try {
        return Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CallersFileException(
            path.toString(), "cannot read the callers file (" + e.getClass().getSimpleName() + ")");
      }
    }

    @Override
    public String variable() {
      return "AUTHSIDECAR_CALLERS_FILE";
    }
  }

  /** The AUTHSIDECAR_CALLERS variable's YAML; it may hold tokens, so it is never printed. */
  record Inline(String text) implements CallersSource {
    @Override
    public String variable() {
      return "AUTHSIDECAR_CALLERS";
    }

    @Override
    public String toString() {
      return "Inline[<redacted>]";
    }
  }
}
