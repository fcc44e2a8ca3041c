package dev.authsidecar.webauthn;

import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionsAuthenticatorOutputs;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientOutputs;
import com.webauthn4j.data.extension.client.RegistrationExtensionClientOutput;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the webauthn4j credential record (WebAuthn L3 §4, "credential record") that assertion
 * verification reads, from what the sidecar stored at registration.
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
  AttestedCredentialData attestedCredentialData(StoredCredential credential) {
    return converter.convert(credential.attestedCredentialData());
  }

  /** The bytes stored for {@link #attestedCredentialData}. */
  byte[] encode(AttestedCredentialData credentialData) {
    return converter.convert(credentialData);
  }
}
