package dev.authsidecar.webauthn;

import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionsAuthenticatorOutputs;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientOutputs;
import com.webauthn4j.data.extension.client.RegistrationExtensionClientOutput;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Between the sidecar's stored credentials and webauthn4j: the credential record to store for a
 * verified registration, and the webauthn4j credential record (WebAuthn L3 §4) that assertion
 * verification reads, built from what was stored.
 */
final class CredentialRecords {
  /**
   * The sidecar keeps no attestation statement: trust in it was decided once, at registration (§7.1
   * step 24). Assertion verification does not read it.
   */
  private static final NoneAttestationStatement ATTESTATION_NOT_KEPT =
      new NoneAttestationStatement();

  /** Registration's authenticator extension outputs are not kept; assertions do not read them. */
  private static final AuthenticationExtensionsAuthenticatorOutputs<
          RegistrationExtensionAuthenticatorOutput>
      REGISTRATION_AUTHENTICATOR_EXTENSIONS_NOT_KEPT = null;

  /** Registration's client data is not kept; each assertion brings its own (§7.2 steps 7 to 13). */
  private static final CollectedClientData REGISTRATION_CLIENT_DATA_NOT_KEPT = null;

  /** Registration's client extension outputs are not kept; assertions do not read them. */
  private static final AuthenticationExtensionsClientOutputs<RegistrationExtensionClientOutput>
      REGISTRATION_CLIENT_EXTENSIONS_NOT_KEPT = null;

  private final AttestedCredentialDataConverter converter;

  CredentialRecords(AttestedCredentialDataConverter converter) {
    this.converter = converter;
  }

  /** The stored credential's public key, counter, flags and transports as webauthn4j reads them. */
  CredentialRecord of(StoredCredential credential) {
    AttestedCredentialData credentialData = attestedCredentialData(credential);
    Set<AuthenticatorTransport> transports =
        credential.transports().stream()
            .map(AuthenticatorTransport::create)
            .collect(Collectors.toSet());
    return new CredentialRecordImpl(
        ATTESTATION_NOT_KEPT,
        credential.uvInitialized(),
        credential.backupEligible(),
        credential.backupState(),
        credential.signCount(),
        credentialData,
        REGISTRATION_AUTHENTICATOR_EXTENSIONS_NOT_KEPT,
        REGISTRATION_CLIENT_DATA_NOT_KEPT,
        REGISTRATION_CLIENT_EXTENSIONS_NOT_KEPT,
        transports);
  }

  /** AAGUID, credential id and public key (§6.5.2), decoded from the stored bytes. */
  private AttestedCredentialData attestedCredentialData(StoredCredential credential) {
    return converter.convert(credential.attestedCredentialData());
  }

  /**
   * WebAuthn L3 §7.1 step 27: the credential record to store for a verified registration, as a new
   * factor of {@code userId}.
   */
  StoredCredential newCredential(String userId, String userHandle, RegistrationData data) {
    AuthenticatorData<?> authenticatorData = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData credentialData = authenticatorData.getAttestedCredentialData();
    return new StoredCredential(
        UUID.randomUUID(),
        userId,
        WebAuthnOptions.b64(credentialData.getCredentialId()),
        userHandle,
        converter.convert(credentialData),
        authenticatorData.getSignCount(),
        knownTransports(data.getTransports()),
        credentialData.getAaguid().getValue(),
        data.getAttestationObject().getFormat(),
        authenticatorData.isFlagBE(),
        authenticatorData.isFlagBS(),
        authenticatorData.isFlagUV());
  }

  private static Set<String> knownTransports(Set<AuthenticatorTransport> transports) {
    if (transports == null) {
      return Set.of();
    }
    // Count and length were bounded by CredentialJson; unknown values are dropped here.
    return transports.stream()
        .map(AuthenticatorTransport::getValue)
        .filter(CredentialJson.KNOWN_TRANSPORTS::contains)
        .collect(Collectors.toCollection(HashSet::new));
  }
}
