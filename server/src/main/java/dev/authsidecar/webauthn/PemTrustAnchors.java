package dev.authsidecar.webauthn;

import com.webauthn4j.anchor.TrustAnchorRepository;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Attestation roots read from a PEM bundle (for example the roots of the authenticator vendors an
 * enterprise allows). Every root is a candidate for every authenticator model.
 */
final class PemTrustAnchors implements TrustAnchorRepository {
  static final String VARIABLE = "AUTHSIDECAR_WEBAUTHN_TRUST_ANCHORS";

  private final Set<TrustAnchor> anchors;

  private PemTrustAnchors(Set<TrustAnchor> anchors) {
    this.anchors = Set.copyOf(anchors);
  }

  static PemTrustAnchors read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Set<TrustAnchor> anchors =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(c -> new TrustAnchor((X509Certificate) c, null))
              .collect(Collectors.toSet());
      if (anchors.isEmpty()) {
        throw new RelyingPartyConfigException(VARIABLE, "no certificate in " + pem);
      }
      return new PemTrustAnchors(anchors);
    } catch (IOException | CertificateException e) {
      throw new RelyingPartyConfigException(
          VARIABLE, "cannot read PEM certificates from " + pem + ": " + e.getMessage());
    }
  }

  @Override
  public Set<TrustAnchor> find(AAGUID aaguid) {
    return anchors;
  }

  @Override
  public Set<TrustAnchor> find(byte[] attestationCertificateKeyIdentifier) {
    return anchors;
  }
}
