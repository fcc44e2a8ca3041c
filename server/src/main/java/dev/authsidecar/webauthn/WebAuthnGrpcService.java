package dev.authsidecar.webauthn;

import com.webauthn4j.data.AttestationConveyancePreference;
import dev.authsidecar.api.v1.AttestationConveyance;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishAuthenticationResponse;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.FinishRegistrationResponse;
import dev.authsidecar.api.v1.ResidentKeyRequirement;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartAuthenticationResponse;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.StartRegistrationResponse;
import dev.authsidecar.api.v1.UserVerificationRequirement;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.factor.Protos;
import dev.authsidecar.validation.Fields;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Authentication;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Registration;
import dev.authsidecar.webauthn.WebAuthnOutcomes.RegistrationRequest;
import dev.authsidecar.webauthn.WebAuthnOutcomes.Started;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** WebAuthnService: validates requests, runs the ceremonies, shapes the answers. */
public final class WebAuthnGrpcService extends WebAuthnServiceGrpc.WebAuthnServiceImplBase {
  private final WebAuthnCeremonies ceremonies;

  public WebAuthnGrpcService(WebAuthnCeremonies ceremonies) {
    this.ceremonies = ceremonies;
  }

  @Override
  public void startRegistration(
      StartRegistrationRequest request, StreamObserver<StartRegistrationResponse> response) {
    String userId = Fields.userId(request.getUserId());
    String userName =
        request.getUserName().isBlank()
            ? userId
            : Fields.required("user_name", request.getUserName().strip(), Fields.MAX_NAME);
    String displayName =
        request.getUserDisplayName().isBlank()
            ? userName
            : Fields.required(
                "user_display_name", request.getUserDisplayName().strip(), Fields.MAX_NAME);
    Started started =
        ceremonies.startRegistration(
            new RegistrationRequest(
                userId,
                userName,
                displayName,
                residentKey(request.getResidentKey()),
                userVerification("user_verification", request.getUserVerification()),
                attestation(request.getAttestation()),
                attachment(request)));
    response.onNext(
        StartRegistrationResponse.newBuilder()
            .setCeremonyId(started.ceremonyId().toString())
            .setOptionsJson(started.optionsJson())
            .setExpiresAt(Protos.timestamp(started.expiresAt()))
            .build());
    response.onCompleted();
  }

  @Override
  public void finishRegistration(
      FinishRegistrationRequest request, StreamObserver<FinishRegistrationResponse> response) {
    var ceremonyId = Fields.uuid("ceremony_id", request.getCeremonyId());
    String label = Fields.label("label", request.getLabel(), "Security key");
    Registration outcome =
        ceremonies.finishRegistration(ceremonyId, request.getCredentialJson(), label);
    var out =
        FinishRegistrationResponse.newBuilder()
            .setResult(Protos.verifyResult(outcome.verdict()))
            .setReason(outcome.reason());
    outcome.factor().ifPresent(f -> out.setFactor(Protos.factor(f)));
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void startAuthentication(
      StartAuthenticationRequest request, StreamObserver<StartAuthenticationResponse> response) {
    Optional<String> userId =
        request.getUserId().isEmpty()
            ? Optional.empty()
            : Optional.of(Fields.userId(request.getUserId()));
    Started started =
        ceremonies.startAuthentication(
            userId, userVerification("user_verification", request.getUserVerification()));
    response.onNext(
        StartAuthenticationResponse.newBuilder()
            .setCeremonyId(started.ceremonyId().toString())
            .setOptionsJson(started.optionsJson())
            .setExpiresAt(Protos.timestamp(started.expiresAt()))
            .build());
    response.onCompleted();
  }

  @Override
  public void finishAuthentication(
      FinishAuthenticationRequest request, StreamObserver<FinishAuthenticationResponse> response) {
    var ceremonyId = Fields.uuid("ceremony_id", request.getCeremonyId());
    Authentication outcome =
        ceremonies.finishAuthentication(ceremonyId, request.getCredentialJson());
    var out =
        FinishAuthenticationResponse.newBuilder()
            .setResult(Protos.verifyResult(outcome.verdict()))
            .setUserVerified(outcome.userVerified())
            .setReason(outcome.reason());
    outcome.userId().ifPresent(out::setUserId);
    outcome.factorId().ifPresent(id -> out.setFactorId(id.toString()));
    response.onNext(out.build());
    response.onCompleted();
  }

  private static Ceremony.Requirement residentKey(ResidentKeyRequirement value) {
    return switch (value) {
      case RESIDENT_KEY_REQUIREMENT_UNSPECIFIED, RESIDENT_KEY_REQUIREMENT_PREFERRED ->
          Ceremony.Requirement.PREFERRED;
      case RESIDENT_KEY_REQUIREMENT_DISCOURAGED -> Ceremony.Requirement.DISCOURAGED;
      case RESIDENT_KEY_REQUIREMENT_REQUIRED -> Ceremony.Requirement.REQUIRED;
      case UNRECOGNIZED -> throw new InvalidArgumentException("resident_key", "unknown value");
    };
  }

  private static Ceremony.Requirement userVerification(
      String field, UserVerificationRequirement value) {
    return switch (value) {
      case USER_VERIFICATION_REQUIREMENT_UNSPECIFIED, USER_VERIFICATION_REQUIREMENT_PREFERRED ->
          Ceremony.Requirement.PREFERRED;
      case USER_VERIFICATION_REQUIREMENT_DISCOURAGED -> Ceremony.Requirement.DISCOURAGED;
      case USER_VERIFICATION_REQUIREMENT_REQUIRED -> Ceremony.Requirement.REQUIRED;
      case UNRECOGNIZED -> throw new InvalidArgumentException(field, "unknown value");
    };
  }

  private static AttestationConveyancePreference attestation(AttestationConveyance value) {
    return switch (value) {
      case ATTESTATION_CONVEYANCE_UNSPECIFIED, ATTESTATION_CONVEYANCE_NONE ->
          AttestationConveyancePreference.NONE;
      case ATTESTATION_CONVEYANCE_INDIRECT -> AttestationConveyancePreference.INDIRECT;
      case ATTESTATION_CONVEYANCE_DIRECT -> AttestationConveyancePreference.DIRECT;
      case ATTESTATION_CONVEYANCE_ENTERPRISE -> AttestationConveyancePreference.ENTERPRISE;
      case UNRECOGNIZED -> throw new InvalidArgumentException("attestation", "unknown value");
    };
  }

  private static Optional<String> attachment(StartRegistrationRequest request) {
    return switch (request.getAuthenticatorAttachment()) {
      case AUTHENTICATOR_ATTACHMENT_UNSPECIFIED -> Optional.empty();
      case AUTHENTICATOR_ATTACHMENT_PLATFORM -> Optional.of("platform");
      case AUTHENTICATOR_ATTACHMENT_CROSS_PLATFORM -> Optional.of("cross-platform");
      case UNRECOGNIZED ->
          throw new InvalidArgumentException("authenticator_attachment", "unknown value");
    };
  }
}
