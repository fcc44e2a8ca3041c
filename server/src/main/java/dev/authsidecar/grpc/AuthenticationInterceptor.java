package dev.authsidecar.grpc;

import static java.util.stream.Collectors.joining;

import dev.authsidecar.caller.Caller;
import dev.authsidecar.caller.CallerDirectory;
import dev.authsidecar.caller.Callers;
import dev.authsidecar.caller.Permission;
import dev.authsidecar.tls.ClientCertificateAuthority;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who is calling before any service code runs, and refuses calls the caller has no
 * permission for. A caller proves itself with a client certificate (mutual TLS) or a bearer token
 * ({@code authorization: Bearer <token>}); when it sends both they must name the same caller. With
 * no callers configured, every call is the local unauthenticated caller, which may only make
 * sign-in calls (the sidecar then listens on loopback only, see ConfigLoader).
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthenticationInterceptor.class);

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final CallerDirectory callers;
  private final Optional<ClientCertificateAuthority> clientCas;
  private final Clock clock;

  public AuthenticationInterceptor(
      CallerDirectory callers, Optional<ClientCertificateAuthority> clientCas, Clock clock) {
    this.callers = callers;
    this.clientCas = clientCas;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Caller caller;
    try {
      caller = authenticate(call, headers);
    } catch (Refusal refusal) {
      log.warn(
          "refused {} from {}: {}",
          method,
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          refusal.status.getDescription());
      return refuse(call, refusal.status);
    }
    Set<Permission> admitting = MethodPermissions.admitting(method);
    if (admitting.stream().noneMatch(caller::may)) {
      String need =
          admitting.isEmpty()
              ? "a permission no caller has"
              : "the "
                  + admitting.stream().map(Permission::configName).sorted().collect(joining(" or "))
                  + " permission";
      log.warn("refused {} to caller '{}': needs {}", method, caller.name(), need);
      return refuse(
          call,
          Status.PERMISSION_DENIED.withDescription(
              method + " needs " + need + "; caller '" + caller.name() + "' does not have it"));
    }
    return Contexts.interceptCall(
        Context.current().withValue(Caller.KEY, caller), call, headers, next);
  }

  private Caller authenticate(ServerCall<?, ?> call, Metadata headers) throws Refusal {
    if (!callers.configured()) {
      return Caller.UNAUTHENTICATED_LOCAL;
    }
    Callers known = callers.current();
    Optional<Caller> byToken = tokenCaller(known, headers);
    Optional<Caller> byCertificate = Optional.empty();
    if (clientCas.isPresent()) {
      byCertificate =
          Optional.of(
              certificateCaller(known, call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
    }
    if (byCertificate.isPresent()
        && byToken.isPresent()
        && !byCertificate.get().name().equals(byToken.get().name())) {
      throw new Refusal("the bearer token and the client certificate name different callers");
    }
    return byCertificate
        .or(() -> byToken)
        .orElseThrow(() -> new Refusal("no credentials: send authorization: Bearer <token>"));
  }

  private static Optional<Caller> tokenCaller(Callers known, Metadata headers) throws Refusal {
    Iterable<String> values = headers.getAll(AUTHORIZATION);
    if (values == null) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>();
    values.forEach(all::add);
    if (all.size() != 1) {
      throw new Refusal("authorization: send exactly one");
    }
    String value = all.get(0);
    if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      throw new Refusal("authorization: must be 'Bearer <token>'");
    }
    return Optional.of(
        known
            .byToken(value.substring(BEARER.length()).strip())
            .orElseThrow(() -> new Refusal("authorization: unknown or revoked token")));
  }

  private Caller certificateCaller(Callers known, SSLSession session) throws Refusal {
    X509Certificate[] chain = peerChain(session);
    if (chain.length == 0) {
      throw new Refusal("a client certificate is required");
    }
    ClientCertificateAuthority.Verdict verdict = clientCas.get().verify(chain, clock.instant());
    if (verdict != ClientCertificateAuthority.Verdict.TRUSTED) {
      throw new Refusal(verdict.reason());
    }
    List<Caller> matching = known.byCertificate(chain[0]);
    if (matching.size() != 1) {
      throw new Refusal(
          matching.isEmpty()
              ? "the client certificate names no configured caller"
              : "the client certificate matches several callers");
    }
    return matching.get(0);
  }

  private static X509Certificate[] peerChain(SSLSession session) {
    if (session == null) {
      return new X509Certificate[0];
    }
    try {
      Certificate[] certificates = session.getPeerCertificates();
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : certificates) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain.toArray(new X509Certificate[0]);
    } catch (SSLPeerUnverifiedException e) {
      return new X509Certificate[0];
    }
  }

  private static <Q> ServerCall.Listener<Q> refuse(ServerCall<Q, ?> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The call is not authenticated; the message says why without echoing any credential. */
  private static final class Refusal extends Exception {
    final Status status;

    Refusal(String reason) {
      super(reason, null, false, false);
      this.status = Status.UNAUTHENTICATED.withDescription(reason);
    }
  }
}
