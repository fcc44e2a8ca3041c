package dev.authsidecar.webauthn;

import static dev.authsidecar.webauthn.WebAuthnScenarioContract.ORIGIN;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.USER;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.assertRejected;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.browser;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.finishRegistration;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.register;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.startAuthentication;
import static dev.authsidecar.webauthn.WebAuthnScenarioContract.startRegistration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.statement.AttestationStatement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.PackedAttestationStatement;
import com.webauthn4j.test.authenticator.webauthn.AttestationStatementRequest;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnModelAuthenticator;
import com.webauthn4j.test.client.RegistrationEmulationOption;
import dev.authsidecar.api.v1.AttestationConveyance;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.config.ConfigException;
import dev.authsidecar.testing.AttestationRoots;
import dev.authsidecar.testing.Races;
import dev.authsidecar.testing.SidecarTestBase;
import dev.authsidecar.testing.TestSidecar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The relying party's policy: when attestation roots or an AAGUID allow list are configured, only
 * attested authenticators register; and the per-user caps on credentials and unfinished
 * registrations, decided by the database across replicas.
 */
public abstract class WebAuthnPolicyContract extends SidecarTestBase {
  /** The model the webauthn4j-test emulators claim. */
  static final UUID EMULATOR_AAGUID = AAGUID.ZERO.getValue();

  // --- attestation policy -------------------------------------------------------------------

  @Test
  void register_withTrustAnchors_refusesNoneAttestation() throws Exception {
    try (TestSidecar attested = sidecar(policy(Set.of(), Set.of(), true, false))) {
      assertAttestationRefused(
          attested,
          AttestationConveyance.ATTESTATION_CONVEYANCE_NONE,
          new NoneAttestationAuthenticator());
    }
  }

  @Test
  void register_withMds3Blob_refusesNoneAttestation() throws Exception {
    try (TestSidecar attested = sidecar(policy(Set.of(), Set.of(), false, true))) {
      assertAttestationRefused(
          attested,
          AttestationConveyance.ATTESTATION_CONVEYANCE_NONE,
          new NoneAttestationAuthenticator());
    }
  }

  @Test
  void register_withAaguidAllowList_refusesNoneAttestationClaimingAnAllowedAaguid()
      throws Exception {
    UUID allowed = UUID.randomUUID();
    try (TestSidecar attested = sidecar(policy(Set.of(allowed), Set.of(), true, false))) {
      assertAttestationRefused(
          attested,
          AttestationConveyance.ATTESTATION_CONVEYANCE_NONE,
          new NoneAttestationAuthenticator(new AAGUID(allowed), 0, true, new ObjectConverter()));
    }
  }

  @Test
  void register_withAaguidAllowList_refusesSelfAttestationClaimingAnAllowedAaguid()
      throws Exception {
    try (TestSidecar attested = sidecar(policy(Set.of(EMULATOR_AAGUID), Set.of(), true, false))) {
      assertAttestationRefused(
          attested,
          AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT,
          new SelfAttestingAuthenticator());
    }
  }

  @Test
  void register_withoutPolicy_stillAcceptsSelfAttestation() throws Exception {
    FinishRegistrationResponse registered =
        register(
            sidecar,
            USER,
            browser(new SelfAttestingAuthenticator()),
            AttestationConveyance.ATTESTATION_CONVEYANCE_DIRECT);

    assertThat(registered.getResult())
        .as(registered.getReason())
        .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
  }

