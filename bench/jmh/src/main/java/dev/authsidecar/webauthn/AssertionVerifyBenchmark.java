package dev.authsidecar.webauthn;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * WebAuthn ES256 assertion verification as FinishAuthentication runs it in-process, against the
 * JDK's own P-256 verify of the same signature (the ceiling: FinishAuthentication ≥ 50 % of
 * the JDK rate on two threads). Each is measured on one and on two threads.
 *
 * <p>The server's own pieces, wired as WebAuthnCeremonies wires them: {@link CredentialJson} reads
 * credential_json, {@link CredentialRecords} rebuilds the webauthn4j record from the stored bytes,
 * and {@link WebAuthnVerifiers#none()} (the manager AuthenticationCeremony gets) verifies. Left
 * out: the store (ceremony lookup and spending, credential lookup, the counter update) and the
 * event. In package {@code dev.authsidecar.webauthn} because those classes are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AssertionVerifyBenchmark {
  private static final RelyingParty RP = RelyingParty.LOCALHOST;
  private static final String USER = "bench-user";

  private CredentialJson credentialJson;
  private CredentialRecords records;
  private WebAuthnManager verifier;
  private StoredCredential stored;
  private ServerProperty serverProperty;
  private String json;
  private AuthenticationData parsed;
  private ECPublicKey publicKey;
  private byte[] signedBytes;
  private byte[] signature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    ObjectConverter converter = new ObjectConverter();
    credentialJson = new CredentialJson(converter);
    records = new CredentialRecords(new AttestedCredentialDataConverter(converter));
    verifier = new WebAuthnVerifiers(RP, converter).none();

    SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
    stored = authenticator.storedCredential(USER, converter);
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    String origin = RP.origins().iterator().next();
    // As CeremonyState.serverProperty builds it for a ceremony with this challenge.
    serverProperty =
        new ServerProperty(
            RP.origins().stream().map(Origin::new).collect(Collectors.toSet()),
            RP.id(),
            new DefaultChallenge(challenge));
    SoftwareAuthenticator.Assertion assertion = authenticator.sign(RP.id(), origin, challenge, 1);
    json = authenticator.json(assertion, USER, converter);

    parsed = credentialJson.readAuthentication(json);
    publicKey = authenticator.publicKey();
    signedBytes = assertion.signedBytes();
    signature = assertion.signature();
    // A benchmark of a refusal would measure the wrong thing: check both paths accept first.
    finishInProcess();
    if (!jdkVerify()) {
      throw new IllegalStateException("the JDK does not verify the assertion's signature");
    }
  }

  /** The user-known flow: allowCredentials named the credential; UV preferred, UP required. */
  private AuthenticationParameters parameters(CredentialRecord credential) {
    return new AuthenticationParameters(
        serverProperty,
        credential,
        List.of(credential.getAttestedCredentialData().getCredentialId()),
        false,
        true);
  }

  /**
   * A parsed record per thread: webauthn4j writes the assertion's counter into the record it
   * verified against, so the next call would see a counter that did not grow (a clone) unless it is
   * put back, as the server's fresh record per request has it.
   */
  @State(Scope.Thread)
  public static class PerThread {
    CredentialRecordImpl record;

    @Setup
    public void setUp(AssertionVerifyBenchmark benchmark) {
      record = (CredentialRecordImpl) benchmark.records.of(benchmark.stored);
    }
  }

  /** webauthn4j's checks alone, on an already parsed assertion and record. */
  @Benchmark
  @Threads(1)
  public AuthenticationData webauthn4jVerify_1t(PerThread thread) {
    return verifyParsed(thread.record);
  }

  @Benchmark
  @Threads(2)
  public AuthenticationData webauthn4jVerify_2t(PerThread thread) {
    return verifyParsed(thread.record);
  }

  private AuthenticationData verifyParsed(CredentialRecordImpl record) {
    record.setCounter(stored.signCount());
    return verifier.verify(parsed, parameters(record));
  }

  /** credential_json to verdict: read and check the JSON, rebuild the record, verify. */
  @Benchmark
  @Threads(1)
  public AuthenticationData finish_1t() {
    return finishInProcess();
  }

  @Benchmark
  @Threads(2)
  public AuthenticationData finish_2t() {
    return finishInProcess();
  }

  private AuthenticationData finishInProcess() {
    AuthenticationData data = credentialJson.readAuthentication(json);
    return verifier.verify(data, parameters(records.of(stored)));
  }

  /** The two steps of finish before verify, alone (one thread), to show where its time goes. */
  @Benchmark
  @Threads(1)
  public AuthenticationData readCredentialJson_1t() {
    return credentialJson.readAuthentication(json);
  }

  @Benchmark
  @Threads(1)
  public CredentialRecord credentialRecord_1t() {
    return records.of(stored);
  }

  /** The ceiling: SHA256withECDSA over authenticatorData || SHA-256(clientDataJSON). */
  @Benchmark
  @Threads(1)
  public boolean jdkP256Verify_1t() throws GeneralSecurityException {
    return jdkVerify();
  }

  @Benchmark
  @Threads(2)
  public boolean jdkP256Verify_2t() throws GeneralSecurityException {
    return jdkVerify();
  }

  private boolean jdkVerify() throws GeneralSecurityException {
    // A Signature object is not thread-safe; getInstance per call, as webauthn4j does too.
    Signature verify = Signature.getInstance("SHA256withECDSA");
    verify.initVerify(publicKey);
    verify.update(signedBytes);
    return verify.verify(signature);
  }
}
