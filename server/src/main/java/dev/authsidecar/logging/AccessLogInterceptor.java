package dev.authsidecar.logging;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.authsidecar.caller.Caller;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per call on the {@code authsidecar.access} logger: method, status, the VerifyResult when
 * the response has one, the caller's name and the duration. Requests and responses are never logged
 * beyond that result, so no code, secret or token can reach this line.
 *
 * <p>Install it outside the authentication interceptor so refused calls are logged too; the caller
 * is read from the Context in which the handler closes the call.
 */
public final class AccessLogInterceptor implements ServerInterceptor {
  /** Its own name, not a class name, so operators can turn it off or route it by name. */
  public static final String LOGGER = "authsidecar.access";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String RESULT_FIELD = "result";
  private static final String RESULT_PREFIX = "VERIFY_RESULT_";

  private AccessLogInterceptor() {}

  /** The access log, or an interceptor that does nothing when AUTHSIDECAR_ACCESS_LOG=false. */
  public static ServerInterceptor create(boolean enabled) {
    return enabled ? new AccessLogInterceptor() : PassThrough.INSTANCE;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long started = System.nanoTime();
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          private String result = "";

          @Override
          public void sendMessage(R message) {
            result = verifyResult(message);
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            write(call.getMethodDescriptor().getFullMethodName(), status, result, started);
            super.close(status, trailers);
          }
        },
        headers);
  }

  private static void write(String method, Status status, String result, long started) {
    Caller caller = Caller.current();
    var line =
        log.atInfo().addKeyValue("method", method).addKeyValue("status", status.getCode().name());
    if (!result.isEmpty()) {
      line = line.addKeyValue("result", result);
    }
    line.addKeyValue("caller", caller == Caller.ANONYMOUS ? "-" : caller.name())
        .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
        .log("call");
  }

  /** The name of the response's {@code result} field when it is a VerifyResult, else empty. */
  private static String verifyResult(Object message) {
    if (!(message instanceof Message proto)) {
      return "";
    }
    Optional<FieldDescriptor> field =
        RESULT_FIELDS.computeIfAbsent(
            proto.getDescriptorForType(),
            type ->
                Optional.ofNullable(type.findFieldByName(RESULT_FIELD))
                    .filter(f -> f.getType() == FieldDescriptor.Type.ENUM));
    if (field.isEmpty()) {
      return "";
    }
    // Per call only a lookup: the short names are made once per enum value (a handful).
    return RESULT_NAMES.computeIfAbsent(
        (EnumValueDescriptor) proto.getField(field.get()), AccessLogInterceptor::shortName);
  }

  private static String shortName(EnumValueDescriptor value) {
    String name = value.getName();
    return name.startsWith(RESULT_PREFIX) ? name.substring(RESULT_PREFIX.length()) : "";
  }

  /** Each response type's enum {@code result} field, looked up once per type, not per call. */
  private static final Map<Descriptor, Optional<FieldDescriptor>> RESULT_FIELDS =
      new ConcurrentHashMap<>();

  private static final Map<EnumValueDescriptor, String> RESULT_NAMES = new ConcurrentHashMap<>();

  private enum PassThrough implements ServerInterceptor {
    INSTANCE;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return next.startCall(call, headers);
    }
  }
}
