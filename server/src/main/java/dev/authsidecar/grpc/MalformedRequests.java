package dev.authsidecar.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers INVALID_ARGUMENT to a request whose bytes are not a message of the method's request type
 * (invalid UTF-8 in a proto3 string, a truncated message, garbage).
 *
 * <p>grpc-java parses a request with the method's marshaller before any interceptor or handler sees
 * it; the protobuf marshaller then throws INTERNAL "Invalid protobuf byte sequence" and the server
 * turns that exception into UNKNOWN "Application error processing RPC". Interceptors cannot catch
 * it. So this wraps each method's request marshaller so that a parse failure becomes a value
 * instead of an exception, and closes such a call with a fixed description before the handler sees
 * it.
 */
public final class MalformedRequests {
  private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

  private MalformedRequests() {}

  /** The same service, refusing requests that do not parse with INVALID_ARGUMENT. */
  public static ServerServiceDefinition refuse(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            // Kept so that reflection (grpcurl) still finds the .proto files.
            .setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> wrapped = wrap(method);
      methods.add(wrapped);
      descriptor.addMethod(wrapped.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder refusing = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(refusing::addMethod);
    return refusing.build();
  }

  private static <Q, R> ServerMethodDefinition<Parsed<Q>, R> wrap(
      ServerMethodDefinition<Q, R> def) {
    MethodDescriptor<Q, R> method = def.getMethodDescriptor();
    Status malformed =
        Status.INVALID_ARGUMENT.withDescription(
            "request: not a valid " + messageName(method) + " message");
    MethodDescriptor<Parsed<Q>, R> parsing =
        method.toBuilder(
                new ParsingMarshaller<>(method.getRequestMarshaller(), malformed),
                method.getResponseMarshaller())
            .build();
    return ServerMethodDefinition.create(parsing, new RefusingHandler<>(def, malformed));
  }

  private static String messageName(MethodDescriptor<?, ?> method) {
    if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> proto
        && proto.getMessagePrototype() instanceof Message message) {
      return message.getDescriptorForType().getFullName();
    }
    return method.getFullMethodName() + " request";
  }

  /** A request as parsed: the message, or the status to refuse it with. */
  private record Parsed<Q>(Q message, Status refusal) {}

  private static final class ParsingMarshaller<Q>
      implements MethodDescriptor.Marshaller<Parsed<Q>> {
    private final MethodDescriptor.Marshaller<Q> messages;
    private final Status malformed;

    ParsingMarshaller(MethodDescriptor.Marshaller<Q> messages, Status malformed) {
      this.messages = messages;
      this.malformed = malformed;
    }

    @Override
    public InputStream stream(Parsed<Q> request) {
      return messages.stream(request.message());
    }

    @Override
    public Parsed<Q> parse(InputStream stream) {
      try {
        return new Parsed<>(messages.parse(stream), null);
      } catch (RuntimeException e) {
        if (causedByBadBytes(e)) {
          log.debug("refused a malformed request: {}", e.getCause().getClass().getSimpleName());
          return new Parsed<>(null, malformed);
        }
        // Not the client's bytes, e.g. RESOURCE_EXHAUSTED for a message that inflates past the
        // size limit: keep that status rather than calling it malformed.
        Status status = Status.fromThrowable(e);
        if (status.getCode() == Status.Code.UNKNOWN) {
          throw e;
        }
        return new Parsed<>(null, status);
      }
    }

    private static boolean causedByBadBytes(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidProtocolBufferException) {
          return true;
        }
      }
      return false;
    }
  }

  /** Hands parsed requests to the original handler and closes the call on a refused one. */
  private static final class RefusingHandler<Q, R> implements ServerCallHandler<Parsed<Q>, R> {
    private final ServerMethodDefinition<Q, R> original;
    private final Status malformed;

    RefusingHandler(ServerMethodDefinition<Q, R> original, Status malformed) {
      this.original = original;
      this.malformed = malformed;
    }

    @Override
    public ServerCall.Listener<Parsed<Q>> startCall(
        ServerCall<Parsed<Q>, R> call, Metadata headers) {
      ServerCall<Q, R> unwrapped = new UnwrappedCall<>(call, original.getMethodDescriptor());
      ServerCall.Listener<Q> listener =
          original.getServerCallHandler().startCall(unwrapped, headers);
      return new ServerCall.Listener<>() {
        private boolean refused;

        @Override
        public void onMessage(Parsed<Q> request) {
          if (refused) {
            return;
          }
          if (request.refusal() != null) {
            refused = true;
            call.close(request.refusal(), new Metadata());
            return;
          }
          listener.onMessage(request.message());
        }

        @Override
        public void onHalfClose() {
          // After a refusal the handler must not hear a half-close without a request: a unary
          // handler would answer that with INTERNAL.
          if (!refused) {
            listener.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          listener.onCancel();
        }

        @Override
        public void onComplete() {
          listener.onComplete();
        }

        @Override
        public void onReady() {
          listener.onReady();
        }
      };
    }
  }

  /** The call as the original handler expects it: its own method descriptor and message type. */
  private static final class UnwrappedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final MethodDescriptor<Q, R> method;

    @SuppressWarnings("unchecked")
    UnwrappedCall(ServerCall<Parsed<Q>, R> call, MethodDescriptor<Q, R> method) {
      // Only the request type differs, and requests never travel through the ServerCall.
      super((ServerCall<Q, R>) (ServerCall<?, R>) call);
      this.method = method;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }
}
