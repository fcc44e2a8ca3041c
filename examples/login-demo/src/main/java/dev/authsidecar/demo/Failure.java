package dev.authsidecar.demo;

/**
 * A step of the login flow refused: {@link HttpApi} answers with {@code status} and {@code
 * {"error": message}}, and the page shows the message.
 */
final class Failure extends RuntimeException {
  final int status;

  Failure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
