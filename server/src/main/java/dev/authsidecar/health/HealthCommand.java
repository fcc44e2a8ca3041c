package dev.authsidecar.health;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code authsidecar health [--service NAME] [HOST:PORT]}: one gRPC health check over plaintext,
 * for the Helm test pod and for debugging a pod (its image has no grpcurl). Prints one line; exits
 * 0 when the service is SERVING, 1 when it is not or cannot be asked, 2 on a usage error.
 */
public final class HealthCommand {
  /** The health listener's port in the Helm chart (AUTHSIDECAR_HEALTH_LISTEN=0.0.0.0:50052). */
  static final String DEFAULT_TARGET = "127.0.0.1:50052";

  private static final String USAGE = "usage: authsidecar health [--service NAME] [HOST:PORT]";
  private static final long DEADLINE_SECONDS = 5;

  private HealthCommand() {}

  /** Runs the check; {@code args} are those after {@code health}. Returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String service = "";
    String target = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--service") && i + 1 < args.size()) {
        service = args.get(++i);
      } else if (!arg.startsWith("-") && target == null) {
        target = arg;
      } else {
        err.println(USAGE);
        return 2;
      }
    }
    if (target == null) {
      target = DEFAULT_TARGET;
    }
    String what = service.isEmpty() ? target : target + " service '" + service + "'";
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try {
      ServingStatus status =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .check(HealthCheckRequest.newBuilder().setService(service).build())
              .getStatus();
      (status == ServingStatus.SERVING ? out : err).println(what + ": " + status);
      return status == ServingStatus.SERVING ? 0 : 1;
    } catch (StatusRuntimeException e) {
      err.println(what + ": " + describe(e.getStatus()));
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  private static String describe(Status status) {
    if (status.getCode() == Status.Code.NOT_FOUND) {
      return "unknown service";
    }
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + status.getDescription();
  }
}
