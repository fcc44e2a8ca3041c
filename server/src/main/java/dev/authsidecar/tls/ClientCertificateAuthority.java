package dev.authsidecar.tls;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CAs that issue callers' client certificates (AUTHSIDECAR_TLS_CLIENT_CA_FILE), re-read when
 * the file changes, and the check of a presented chain against them.
 *
 * <p>The TLS handshake asks for a client certificate and proves the client holds its key, but
 * leaves the chain to this class (see {@link DeferredClientTrust}): a caller with a missing,
 * expired or foreign certificate then hears UNAUTHENTICATED with the reason, instead of a bare
 * handshake failure that every client library reports differently.
 */
public final class ClientCertificateAuthority {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificateAuthority.class);
  private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2"; // RFC 5280 §4.2.1.12

  /** Why a chain was refused, worded for the caller. */
  public enum Verdict {
    TRUSTED(""),
    EXPIRED("the client certificate is expired or not yet valid"),
    UNTRUSTED("the client certificate is not issued by a trusted CA"),
    NOT_FOR_CLIENTS("the client certificate is not for client authentication (extended key usage)");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private final Path file;
  private final AtomicReference<Bundle> current;

  private ClientCertificateAuthority(Path file, Bundle bundle) {
    this.file = file;
    this.current = new AtomicReference<>(bundle);
  }

  /**
   * Reads the bundle now.
   *
   * @throws IOException or GeneralSecurityException when the file is missing or holds no
   *     certificate
   */
  public static ClientCertificateAuthority load(Path file)
      throws IOException, GeneralSecurityException {
    return new ClientCertificateAuthority(file, Bundle.read(file));
  }

  /** Re-reads the bundle if the file changed; a broken file keeps the CAs in force. */
  public void reloadIfChanged() {
    Bundle before = current.get();
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (Arrays.equals(bytes, before.raw())) {
        return;
      }
      current.set(Bundle.parse(bytes));
      log.info("tls: reloaded client CA bundle {}", file);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.error(
          "tls: cannot reload client CA bundle {} ({}); keeping the CAs in force",
          file,
          e.getClass().getSimpleName());
    }
  }

  /** Checks a chain (leaf first) as of {@code now}: path to a configured CA, validity, usage. */
  public Verdict verify(X509Certificate[] chain, Instant now) {
    Bundle bundle = current.get();
    X509Certificate leaf = chain[0];
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      if (usages != null && !usages.contains(CLIENT_AUTH_USAGE)) {
        return Verdict.NOT_FOR_CLIENTS;
      }
      // A path must not contain its trust anchor (RFC 5280 §6.1).
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate certificate : chain) {
        if (!bundle.contains(certificate)) {
          path.add(certificate);
        }
      }
      if (path.isEmpty()) {
        return Verdict.UNTRUSTED; // a CA certificate itself is not a caller
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(bundle.anchors());
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
      return Verdict.TRUSTED;
    } catch (CertPathValidatorException e) {
      if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
        return Verdict.EXPIRED;
      }
      return Verdict.UNTRUSTED;
    } catch (GeneralSecurityException e) {
      return Verdict.UNTRUSTED;
    }
  }

  private record Bundle(byte[] raw, X509Certificate[] certificates, Set<TrustAnchor> anchors) {
    static Bundle read(Path file) throws IOException, GeneralSecurityException {
      return parse(Files.readAllBytes(file));
    }

    static Bundle parse(byte[] bytes) throws GeneralSecurityException {
      X509Certificate[] certificates =
          CertificateUtils.getX509Certificates(new ByteArrayInputStream(bytes));
      if (certificates.length == 0) {
        throw new GeneralSecurityException("no certificate in the bundle");
      }
      Set<TrustAnchor> anchors =
          Arrays.stream(certificates)
              .map(c -> new TrustAnchor(c, null))
              .collect(Collectors.toUnmodifiableSet());
      return new Bundle(bytes, certificates, anchors);
    }

    boolean contains(X509Certificate certificate) {
      return Arrays.asList(certificates).contains(certificate);
    }
  }
}
