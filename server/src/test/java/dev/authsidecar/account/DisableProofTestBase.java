package dev.authsidecar.account;

import static dev.authsidecar.testing.Calls.disableRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DisableProof;
import dev.authsidecar.api.v1.DisableTwoFactorResponse;
import dev.authsidecar.api.v1.Event;
import dev.authsidecar.api.v1.EventType;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.testing.Calls;
import dev.authsidecar.testing.EmulatedBrowser;
import dev.authsidecar.testing.EventTrail;
import dev.authsidecar.testing.FlowTestBase;
import dev.authsidecar.testing.TestSidecar;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The calls of the DisableTwoFactor proof suites: a security key to prove with, and policies. */
abstract class DisableProofTestBase extends FlowTestBase {
  static final String USER = "grace";
  static final String OTHER = "linus";
  private static final String ORIGIN = "http://localhost:8080";

  EmulatedBrowser register(String userId) {
    EmulatedBrowser browser =
        new EmulatedBrowser(
            ORIGIN, new WebAuthnAuthenticatorAdaptor(new NoneAttestationAuthenticator()));
    StartRegistrationResponse started =
        sidecar
            .webauthn()
            .startRegistration(StartRegistrationRequest.newBuilder().setUserId(userId).build());
    FinishRegistrationResponse registered =
        sidecar
            .webauthn()
            .finishRegistration(
                FinishRegistrationRequest.newBuilder()
                    .setCeremonyId(started.getCeremonyId())
                    .setCredentialJson(browser.create(started.getOptionsJson()))
                    .setLabel("Key")
                    .build());
    assertThat(registered.getResult()).isEqualTo(VerifyResult.VERIFY_RESULT_ACCEPTED);
    return browser;
  }

  /** Everything of the user is gone, and one TWO_FACTOR_DISABLED event says by which proof. */
  Event assertDisabledBy(String proof) {
    assertThat(status(USER).getFactorsList()).isEmpty();
    assertThat(status(USER).getRecoveryCodesRemaining()).isZero();
    List<Event> disabled = disabledEvents(USER);
    assertThat(disabled).singleElement();
    assertThat(disabled.get(0).getDetailsMap()).containsEntry("proof", proof);
    return disabled.get(0);
  }

  List<Event> disabledEvents(String userId) {
    return EventTrail.ofType(sidecar.events(), userId, EventType.EVENT_TYPE_TWO_FACTOR_DISABLED);
  }

  /** A second sidecar on the same database whose policy names only {@code proofs}. */
  TestSidecar withProofs(DisableProofKind... proofs) {
    AccountPolicy policy =
        AccountPolicy.DEFAULT.withDisableProofs(Set.copyOf(EnumSet.copyOf(List.of(proofs))));
    return TestSidecar.start(TestSidecar.config(database.config()).withAccount(policy), clock);
  }

  static DisableTwoFactorResponse disable(TestSidecar on, String userId, DisableProof proof) {
    return Calls.disable(on, userId, proof);
  }

  static DisableTwoFactorResponse disable(
      AccountServiceGrpc.AccountServiceBlockingStub stub, String userId, DisableProof proof) {
    return stub.disableTwoFactor(disableRequest(userId, proof));
  }
}
