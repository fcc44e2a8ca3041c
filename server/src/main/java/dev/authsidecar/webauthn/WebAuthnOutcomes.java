package dev.authsidecar.webauthn;

import com.webauthn4j.data.AttestationConveyancePreference;
import dev.authsidecar.factor.FactorInfo;
import dev.authsidecar.factor.Verdict;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What the WebAuthn ceremonies answer. */
public final class WebAuthnOutcomes {
  private WebAuthnOutcomes() {}

  /** A started ceremony: relay optionsJson to the browser. */
  public record Started(UUID ceremonyId, String optionsJson, Instant expiresAt) {}

  /** A registration; factor is present when ACCEPTED, reason says why when REJECTED. */
  public record Registration(Verdict verdict, Optional<FactorInfo> factor, String reason) {
    static Registration refused(Verdict verdict, String reason) {
      return new Registration(verdict, Optional.empty(), reason);
    }
  }

  /** An authentication; userId and factorId are present when ACCEPTED. */
  public record Authentication(
      Verdict verdict,
      Optional<String> userId,
      Optional<UUID> factorId,
      boolean userVerified,
      String reason) {
    static Authentication refused(Verdict verdict, String reason) {
      return new Authentication(verdict, Optional.empty(), Optional.empty(), false, reason);
    }
  }

  /** A validated StartRegistration request. */
  public record RegistrationRequest(
      String userId,
      String userName,
      String displayName,
      Ceremony.Requirement residentKey,
      Ceremony.Requirement userVerification,
      AttestationConveyancePreference attestation,
      Optional<String> attachment) {}
}
