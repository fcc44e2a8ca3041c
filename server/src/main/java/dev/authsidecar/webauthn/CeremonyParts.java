package dev.authsidecar.webauthn;

import dev.authsidecar.events.EventLog;
import java.time.Clock;

/**
 * What the registration and the authentication ceremony are both built from, wired once by {@link
 * WebAuthnCeremonies}.
 *
 * @param state the ceremonies' challenges and their spending
 * @param options the options JSON handed to the browser
 * @param json the credential_json the browser answers, checked and read
 * @param records between stored credentials and webauthn4j's credential records
 */
record CeremonyParts(
    WebAuthnStore store,
    EventLog events,
    CeremonyState state,
    WebAuthnOptions options,
    CredentialJson json,
    CredentialRecords records,
    Clock clock) {}
