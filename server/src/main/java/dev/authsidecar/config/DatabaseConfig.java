package dev.authsidecar.config;

import java.time.Duration;

/** Where state lives. An H2 URL means the embedded zero-setup mode. */
public record DatabaseConfig(
    String url, String user, String password, int poolSize, Duration connectTimeout) {

  public boolean embedded() {
    return url.startsWith("jdbc:h2:");
  }

  @Override
  public String toString() {
    // Keeps the password out of any log line that prints the config.
    return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