  @Test
  void startRegistration_withAttestationPolicy_asksForDirectAttestationWhateverTheRequestSays()
      throws Exception {
    try (TestSidecar attested = sidecar(policy(Set.of(EMULATOR_AAGUID), Set.of(), true, false))) {
      StartRegistrationResponse started =
          startRegistration(attested, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
      assertThat(started.getOptionsJson()).contains("\"attestation\":\"direct\"");

      FinishRegistrationResponse registered =
          finishRegistration(attested, started, browser("packed").create(started.getOptionsJson()));

      assertThat(registered.getResult())
          .as(registered.getReason())
          .isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  @Test
  void register_withAaguidAllowList_refusesAnAttestedModelNotOnTheList() throws Exception {
    try (TestSidecar attested = sidecar(policy(Set.of(UUID.randomUUID()), Set.of(), true, false))) {
      FinishRegistrationResponse registered =
          register(
              attested, USER, browser("packed"), AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

      assertRejected(registered, "aaguid:");
    }
  }

  @Test
  void sidecar_refusesToStartWithAnAaguidAllowListButNoAttestationRoots() {
    RelyingParty allowOnly = policy(Set.of(EMULATOR_AAGUID), Set.of(), false, false);

    assertThatThrownBy(() -> sidecar(allowOnly))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AUTHSIDECAR_WEBAUTHN_AAGUID_ALLOW:");
  }

  @Test
  void register_aaguidDenyListAlone_isABestEffortFilterThatStillAcceptsNoneAttestation()
      throws Exception {
    UUID denied = UUID.randomUUID();
    try (TestSidecar filtered = sidecar(policy(Set.of(), Set.of(denied), false, false))) {
      FinishRegistrationResponse other =
          register(
              filtered,
              USER,
              browser(new NoneAttestationAuthenticator()),
              AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
      FinishRegistrationResponse deniedModel =
          register(
              filtered,
              USER,
              browser(
                  new NoneAttestationAuthenticator(
                      new AAGUID(denied), 0, true, new ObjectConverter())),
              AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

      assertThat(other.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
      assertRejected(deniedModel, "aaguid:");
    }
  }

  // --- per-user caps ------------------------------------------------------------------------

  @Test
  void startRegistration_refusesPastTheCredentialCap() {
    registerKeys(RelyingParty.MAX_CREDENTIALS_PER_USER);

    assertResourceExhausted(
        () -> startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE),
        RelyingParty.MAX_CREDENTIALS_PER_USER);
    assertThat(factorCount()).isEqualTo(RelyingParty.MAX_CREDENTIALS_PER_USER);
  }

  @Test
  void finishRegistration_refusesPastTheCredentialCapWhenStartedBelowIt() {
    registerKeys(RelyingParty.MAX_CREDENTIALS_PER_USER - 1);
    StartRegistrationResponse first =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    StartRegistrationResponse second =
        startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    FinishRegistrationResponse accepted =
        finishRegistration(
            sidecar,
            first,
            browser(new NoneAttestationAuthenticator()).create(first.getOptionsJson()));
    String late = browser(new NoneAttestationAuthenticator()).create(second.getOptionsJson());

    assertThat(accepted.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    assertResourceExhausted(
        () -> finishRegistration(sidecar, second, late), RelyingParty.MAX_CREDENTIALS_PER_USER);
    assertThat(factorCount()).isEqualTo(RelyingParty.MAX_CREDENTIALS_PER_USER);
  }

  @Test
  void finishRegistration_twoReplicasRacingPastTheCapStoreOnlyOne() throws Exception {
    registerKeys(RelyingParty.MAX_CREDENTIALS_PER_USER - 1);
    List<String> outcomes;
    try (TestSidecar replicaB = TestSidecar.start(database.config(), clock)) {
      StartRegistrationResponse onA =
          startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
      StartRegistrationResponse onB =
          startRegistration(replicaB, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
      String credentialA = browser(new NoneAttestationAuthenticator()).create(onA.getOptionsJson());
      String credentialB = browser(new NoneAttestationAuthenticator()).create(onB.getOptionsJson());

      outcomes =
          Races.race(
              () -> outcome(() -> finishRegistration(sidecar, onA, credentialA)),
              () -> outcome(() -> finishRegistration(replicaB, onB, credentialB)));
    }

    assertThat(outcomes).containsExactlyInAnyOrder("VERIFY_RESULT_ACCEPTED", "RESOURCE_EXHAUSTED");
    assertThat(factorCount()).isEqualTo(RelyingParty.MAX_CREDENTIALS_PER_USER);
  }

  @Test
  void startRegistration_refusesPastThePendingRegistrationCapUntilOneExpires() {
    for (int i = 0; i < RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER; i++) {
      startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    }

    assertResourceExhausted(
        () -> startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE),
        RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER);
    // Another user is not affected.
    startRegistration(sidecar, "bob", AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);

    clock.advance(RelyingParty.LOCALHOST.ceremonyTtl());
    assertThat(
            startRegistration(sidecar, USER, AttestationConveyance.ATTESTATION_CONVEYANCE_NONE)
                .getCeremonyId())
        .isNotEmpty();
  }

  @Test
  void startRegistration_finishedCeremoniesFreeTheirPendingSlot() {
    for (int i = 0; i < RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER + 2; i++) {
      register(
          sidecar,
          USER,
          browser(new NoneAttestationAuthenticator()),
          AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    }

    assertThat(factorCount()).isEqualTo(RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER + 2);
  }

  @Test
  void startAuthentication_isNotCappedPerUser() {
    // Anyone who knows a user name can start a sign-in; a per-user cap would let them block the
    // user's own sign-in, so authentication ceremonies are bounded by their TTL instead.
    register(
        sidecar,
        USER,
        browser(new NoneAttestationAuthenticator()),
        AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
    for (int i = 0; i < RelyingParty.MAX_PENDING_REGISTRATIONS_PER_USER * 3; i++) {
      startAuthentication(sidecar, USER);
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private void registerKeys(int count) {
    for (int i = 0; i < count; i++) {
      FinishRegistrationResponse registered =
          register(
              sidecar,
              USER,
              browser(new NoneAttestationAuthenticator()),
              AttestationConveyance.ATTESTATION_CONVEYANCE_NONE);
      assertThat(registered.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    }
  }

  private int factorCount() {
    return sidecar
        .account()
        .getStatus(GetStatusRequest.newBuilder().setUserId(USER).build())
        .getFactorsCount();
  }

  private static void assertResourceExhausted(Runnable call, int limit) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .startsWith("user_id:")
                  .contains(Integer.toString(limit));
            });
  }

  /**
   * Registers {@code authenticator}'s credential on a ceremony asking for {@code attestation}: it
   * is refused for its attestation, nothing is stored and the ceremony is spent.
   */
  private void assertAttestationRefused(
      TestSidecar on, AttestationConveyance attestation, WebAuthnModelAuthenticator authenticator) {
    StartRegistrationResponse started = startRegistration(on, USER, attestation);
    String credential = browser(authenticator).create(started.getOptionsJson());

    FinishRegistrationResponse registered = finishRegistration(on, started, credential);

    assertRejected(registered, "attestation:");
    assertNothingStoredAndCeremonySpent(on, started, credential);
  }

  private void assertNothingStoredAndCeremonySpent(
      TestSidecar on, StartRegistrationResponse started, String credential) {
    assertThat(
            on.account()
                .getStatus(GetStatusRequest.newBuilder().setUserId(USER).build())
                .getFactorsList())
        .isEmpty();
    assertThat(finishRegistration(on, started, credential).getResult())
        .isEqualTo(VerifyResult.VERIFY_RESULT_REPLAYED);
  }

  private static String outcome(Callable<FinishRegistrationResponse> call) throws Exception {
    try {
      return call.call().getResult().name();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  private TestSidecar sidecar(RelyingParty rp) {
    return TestSidecar.start(TestSidecar.config(database.config()).withWebauthn(rp), clock);
  }

  /** A relying party with the emulators' roots as PEM anchors and/or an MDS3 BLOB. */
  private static RelyingParty policy(
      Set<UUID> allow, Set<UUID> deny, boolean pemRoots, boolean mds3) {
    try {
      return new RelyingParty(
          "localhost",
          "test",
          Set.of(ORIGIN),
          Duration.ofMinutes(5),
          allow,
          deny,
          false,
          pemRoots
              ? Optional.of(AttestationRoots.pemFile(AttestationRoots.emulatorRoots()))
              : Optional.empty(),
          mds3 ? Optional.of(AttestationRoots.mds3Blob("FIDO_CERTIFIED_L1")) : Optional.empty());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A packed authenticator that uses self attestation (WebAuthn L3 §8.2: no x5c, signed with the
   * credential's own key): it proves nothing about the model, whatever AAGUID it claims.
   */
  static final class SelfAttestingAuthenticator extends PackedAuthenticator {
    @Override
    public AttestationStatement createAttestationStatement(
        AttestationStatementRequest request, RegistrationEmulationOption option) {
      try {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(request.getCredentialKeyPair().getPrivateKey());
        signer.update(request.getSignedData());
        return new PackedAttestationStatement(COSEAlgorithmIdentifier.ES256, signer.sign(), null);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
