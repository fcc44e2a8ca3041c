package dev.authsidecar.webauthn;

/**
 * A relying-party setting cannot be used (an attestation root file that does not read, an allow
 * list with nothing to check it against). The message names the variable and the problem, as {@code
 * VARIABLE: problem}; where the sidecar is opened it becomes a configuration error, so the process
 * stops with one line and exit status 2.
 */
public final class RelyingPartyConfigException extends RuntimeException {
  private final String variable;
  private final String problem;

  RelyingPartyConfigException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
    this.problem = problem;
  }

  /** The environment variable that holds the setting, e.g. AUTHSIDECAR_WEBAUTHN_TRUST_ANCHORS. */
  public String variable() {
    return variable;
  }

  /** What is wrong with it, without the variable's name. */
  public String problem() {
    return problem;
  }
}
