package dev.authsidecar.error;

/** A request field is malformed. Maps to INVALID_ARGUMENT; the message names the field. */
public final class InvalidArgumentException extends RuntimeException {
  private final String field;

  public InvalidArgumentException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
