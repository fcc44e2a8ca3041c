package dev.authsidecar.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for the gRPC port: the server's certificate chain and key (PEM), and, for mutual TLS, the CA
 * bundle that client certificates must chain to. All three files are re-read when they change.
 */
public record TlsSettings(Path certFile, Path keyFile, Optional<Path> clientCaFile) {
  public boolean mutual() {
    return clientCaFile.isPresent();
  }
}
