package dev.authsidecar.config;

/** A setting is missing or malformed; the message names the variable and the problem. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String variable, String problem) {
    super(variable + ": " + problem);
  }
}
