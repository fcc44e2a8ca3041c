package dev.authsidecar.factor;

/** The answer to a typed code or an assertion (the API's VerifyResult). */
public enum Verdict {
  ACCEPTED,
  REJECTED,
  REPLAYED,
  LOCKED_OUT,
  NOT_ENROLLED,
  EXPIRED
}
