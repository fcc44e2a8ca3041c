package dev.authsidecar.webauthn;

import java.util.Optional;

/**
 * Whose credential answered, and whether it may answer this ceremony: WebAuthn L3 §7.2 step 6, and
 * the step-up rule on top of it (a proof of one user, e.g. to disable 2FA, is never made with
 * another user's ceremony or credential). Each check answers the refusal reason, or empty.
 */
final class CredentialOwnership {
  static final String ANOTHER_USERS_CEREMONY = "ceremony_id: started for another user";
  static final String ANOTHER_USERS_CREDENTIAL = "credential: belongs to another user";
  static final String USER_HANDLE_MISMATCH = "user_handle: does not match the credential's user";

  private CredentialOwnership() {}

  /** Step-up: the ceremony, when started for a user, was started for {@code provingUser}. */
  static Optional<String> ceremonyOfAnotherUser(Ceremony ceremony, Optional<String> provingUser) {
    if (provingUser.isPresent()
        && ceremony.userId().isPresent()
        && !ceremony.userId().equals(provingUser)) {
      return Optional.of(ANOTHER_USERS_CEREMONY);
    }
    return Optional.empty();
  }

  /** Step-up: the credential, when registered here, is one of {@code provingUser}'s. */
  static Optional<String> credentialOfAnotherUser(
      Optional<StoredCredential> credential, Optional<String> provingUser) {
    if (provingUser.isPresent()
        && credential.isPresent()
        && !credential.get().userId().equals(provingUser.get())) {
      return Optional.of(ANOTHER_USERS_CREDENTIAL);
    }
    return Optional.empty();
  }

  /**
   * WebAuthn L3 §7.2 step 6: the credential must belong to the user being authenticated. When the
   * ceremony was started for a user, that user; in the discoverable flow, the user the response's
   * user handle names, which must be the handle the credential was created for.
   *
   * @param userHandle base64url of response.userHandle, empty when the authenticator sent none
   */
  static Optional<String> notTheUsers(
      Ceremony ceremony, StoredCredential credential, Optional<String> userHandle) {
    if (ceremony.userId().isPresent()) {
      return ceremony.userId().get().equals(credential.userId())
          ? Optional.empty()
          : Optional.of(ANOTHER_USERS_CREDENTIAL);
    }
    return userHandle.filter(credential.userHandle()::equals).isPresent()
        ? Optional.empty()
        : Optional.of(USER_HANDLE_MISMATCH);
  }
}
