import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.totp.TotpAlgorithm;
import dev.authsidecar.totp.TotpCodes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.aerogear.security.otp.api.Base32;

/**
 * Latency of the calls a login makes, measured from a client on the same host, one call at a
 * time (what a login server sees). Run against a started sidecar:
 *
 * <pre>java -cp server/target/authsidecar.jar bench/VerifyLatency.java [host:port] [users]</pre>
 *
 * Each user enrolls (not timed), then one TOTP Verify that is ACCEPTED, one that is REPLAYED (the
 * in-memory fast path), one that is REJECTED, and one GetStatus are timed.
 */
public class VerifyLatency {
  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "127.0.0.1:50051";
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    var totp = TotpServiceGrpc.newBlockingStub(channel);
    var account = AccountServiceGrpc.newBlockingStub(channel);
    String run = UUID.randomUUID().toString().substring(0, 8);

    List<String> ids = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "bench-" + run + "-" + i;
      var begun = totp.beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(user).build());
      byte[] secret = Base32.decode(begun.getSecret());
      long step = TotpCodes.timeStep(Instant.now(), 30);
      totp.confirmEnrollment(
          ConfirmEnrollmentRequest.newBuilder()
              .setEnrollmentId(begun.getEnrollmentId())
              .setCode(TotpCodes.code(secret, TotpAlgorithm.SHA1, 6, step))
              .build());
      ids.add(user);
      secrets.add(secret);
    }

    long[] accepted = new long[users];
    long[] replayed = new long[users];
    long[] rejected = new long[users];
    long[] status = new long[users];
    int notAccepted = 0;
    for (int i = 0; i < users; i++) {
      // The next step is inside the default forward window and newer than the confirmed one.
      String code =
          TotpCodes.code(secrets.get(i), TotpAlgorithm.SHA1, 6, TotpCodes.timeStep(Instant.now(), 30) + 1);
      VerifyRequest request = VerifyRequest.newBuilder().setUserId(ids.get(i)).setCode(code).build();
      long t0 = System.nanoTime();
      VerifyResult result = totp.verify(request).getResult();
      accepted[i] = System.nanoTime() - t0;
      if (result != VerifyResult.VERIFY_RESULT_ACCEPTED) {
        notAccepted++;
      }
      t0 = System.nanoTime();
      totp.verify(request);
      replayed[i] = System.nanoTime() - t0;
      String wrong = String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
      t0 = System.nanoTime();
      totp.verify(VerifyRequest.newBuilder().setUserId(ids.get(i)).setCode(wrong).build());
      rejected[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      account.getStatus(GetStatusRequest.newBuilder().setUserId(ids.get(i)).build());
      status[i] = System.nanoTime() - t0;
    }
    System.out.printf("%d users against %s (%d not ACCEPTED)%n", users, target, notAccepted);
    report("Verify ACCEPTED", accepted);
    report("Verify REPLAYED", replayed);
    report("Verify REJECTED", rejected);
    report("GetStatus", status);
    channel.shutdownNow();
  }

  private static void report(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-16s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n",
        name,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.9)] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}
