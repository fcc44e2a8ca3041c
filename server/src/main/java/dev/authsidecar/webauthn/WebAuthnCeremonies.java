package dev.authsidecar.webauthn;

import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Authentication;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Registration;
import dev.authsidecar.webauthn.WebAuthnOutcomes.RegistrationRequest;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * README, Flows, 3 (security keys and passkeys): WebAuthn registration (L3 §7.1, {@link
 * RegistrationCeremony}) and authentication (L3 §7.2, {@link AuthenticationCeremony}). Step numbers
 * are those of the Level 3 text in which §7.2 step 22 is the signature counter.
 *
 * <p><b>webauthn4j</b> performs the checks of the response itself: §7.1 steps 5 to 9, 11 to 16, 19
 * and 21 to 25 (client data type, challenge and origin; RP ID hash; user presence and verification;
 * BE/BS consistency; algorithm; attestation format, statement and trust chain; credential id
 * length), and §7.2 steps 5, 7 to 12, 14 to 17, 20 and 21 (allowCredentials, client data, RP ID
 * hash, flags, signature), with a first look at step 22 against the counter read before
 * verification.
 *
 * <p><b>The sidecar</b> does the rest:
 *
 * <ul>
 *   <li>§7.1 and §7.2 step 1, the options and the ceremony state: a random challenge stored so any
 *       replica can finish, spent at most once ({@link WebAuthnOptions}, {@link CeremonyState});
 *   <li>the shape of credential_json, checked before a ceremony is spent ({@link CredentialJson});
 *   <li>§7.1 steps 17, 23 and 24, the relying party's policy: which roots attestation must chain
 *       to, refusing "none" and self attestation when it has any, the AAGUID allow and deny lists,
 *       backup eligibility ({@link RegistrationPolicy}, {@link WebAuthnVerifiers});
 *   <li>§7.1 steps 26 and 27, storing the credential record unless its id is registered already;
 *   <li>§7.2 step 6, the owner check, and the step-up rule over it ({@link CredentialOwnership});
 *       the credential record webauthn4j verifies against ({@link CredentialRecords});
 *   <li>§7.2 steps 22 and 24, the signature counter decision and the record's update, made by the
 *       database so two replicas cannot both accept a clone ({@link SignatureCounter}).
 * </ul>
 */
public final class WebAuthnCeremonies {
  private final CeremonyState ceremonies;
  private final RegistrationCeremony registration;
  private final AuthenticationCeremony authentication;

  public WebAuthnCeremonies(WebAuthnStore store, EventLog events, RelyingParty rp, Clock clock) {
    ObjectConverter converter = new ObjectConverter();
    WebAuthnVerifiers verifiers = new WebAuthnVerifiers(rp, converter);
    this.ceremonies = new CeremonyState(store, rp, clock);
    CeremonyParts parts =
        new CeremonyParts(
            store,
            events,
            ceremonies,
            new WebAuthnOptions(converter.getJsonMapper(), rp),
            new CredentialJson(converter),
            new CredentialRecords(new AttestedCredentialDataConverter(converter)),
            clock);
    this.registration = new RegistrationCeremony(parts, new RegistrationPolicy(rp, verifiers));
    this.authentication = new AuthenticationCeremony(parts, verifiers.none());
  }

  public Started startRegistration(RegistrationRequest request) {
    return registration.start(request);
  }

  public Registration finishRegistration(UUID ceremonyId, String credentialJson, String label) {
    return registration.finish(ceremonyId, credentialJson, label);
  }

  public Started startAuthentication(
      Optional<String> userId, Ceremony.Requirement userVerification) {
    return authentication.start(userId, userVerification);
  }

  public Authentication finishAuthentication(UUID ceremonyId, String credentialJson) {
    return authentication.finish(ceremonyId, credentialJson, Optional.empty());
  }

  /**
   * Finishes an authentication that must prove {@code userId}, as a step-up proof (e.g. to disable
   * 2FA): verified exactly as {@link #finishAuthentication}, and refused (REJECTED) when the
   * ceremony was started for another user or the credential belongs to another user. A ceremony
   * started for another user is left unspent; in every other case the ceremony is consumed.
   */
  public Authentication finishAuthenticationOf(
      String userId, UUID ceremonyId, String credentialJson) {
    return authentication.finish(ceremonyId, credentialJson, Optional.of(userId));
  }

  public int purgeExpired(Instant cutoff) {
    return ceremonies.purgeExpired(cutoff);
  }
}
