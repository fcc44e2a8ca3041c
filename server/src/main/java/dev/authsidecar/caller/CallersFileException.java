package dev.authsidecar.caller;

/** The callers file is malformed; the message names the entry and the problem. */
public final class CallersFileException extends RuntimeException {
  public CallersFileException(String where, String problem) {
    super(where + ": " + problem);
  }
}
