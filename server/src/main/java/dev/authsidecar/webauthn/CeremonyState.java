package dev.authsidecar.webauthn;

import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.authsidecar.error.InvalidArgumentException;
import dev.authsidecar.error.NotFoundException;
import dev.authsidecar.factor.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A ceremony's life in the store: begun with a fresh challenge, opened by id, spent at most once.
 * What webauthn4j checks the client data against (origins, RP ID, challenge) comes from here too.
 */
final class CeremonyState {
  /** WebAuthn L3 §13.4.3: at least 16 random bytes. */
  private static final int CHALLENGE_BYTES = 32;

  private final WebAuthnStore store;
  private final RelyingParty rp;
  private final Set<Origin> origins;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  CeremonyState(WebAuthnStore store, RelyingParty rp, Clock clock) {
    this.store = store;
    this.rp = rp;
    this.origins = rp.origins().stream().map(Origin::new).collect(Collectors.toSet());
    this.clock = clock;
  }

  /** A new ceremony with a random challenge, valid for the relying party's ceremony TTL. */
  Ceremony begin(
      Ceremony.Kind kind,
      Optional<String> userId,
      Ceremony.Requirement userVerification,
      boolean attested,
      Instant now) {
    byte[] challenge = new byte[CHALLENGE_BYTES];
    random.nextBytes(challenge);
    return new Ceremony(
        UUID.randomUUID(),
        kind,
        userId,
        challenge,
        userVerification,
        attested,
        now,
        now.plus(rp.ceremonyTtl()),
        Optional.empty());
  }

  /** The stored ceremony of that kind; NOT_FOUND or INVALID_ARGUMENT otherwise. */
  Ceremony open(UUID id, Ceremony.Kind kind) {
    Ceremony ceremony =
        store.ceremony(id).orElseThrow(() -> new NotFoundException("ceremony_id", "ceremony"));
    if (ceremony.kind() != kind) {
      throw new InvalidArgumentException(
          "ceremony_id", "is a " + ceremony.kind().name().toLowerCase() + " ceremony");
    }
    return ceremony;
  }

  /**
   * Spends the ceremony; a verdict when it was spent or expired already, with the reason a caller
   * reads in {@link #spentReason}.
   */
  Optional<Verdict> consume(Ceremony ceremony) {
    Instant now = clock.instant();
    if (store.consumeCeremony(ceremony.id(), now)) {
      return Optional.empty();
    }
    Ceremony current = store.ceremony(ceremony.id()).orElse(ceremony);
    return Optional.of(current.usedAt().isPresent() ? Verdict.REPLAYED : Verdict.EXPIRED);
  }

  /** Deletes the ceremonies that expired before {@code cutoff}; how many. */
  int purgeExpired(Instant cutoff) {
    return store.purgeCeremonies(cutoff);
  }

  /** Why a ceremony {@link #consume} refused cannot be finished. */
  static String spentReason(Verdict verdict) {
    return "ceremony_id: " + verdict.name().toLowerCase();
  }

  /**
   * What the client data and authenticator data must match: an allowed origin (L3 §7.1 step 9, §7.2
   * step 12), the RP ID's hash (§7.1 step 13, §7.2 step 14) and this ceremony's challenge (§7.1
   * step 8, §7.2 step 11).
   */
  ServerProperty serverProperty(Ceremony ceremony) {
    return new ServerProperty(origins, rp.id(), new DefaultChallenge(ceremony.challenge()));
  }
}
