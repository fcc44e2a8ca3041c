package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.FACTORS;
import static dev.authsidecar.store.jooq.Tables.WEBAUTHN_CEREMONIES;
import static dev.authsidecar.store.jooq.Tables.WEBAUTHN_CREDENTIALS;
import static dev.authsidecar.store.jooq.Tables.WEBAUTHN_USER_HANDLES;

import dev.authsidecar.error.LimitExceededException;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.factor.FactorType;
import dev.authsidecar.store.jooq.tables.records.WebauthnCeremoniesRecord;
import dev.authsidecar.webauthn.Ceremony;
import dev.authsidecar.webauthn.StoredCredential;
import dev.authsidecar.webauthn.WebAuthnStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.exception.IntegrityConstraintViolationException;

/** WebAuthn credentials, user handles and ceremonies in PostgreSQL or H2. */
public final class JooqWebAuthnStore implements WebAuthnStore {
  private final DSLContext dsl;
  private final SecureRandom random = new SecureRandom();

  public JooqWebAuthnStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public String userHandle(String userId, Instant now) {
    Optional<String> existing = handleOf(userId);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] handle = new byte[32];
    random.nextBytes(handle);
    try {
      dsl.insertInto(WEBAUTHN_USER_HANDLES)
          .set(WEBAUTHN_USER_HANDLES.USER_ID, userId)
          .set(
              WEBAUTHN_USER_HANDLES.USER_HANDLE,
              Base64.getUrlEncoder().withoutPadding().encodeToString(handle))
          .onConflictDoNothing()
          .execute();
    } catch (IntegrityConstraintViolationException e) {
      // H2's emulated ON CONFLICT can lose a race; the winner's row is read below.
    }
    // Another replica may have won the insert: its handle is the one.
    return handleOf(userId).orElseThrow();
  }

  private Optional<String> handleOf(String userId) {
    return dsl.select(WEBAUTHN_USER_HANDLES.USER_HANDLE)
        .from(WEBAUTHN_USER_HANDLES)
        .where(WEBAUTHN_USER_HANDLES.USER_ID.eq(userId))
        .fetchOptional(WEBAUTHN_USER_HANDLES.USER_HANDLE);
  }

  @Override
  public List<StoredCredential> credentials(String userId) {
    return credentialRows()
        .where(FACTORS.USER_ID.eq(userId))
        .orderBy(FACTORS.CREATED_AT, FACTORS.ID)
        .fetch(JooqWebAuthnStore::toCredential);
  }

  @Override
  public Optional<StoredCredential> credential(String credentialId) {
    return credentialRows()
        .where(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID.eq(credentialId))
        .fetchOptional(JooqWebAuthnStore::toCredential);
  }

  /** Credential rows with their owner, as {@link #toCredential} reads them. */
  private SelectOnConditionStep<Record> credentialRows() {
    return dsl.select(FACTORS.USER_ID, WEBAUTHN_CREDENTIALS.asterisk())
        .from(WEBAUTHN_CREDENTIALS)
        .join(FACTORS)
        .on(FACTORS.ID.eq(WEBAUTHN_CREDENTIALS.FACTOR_ID));
  }

  @Override
  public void addCeremony(Ceremony c) {
    insertCeremony(dsl, c);
  }

  @Override
  public void addRegistration(Ceremony c, int maxCredentials, int maxPending) {
    String userId = c.userId().orElseThrow();
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          // Counted with the user's row locked: two replicas cannot both pass a cap.
          Accounts.lock(db, userId, c.createdAt());
          refuseAtCredentialCap(db, userId, maxCredentials);
          int pending =
              db.fetchCount(
                  WEBAUTHN_CEREMONIES,
                  WEBAUTHN_CEREMONIES
                      .USER_ID
                      .eq(userId)
                      .and(WEBAUTHN_CEREMONIES.KIND.eq(Ceremony.Kind.REGISTRATION.name()))
                      .and(WEBAUTHN_CEREMONIES.USED_AT.isNull())
                      .and(WEBAUTHN_CEREMONIES.EXPIRES_AT.gt(c.createdAt())));
          if (pending >= maxPending) {
            throw new LimitExceededException(
                "user_id",
                "at most "
                    + maxPending
                    + " unfinished WebAuthn registrations per user; finish one or let it expire");
          }
          insertCeremony(db, c);
        });
  }

  private static void insertCeremony(DSLContext db, Ceremony c) {
    db.insertInto(WEBAUTHN_CEREMONIES)
        .set(WEBAUTHN_CEREMONIES.ID, c.id())
        .set(WEBAUTHN_CEREMONIES.KIND, c.kind().name())
        .set(WEBAUTHN_CEREMONIES.USER_ID, c.userId().orElse(null))
        .set(WEBAUTHN_CEREMONIES.CHALLENGE, c.challenge())
        .set(WEBAUTHN_CEREMONIES.USER_VERIFICATION, c.userVerification().name())
        .set(WEBAUTHN_CEREMONIES.ATTESTATION, c.attested() ? "VERIFIED" : "NONE")
        .set(WEBAUTHN_CEREMONIES.CREATED_AT, c.createdAt())
        .set(WEBAUTHN_CEREMONIES.EXPIRES_AT, c.expiresAt())
        .execute();
  }

  @Override
  public Optional<Ceremony> ceremony(UUID id) {
    return dsl.selectFrom(WEBAUTHN_CEREMONIES)
        .where(WEBAUTHN_CEREMONIES.ID.eq(id))
        .fetchOptional()
        .map(JooqWebAuthnStore::toCeremony);
  }

  @Override
  public boolean consumeCeremony(UUID id, Instant now) {
    // The decision: a challenge is answered at most once, whichever replica gets it.
    return dsl.update(WEBAUTHN_CEREMONIES)
            .set(WEBAUTHN_CEREMONIES.USED_AT, now)
            .where(WEBAUTHN_CEREMONIES.ID.eq(id))
            .and(WEBAUTHN_CEREMONIES.USED_AT.isNull())
            .and(WEBAUTHN_CEREMONIES.EXPIRES_AT.gt(now))
            .execute()
        == 1;
  }

  @Override
  public boolean addCredential(
      StoredCredential c, String label, Instant now, EventDraft event, int maxCredentials) {
    try {
      dsl.transaction(
          tx -> {
            DSLContext db = tx.dsl();
            Accounts.lock(db, c.userId(), now);
            refuseAtCredentialCap(db, c.userId(), maxCredentials);
            db.insertInto(FACTORS)
                .set(FACTORS.ID, c.factorId())
                .set(FACTORS.USER_ID, c.userId())
                .set(FACTORS.TYPE, FactorType.WEBAUTHN.name())
                .set(FACTORS.LABEL, label)
                .set(FACTORS.CREATED_AT, now)
                .execute();
            db.insertInto(WEBAUTHN_CREDENTIALS)
                .set(WEBAUTHN_CREDENTIALS.FACTOR_ID, c.factorId())
                .set(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID, c.credentialId())
                .set(WEBAUTHN_CREDENTIALS.USER_HANDLE, c.userHandle())
                .set(WEBAUTHN_CREDENTIALS.ATTESTED_CREDENTIAL_DATA, c.attestedCredentialData())
                .set(WEBAUTHN_CREDENTIALS.SIGN_COUNT, c.signCount())
                .set(
                    WEBAUTHN_CREDENTIALS.TRANSPORTS,
                    String.join(",", new TreeSet<>(c.transports())))
                .set(WEBAUTHN_CREDENTIALS.AAGUID, c.aaguid())
                .set(WEBAUTHN_CREDENTIALS.ATTESTATION_FORMAT, c.attestationFormat())
                .set(WEBAUTHN_CREDENTIALS.BACKUP_ELIGIBLE, c.backupEligible())
                .set(WEBAUTHN_CREDENTIALS.BACKUP_STATE, c.backupState())
                .set(WEBAUTHN_CREDENTIALS.UV_INITIALIZED, c.uvInitialized())
                .execute();
            db.update(ACCOUNTS)
                .set(ACCOUNTS.MUST_ENROLL, false)
                .where(ACCOUNTS.USER_ID.eq(c.userId()))
                .execute();
            Accounts.factorAdded(db, c.userId());
            JooqEventStore.insert(db, event, now);
          });
      return true;
    } catch (IntegrityConstraintViolationException e) {
      // credential_id is unique: the same authenticator credential cannot be registered twice.
      return false;
    }
  }

  @Override
  public boolean recordAssertion(
      UUID factorId, long signCount, boolean backupState, Instant now, EventDraft event) {
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          int recorded =
              db.update(WEBAUTHN_CREDENTIALS)
                  .set(WEBAUTHN_CREDENTIALS.SIGN_COUNT, signCount)
                  .set(WEBAUTHN_CREDENTIALS.BACKUP_STATE, backupState)
                  .where(WEBAUTHN_CREDENTIALS.FACTOR_ID.eq(factorId))
                  .and(
                      WEBAUTHN_CREDENTIALS
                          .SIGN_COUNT
                          .lt(signCount)
                          .or(
                              WEBAUTHN_CREDENTIALS
                                  .SIGN_COUNT
                                  .eq(0L)
                                  .and(org.jooq.impl.DSL.val(signCount).eq(0L))))
                  .execute();
          if (recorded == 0) {
            return false;
          }
          Accounts.factorUsed(db, factorId, now, event);
          return true;
        });
  }

  @Override
  public int purgeCeremonies(Instant cutoff) {
    return dsl.deleteFrom(WEBAUTHN_CEREMONIES)
        .where(WEBAUTHN_CEREMONIES.EXPIRES_AT.lt(cutoff))
        .execute();
  }

  /** Throws, rolling the transaction back, when the user holds {@code max} credentials already. */
  private static void refuseAtCredentialCap(DSLContext db, String userId, int max) {
    int credentials =
        db.fetchCount(
            FACTORS, FACTORS.USER_ID.eq(userId).and(FACTORS.TYPE.eq(FactorType.WEBAUTHN.name())));
    if (credentials >= max) {
      throw new LimitExceededException(
          "user_id",
          "at most " + max + " WebAuthn credentials per user; remove one to add another");
    }
  }

  private static StoredCredential toCredential(Record r) {
    String transports = r.get(WEBAUTHN_CREDENTIALS.TRANSPORTS);
    return new StoredCredential(
        r.get(WEBAUTHN_CREDENTIALS.FACTOR_ID),
        r.get(FACTORS.USER_ID),
        r.get(WEBAUTHN_CREDENTIALS.CREDENTIAL_ID),
        r.get(WEBAUTHN_CREDENTIALS.USER_HANDLE),
        r.get(WEBAUTHN_CREDENTIALS.ATTESTED_CREDENTIAL_DATA),
        r.get(WEBAUTHN_CREDENTIALS.SIGN_COUNT),
        transports.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(transports.split(","))),
        r.get(WEBAUTHN_CREDENTIALS.AAGUID),
        r.get(WEBAUTHN_CREDENTIALS.ATTESTATION_FORMAT),
        r.get(WEBAUTHN_CREDENTIALS.BACKUP_ELIGIBLE),
        r.get(WEBAUTHN_CREDENTIALS.BACKUP_STATE),
        r.get(WEBAUTHN_CREDENTIALS.UV_INITIALIZED));
  }

  private static Ceremony toCeremony(WebauthnCeremoniesRecord r) {
    return new Ceremony(
        r.getId(),
        Ceremony.Kind.valueOf(r.getKind()),
        Optional.ofNullable(r.getUserId()),
        r.getChallenge(),
        Ceremony.Requirement.valueOf(r.getUserVerification()),
        r.getAttestation().equals("VERIFIED"),
        r.getCreatedAt(),
        r.getExpiresAt(),
        Optional.ofNullable(r.getUsedAt()));
  }
}
