package dev.authsidecar.config;

import java.util.Objects;

/** A {@code host:port} to listen on, as the AUTHSIDECAR_*_LISTEN settings give it. */
public record ListenAddress(String host, int port) {
  public ListenAddress {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  /**
   * Reads {@code host:port} ({@code [::1]:port} for IPv6) from the setting {@code variable}, or
   * fails naming it.
   */
  static ListenAddress parse(String variable, String raw) {
    int colon = raw.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(variable, "must be host:port or off, got '" + raw + "'");
    }
    String host = raw.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(raw.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(variable, "port must be a number, got '" + raw + "'");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException(variable, "port must be 1..65535, got " + port);
    }
    return new ListenAddress(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
