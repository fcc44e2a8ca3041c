package dev.authsidecar.limits;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Asks a server's reflection service, in either version, which services it has. */
final class Reflection {
  private Reflection() {}

  static Set<String> v1Services(Channel channel) throws Exception {
    var future = new CompletableFuture<io.grpc.reflection.v1.ServerReflectionResponse>();
    var requests =
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .serverReflectionInfo(observer(future));
    requests.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();
    return names(
        future.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList(),
        io.grpc.reflection.v1.ServiceResponse::getName);
  }

  @SuppressWarnings("deprecation") // v1alpha is what the test is about.
  static Set<String> v1alphaServices(Channel channel) throws Exception {
    var future = new CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse>();
    var requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .serverReflectionInfo(observer(future));
    requests.onNext(
        io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
            .setListServices("*")
            .build());
    requests.onCompleted();
    return names(
        future.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList(),
        io.grpc.reflection.v1alpha.ServiceResponse::getName);
  }

  private static <T> Set<String> names(java.util.List<T> services, Function<T, String> name) {
    return services.stream().map(name).collect(Collectors.toSet());
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> first) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T response) {
        first.complete(response);
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        first.completeExceptionally(new IllegalStateException("no answer"));
      }
    };
  }
}
