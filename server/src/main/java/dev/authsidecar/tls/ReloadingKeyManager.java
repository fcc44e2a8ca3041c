package dev.authsidecar.tls;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate chain and key from PEM files, re-read when either file's content
 * changes. Each new pair gets a new alias, so a TLS stack that caches key material by alias
 * (Netty's OpenSSL engine does) cannot keep serving the old pair. A pair that does not load
 * (half-written, key and certificate not matching) is reported and the pair in force stays.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);

  private final Path certFile;
  private final Path keyFile;
  private final AtomicReference<Identity> current;

  ReloadingKeyManager(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.current = new AtomicReference<>(read(0));
  }

  /** Re-reads the files if their content changed. */
  void reloadIfChanged() {
    Identity before = current.get();
    try {
      byte[] cert = Files.readAllBytes(certFile);
      byte[] key = Files.readAllBytes(keyFile);
      if (Arrays.equals(cert, before.certBytes()) && Arrays.equals(key, before.keyBytes())) {
        return;
      }
      current.set(parse(before.version() + 1, cert, key));
      log.info("tls: reloaded the server certificate from {}", certFile);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.error(
          "tls: cannot reload the server certificate and key ({}); keeping the pair in force",
          e.getClass().getSimpleName());
    }
  }

  private Identity read(int version) throws IOException, GeneralSecurityException {
    return parse(version, Files.readAllBytes(certFile), Files.readAllBytes(keyFile));
  }

  private static Identity parse(int version, byte[] cert, byte[] key)
      throws IOException, GeneralSecurityException {
    X509Certificate[] chain = CertificateUtils.getX509Certificates(new ByteArrayInputStream(cert));
    PrivateKey privateKey = CertificateUtils.getPrivateKey(new ByteArrayInputStream(key));
    if (chain.length == 0) {
      throw new GeneralSecurityException("no certificate in the certificate file");
    }
    requireMatchingPair(chain[0], privateKey);
    return new Identity(version, cert, key, chain, privateKey);
  }

  /** A cert-manager rotation writes two files; serve them only once both are the new pair. */
  private static void requireMatchingPair(X509Certificate certificate, PrivateKey key)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448
        };
    byte[] probe = "authsidecar key pair check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the key does not belong to the certificate");
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.get().alias();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.get().alias();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {current.get().alias()};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Identity identity = current.get();
    return alias.equals(identity.alias()) ? identity.chain().clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Identity identity = current.get();
    return alias.equals(identity.alias()) ? identity.key() : null;
  }

  // A server key manager: it never acts as a TLS client.
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private record Identity(
      int version, byte[] certBytes, byte[] keyBytes, X509Certificate[] chain, PrivateKey key) {
    String alias() {
      return "authsidecar-" + version;
    }
  }
}
