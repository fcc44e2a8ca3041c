package dev.authsidecar.error;

/** The request names an enrollment, ceremony or factor that does not exist. Maps to NOT_FOUND. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String field, String what) {
    super(field + ": no " + what + " with this id");
  }
}
