package dev.authsidecar.webauthn;

import com.webauthn4j.anchor.TrustAnchorRepository;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.metadata.LocalFileMetadataBLOBProvider;
import com.webauthn4j.metadata.data.MetadataBLOB;
import com.webauthn4j.metadata.data.MetadataBLOBPayloadEntry;
import com.webauthn4j.metadata.data.toc.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Trust anchors from a FIDO Metadata Service (MDS3) BLOB on local disk. The operator downloads the
 * BLOB (and checks its signature) out of band; the sidecar reads it at start-up.
 *
 * <p>An authenticator model's attestation roots are trusted only while its newest status report
 * says it is FIDO certified: a model whose newest report is REVOKED, a key compromise or anything
 * else is not (FIDO MDS3 §3.1.4, AuthenticatorStatus).
 */
final class Mds3TrustAnchors implements TrustAnchorRepository {
  static final String VARIABLE = "AUTHSIDECAR_WEBAUTHN_MDS3_FILE";

  private final Map<AAGUID, Set<TrustAnchor>> byAaguid = new HashMap<>();
  private final Map<String, Set<TrustAnchor>> byKeyIdentifier = new HashMap<>();

  private Mds3TrustAnchors(MetadataBLOB blob) {
    for (MetadataBLOBPayloadEntry entry : blob.getPayload().getEntries()) {
      if (!certified(entry) || entry.getMetadataStatement() == null) {
        continue;
      }
      Set<TrustAnchor> roots = new HashSet<>();
      entry
          .getMetadataStatement()
          .getAttestationRootCertificates()
          .forEach(root -> roots.add(new TrustAnchor(root, null)));
      if (entry.getAaguid() != null) {
        byAaguid.computeIfAbsent(entry.getAaguid(), k -> new HashSet<>()).addAll(roots);
      }
      if (entry.getAttestationCertificateKeyIdentifiers() != null) {
        entry
            .getAttestationCertificateKeyIdentifiers()
            .forEach(id -> byKeyIdentifier.computeIfAbsent(id, k -> new HashSet<>()).addAll(roots));
      }
    }
  }

  static Mds3TrustAnchors read(Path blob, ObjectConverter converter) {
    if (!Files.isReadable(blob)) {
      throw new RelyingPartyConfigException(VARIABLE, "cannot read " + blob);
    }
    try {
      return new Mds3TrustAnchors(new LocalFileMetadataBLOBProvider(converter, blob).provide());
    } catch (RuntimeException e) {
      throw new RelyingPartyConfigException(
          VARIABLE, "not an MDS3 BLOB (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean certified(MetadataBLOBPayloadEntry entry) {
    if (entry.getStatusReports() == null) {
      return false;
    }
    return entry.getStatusReports().stream()
        .filter(report -> report.getEffectiveDate() != null)
        .max(Comparator.comparing(StatusReport::getEffectiveDate))
        .map(StatusReport::getStatus)
        .map(status -> status.name().startsWith("FIDO_CERTIFIED"))
        .orElse(false);
  }

  @Override
  public Set<TrustAnchor> find(AAGUID aaguid) {
    return byAaguid.getOrDefault(aaguid, Set.of());
  }

  @Override
  public Set<TrustAnchor> find(byte[] attestationCertificateKeyIdentifier) {
    return byKeyIdentifier.getOrDefault(
        HexFormat.of().formatHex(attestationCertificateKeyIdentifier), Set.of());
  }
}
