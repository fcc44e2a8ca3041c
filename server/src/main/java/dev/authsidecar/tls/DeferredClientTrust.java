package dev.authsidecar.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's TLS trust manager for client certificates: it accepts the chain at the handshake.
 * The chain is then checked for every call by {@link ClientCertificateAuthority#verify}, before any
 * service code runs, so that a refused caller hears why (UNAUTHENTICATED) rather than a bare
 * handshake failure. The handshake itself still proves that the client holds the certificate's
 * private key (TLS 1.3 CertificateVerify, RFC 8446 §4.4.3).
 */
final class DeferredClientTrust extends X509ExtendedTrustManager {
  DeferredClientTrust() {}

  /**
   * No CA names in the certificate request (RFC 8446 §4.2.4 makes them optional): the TLS stack
   * reads this list once, so naming CAs would hide a CA added to the bundle later, and a client
   * whose certificate comes from that CA would then send none.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  // The server never checks server certificates.
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    throw new UnsupportedOperationException("server-side trust manager");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    throw new UnsupportedOperationException("server-side trust manager");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    throw new UnsupportedOperationException("server-side trust manager");
  }
}
