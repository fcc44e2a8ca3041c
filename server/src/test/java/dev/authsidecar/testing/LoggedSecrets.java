package dev.authsidecar.testing;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the tests handle, so that LogSecretsScanTest can check that none reached a log line:
 * the test keys and caller tokens, and whatever passes through a {@link TestSidecar} channel in a
 * field that holds a secret (TOTP secrets, codes, recovery codes, temporary codes, device tokens),
 * in requests and responses alike.
 */
public final class LoggedSecrets {
  /** Proto fields (at any depth) whose values are secrets; see the authsidecar.v1 protos. */
  private static final Set<String> SECRET_FIELDS =
      Set.of(
          "secret",
          "otpauth_uri",
          "code",
          "codes",
          "totp_code",
          "recovery_codes",
          "temporary_code",
          "device_token");

  /** Shorter values (test inputs such as "abc") would match by chance and are no secrets. */
  private static final int MIN_LENGTH = 6;

  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  static {
    add(TestSidecar.TEST_KEYS);
    add(TestSidecar.TEST_KEYS.substring(TestSidecar.TEST_KEYS.indexOf(':') + 1));
    for (String caller :
        List.of(
            TestCallers.LOGIN,
            TestCallers.OTHER_LOGIN,
            TestCallers.ADMIN,
            TestCallers.VOUCHER,
            TestCallers.AUDITOR)) {
      add(TestCallers.token(caller));
    }
  }

  private LoggedSecrets() {}

  public static void add(String value) {
    String raw = value.strip();
    if (raw.length() >= MIN_LENGTH) {
      SEEN.add(raw);
    }
    // The normalised form the server compares (spaces and hyphens dropped, lower case).
    String normalised = raw.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    if (normalised.length() >= MIN_LENGTH) {
      SEEN.add(normalised);
    }
  }

  public static Set<String> all() {
    return Set.copyOf(SEEN);
  }

  /** Records the secret fields of every message sent or received on the channel. */
  public static ClientInterceptor recorder() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onMessage(R message) {
                    record(message);
                    super.onMessage(message);
                  }
                },
                headers);
          }

          @Override
          public void sendMessage(Q message) {
            record(message);
            super.sendMessage(message);
          }
        };
      }
    };
  }

  private static void record(Object message) {
    if (!(message instanceof Message proto)) {
      return;
    }
    proto
        .getAllFields()
        .forEach(
            (field, value) -> {
              for (Object item : field.isRepeated() ? (List<?>) value : List.of(value)) {
                if (item instanceof Message nested) {
                  record(nested);
                } else if (field.getType() == FieldDescriptor.Type.STRING
                    && SECRET_FIELDS.contains(field.getName())) {
                  add((String) item);
                }
              }
            });
  }
}
