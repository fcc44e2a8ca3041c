package dev.authsidecar.webauthn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The WebAuthn relying party the sidecar verifies for.
 *
 * @param origins every origin a ceremony may come from, e.g. https://login.example.com
 * @param aaguidAllow when not empty, only authenticators of these models may register; needs
 *     trustAnchors or metadataBlob, since only an attested AAGUID is checked against it
 * @param aaguidDeny authenticator models that may never register; alone, a best-effort filter over
 *     the AAGUID the authenticator claims
 * @param refuseBackupEligible refuse credentials that can be synced between devices
 * @param trustAnchors PEM certificates that attestation chains must end in; when this or
 *     metadataBlob is set, every registration must carry such an attestation ("none" and self
 *     attestation are refused)
 * @param metadataBlob a FIDO Metadata Service (MDS3) BLOB, downloaded by the operator: the roots of
 *     FIDO-certified, not revoked authenticator models become trust anchors too. Without either,
 *     attestation statements are verified but their chains are not
 */
public record RelyingParty(
    String id,
    String name,
    Set<String> origins,
    Duration ceremonyTtl,
    Set<UUID> aaguidAllow,
    Set<UUID> aaguidDeny,
    boolean refuseBackupEligible,
    Optional<Path> trustAnchors,
    Optional<Path> metadataBlob) {

  /**
   * The most WebAuthn credentials one user may hold (security keys, passkeys): far above real use,
   * and a bound on the rows and on the excludeCredentials/allowCredentials lists of the options.
   */
  public static final int MAX_CREDENTIALS_PER_USER = 20;

  /**
   * The most unfinished, unexpired registrations one user may have started. Authentication
   * ceremonies have no per-user cap: anyone who knows a user name can start one, so a cap would let
   * them block that user's sign-in; they are bounded by the ceremony TTL instead.
   */
  public static final int MAX_PENDING_REGISTRATIONS_PER_USER = 5;

  public static final RelyingParty LOCALHOST =
      new RelyingParty(
          "localhost",
          "authsidecar",
          Set.of("http://localhost:8080"),
          Duration.ofMinutes(5),
          Set.of(),
          Set.of(),
          false,
          Optional.empty(),
          Optional.empty());

  public RelyingParty {
    origins = Set.copyOf(origins);
    aaguidAllow = Set.copyOf(aaguidAllow);
    aaguidDeny = Set.copyOf(aaguidDeny);
  }
}
