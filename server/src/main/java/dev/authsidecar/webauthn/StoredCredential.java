package dev.authsidecar.webauthn;

import java.util.Set;
import java.util.UUID;

/**
 * A registered credential as verification needs it.
 *
 * @param credentialId base64url of the credential id
 * @param userHandle base64url of the user handle the credential was created for
 * @param attestedCredentialData AAGUID, credential id and public key (WebAuthn L3 §6.5.2)
 */
public record StoredCredential(
    UUID factorId,
    String userId,
    String credentialId,
    String userHandle,
    byte[] attestedCredentialData,
    long signCount,
    Set<String> transports,
    UUID aaguid,
    String attestationFormat,
    boolean backupEligible,
    boolean backupState,
    boolean uvInitialized) {}
