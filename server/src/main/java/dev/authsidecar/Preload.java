package dev.authsidecar;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.DeviceServiceGrpc;
import dev.authsidecar.api.v1.EventServiceGrpc;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises libraries that start-up needs later, while it waits for something else.
 * Most of start-up is class loading and static initialisation (about 9,000 classes) and the
 * database (connect, migrate); done one after the other they took over 2 s on 2 cores. Nothing here
 * changes what the sidecar does: each step only runs code that the wiring runs anyway, earlier and
 * on another thread, and a step that fails is skipped (the wiring then meets the same failure and
 * reports it as before).
 *
 * <p>Each library is touched by one thread at a time, never by two at once: two threads that
 * initialise classes of one library from different ends can deadlock on a cycle of static
 * initialisers. The transport step (protobuf, gRPC, Netty) starts once the configuration is read
 * and runs while {@code Sidecar.open} migrates the database on its own thread; the WebAuthn step
 * (webauthn4j, Jackson 3) runs on {@code main} after the configuration, which uses Jackson 3 too.
 */
final class Preload {
  private static final Logger log = LoggerFactory.getLogger(Preload.class);

  private Preload() {}

  /**
   * Starts loading the API's descriptors, gRPC's services and Netty's transport on a daemon thread;
   * join it before the server is built.
   */
  static Thread startTransport() {
    return Thread.ofPlatform().daemon().name("preload-transport").start(Preload::transport);
  }

  /**
   * Waits for a preload thread; its work is only ahead-of-time, so a wait cut short is harmless.
   */
  static void join(Thread preload) {
    try {
      preload.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void transport() {
    step(
        "gRPC services",
        () -> {
          // Builds the proto file descriptors behind every service, as binding them does.
          TotpServiceGrpc.getServiceDescriptor();
          AccountServiceGrpc.getServiceDescriptor();
          RecoveryCodeServiceGrpc.getServiceDescriptor();
          DeviceServiceGrpc.getServiceDescriptor();
          EventServiceGrpc.getServiceDescriptor();
          WebAuthnServiceGrpc.getServiceDescriptor();
          ProtoReflectionServiceV1.newInstance().bindService();
        });
    step(
        "Netty",
        () -> {
          // Loads the native transport (epoll) and the pooled allocator the server starts with.
          Epoll.isAvailable();
          PooledByteBufAllocator.DEFAULT.toString();
        });
  }

  /** webauthn4j's converter and managers: hundreds of classes and Jackson 3 modules. */
  static void webauthn() {
    step("WebAuthn", () -> WebAuthnManager.createNonStrictWebAuthnManager(new ObjectConverter()));
  }

  private static void step(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | LinkageError e) {
      log.debug("preloading {} skipped: {}", what, e.toString());
    }
  }
}
