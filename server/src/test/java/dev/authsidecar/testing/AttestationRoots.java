package dev.authsidecar.testing;

import com.webauthn4j.test.TestAttestationUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Attestation-root files for WebAuthn policy tests: a PEM file of roots, and a local FIDO MDS3 BLOB
 * listing the webauthn4j emulators' model (AAGUID zero) with a given status.
 */
public final class AttestationRoots {
  private AttestationRoots() {}

  /** The roots the webauthn4j-test emulators chain to. */
  public static X509Certificate[] emulatorRoots() {
    return new X509Certificate[] {
      TestAttestationUtil.load3tierTestRootCACertificate(),
      TestAttestationUtil.load2tierTestRootCACertificate()
    };
  }

  /** A PEM file holding {@code roots}, as AUTHSIDECAR_WEBAUTHN_TRUST_ANCHORS reads it. */
  public static Path pemFile(X509Certificate... roots) throws Exception {
    StringBuilder text = new StringBuilder();
    for (X509Certificate root : roots) {
      text.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(root.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return Files.writeString(Files.createTempFile("anchors", ".pem"), text);
  }

  /**
   * An MDS3 BLOB whose one entry is the emulators' model with {@code status} and their roots. It is
   * not signed: the sidecar reads a local file the operator vetted, as webauthn4j's
   * LocalFileMetadataBLOBProvider does.
   */
  public static Path mds3Blob(String status) throws Exception {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder roots = new StringBuilder();
    for (X509Certificate root : emulatorRoots()) {
      roots.append(roots.isEmpty() ? "" : ",").append('"');
      roots.append(b64.encodeToString(root.getEncoded())).append('"');
    }
    String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5c\":[" + roots + "]}";
    String payload =
        "{\"legalHeader\":\"test\",\"no\":1,\"nextUpdate\":\"2099-01-01\",\"entries\":[{"
            + "\"aaguid\":\"00000000-0000-0000-0000-000000000000\","
            + "\"metadataStatement\":{\"description\":\"webauthn4j emulator\","
            + "\"aaguid\":\"00000000-0000-0000-0000-000000000000\",\"protocolFamily\":\"fido2\","
            + "\"schema\":3,\"attestationTypes\":[\"basic_full\"],"
            + "\"attestationRootCertificates\":["
            + roots
            + "]},"
            + "\"statusReports\":[{\"status\":\""
            + status
            + "\",\"effectiveDate\":\"2024-01-01\"}],"
            + "\"timeOfLastStatusChange\":\"2024-01-01\"}]}";
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String jws =
        url.encodeToString(header.getBytes())
            + "."
            + url.encodeToString(payload.getBytes())
            + "."
            + url.encodeToString(new byte[64]);
    return Files.writeString(Files.createTempFile("mds3", ".jwt"), jws);
  }
}
