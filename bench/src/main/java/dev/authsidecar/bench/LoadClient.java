package dev.authsidecar.bench;

import dev.authsidecar.api.v1.AccountServiceGrpc;
import dev.authsidecar.api.v1.BeginEnrollmentRequest;
import dev.authsidecar.api.v1.ConfirmEnrollmentRequest;
import dev.authsidecar.api.v1.FinishAuthenticationRequest;
import dev.authsidecar.api.v1.FinishRegistrationRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceGrpc;
import dev.authsidecar.api.v1.StartAuthenticationRequest;
import dev.authsidecar.api.v1.StartRegistrationRequest;
import dev.authsidecar.api.v1.TotpServiceGrpc;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.api.v1.WebAuthnServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop load client for bench/run. Seeds users through the public API (BeginEnrollment +
 * ConfirmEnrollment, GenerateCodes; many calls in flight), then runs each scenario at each
 * concurrency: a warm-up, then a fixed measured time, each worker sending its next request as soon
 * as the previous answer arrives. Latency goes into an HdrHistogram; every answer is counted by
 * outcome and the fraction of the expected outcome is reported. One line per row is appended to the
 * --out TSV file.
 */
public final class LoadClient {

  static final int PERIOD = 30;

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String target = opt.getOrDefault("target", "127.0.0.1:50051");
    String token = opt.getOrDefault("token", "");
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
    int[] concurrency =
        Arrays.stream(opt.getOrDefault("concurrency", "1,16,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    List<String> scenarios =
        List.of(
            opt.getOrDefault(
                    "scenarios",
                    "totp-accepted,totp-replayed,totp-rejected,recovery-accepted,status")
                .split(","));
    int totpUsers = Integer.parseInt(opt.getOrDefault("totp-users", "12000"));
    int rejectUsers = Integer.parseInt(opt.getOrDefault("reject-users", "2000"));
    int recoveryUsers = Integer.parseInt(opt.getOrDefault("recovery-users", "3000"));
    int webauthnUsers = Integer.parseInt(opt.getOrDefault("webauthn-users", "128"));
    // Appended to each row's scenario name (e.g. "@1e6" for the users-scale phase).
    String tag = opt.getOrDefault("tag", "");
    long pid = Long.parseLong(opt.getOrDefault("pid", "0"));
    Path out = Path.of(opt.getOrDefault("out", "bench-results.tsv"));
    String run = Long.toString(System.currentTimeMillis(), 36);

    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
            .build();
    LoadClient client = new LoadClient(channel, run);
    int failures = 0;
    try {
      client.seed(scenarios, totpUsers, rejectUsers, recoveryUsers, webauthnUsers);
      for (String scenario : scenarios) {
        for (int c : concurrency) {
          Row row;
          try {
            row = client.runRow(scenario, c, warmup, seconds, pid).tagged(tag);
          } catch (RuntimeException e) {
            System.out.println(scenario + " c=" + c + " did not run: " + e);
            failures++;
            continue;
          }
          System.out.println(row.describe());
          Files.writeString(
              out,
              row.tsv() + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
          if (row.expected == 0) {
            failures++;
          }
        }
      }
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  // ---------------------------------------------------------------------------------------------

  /** A TOTP user: secret and the newest step this client has had accepted for it. */
  static final class TotpUser {
    final String id;
    final byte[] secret;
    long lastStep;
    int failures;

    TotpUser(String id, byte[] secret, long lastStep) {
      this.id = id;
      this.secret = secret;
      this.lastStep = lastStep;
    }
  }

  record Replay(String user, String code) {}

  private final TotpServiceGrpc.TotpServiceBlockingStub totp;
  private final AccountServiceGrpc.AccountServiceBlockingStub account;
  private final RecoveryCodeServiceGrpc.RecoveryCodeServiceBlockingStub recovery;
  private final WebAuthnServiceGrpc.WebAuthnServiceBlockingStub webauthn;
  private final ConcurrentLinkedQueue<WebAuthnUser> keyHolders = new ConcurrentLinkedQueue<>();
  private final String run;
  private final ConcurrentLinkedQueue<TotpUser> fresh = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<TotpUser> rejectUsers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String[]> recoveryCodes = new ConcurrentLinkedQueue<>();
  private final List<String> statusUsers = new ArrayList<>();
  private volatile List<Replay> replays = List.of();

  LoadClient(ManagedChannel channel, String run) {
    this.totp = TotpServiceGrpc.newBlockingStub(channel);
    this.account = AccountServiceGrpc.newBlockingStub(channel);
    this.recovery = RecoveryCodeServiceGrpc.newBlockingStub(channel);
    this.webauthn = WebAuthnServiceGrpc.newBlockingStub(channel);
    this.run = run;
  }

  static long step() {
    return Math.floorDiv(System.currentTimeMillis() / 1000, PERIOD);
  }

  /** Enrolls a TOTP user; confirms with the code of step T-1 so that T and T+1 stay fresh. */
  TotpUser enroll(String user) {
    var begun = totp.beginEnrollment(BeginEnrollmentRequest.newBuilder().setUserId(user).build());
    byte[] secret = Totp.base32(begun.getSecret());
    long s = step() - 1;
    var confirmed =
        totp.confirmEnrollment(
            ConfirmEnrollmentRequest.newBuilder()
                .setEnrollmentId(begun.getEnrollmentId())
                .setCode(Totp.code(secret, s))
                .build());
    if (confirmed.getResult() == VerifyResult.VERIFY_RESULT_REJECTED) {
      // A step boundary passed between computing the code and the server checking it.
      s = step() - 1;
      confirmed =
          totp.confirmEnrollment(
              ConfirmEnrollmentRequest.newBuilder()
                  .setEnrollmentId(begun.getEnrollmentId())
                  .setCode(Totp.code(secret, s))
                  .build());
    }
    if (confirmed.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      throw new IllegalStateException(
          "enrollment of " + user + " not accepted: " + confirmed.getResult());
    }
    return new TotpUser(user, secret, s);
  }

  /** Registers a software security key for a new user over the API. */
  WebAuthnUser register(String user) {
    WebAuthnUser holder = new WebAuthnUser(user);
    var started =
        webauthn.startRegistration(StartRegistrationRequest.newBuilder().setUserId(user).build());
    var finished =
        webauthn.finishRegistration(
            FinishRegistrationRequest.newBuilder()
                .setCeremonyId(started.getCeremonyId())
                .setCredentialJson(holder.create(started.getOptionsJson()))
                .build());
    if (finished.getResult() != VerifyResult.VERIFY_RESULT_ACCEPTED) {
      throw new IllegalStateException(
          "registration of " + user + " not accepted: " + finished.getReason());
    }
    return holder;
  }

  void seed(List<String> scenarios, int totpUsers, int nReject, int nRecovery, int nWebAuthn)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    long t0 = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    boolean needTotp = scenarios.contains("totp-accepted") || scenarios.contains("totp-replayed");
    int n = needTotp ? totpUsers : 0;
    for (int i = 0; i < n; i++) {
      String user = "bench-" + run + "-t" + i;
      futures.add(pool.submit(() -> fresh.add(enroll(user))));
    }
    int r = scenarios.contains("totp-rejected") ? nReject : 0;
    for (int i = 0; i < r; i++) {
      String user = "bench-" + run + "-w" + i;
      futures.add(pool.submit(() -> rejectUsers.add(enroll(user))));
    }
    int k = scenarios.contains("recovery-accepted") || scenarios.contains("status") ? nRecovery : 0;
    List<String> withCodes = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      String user = "bench-" + run + "-r" + i;
      withCodes.add(user);
      futures.add(
          pool.submit(
              () -> {
                enroll(user);
                var codes =
                    recovery.generateCodes(
                        GenerateCodesRequest.newBuilder().setUserId(user).setCount(20).build());
                for (String code : codes.getCodesList()) {
                  recoveryCodes.add(new String[] {user, code});
                }
              }));
    }
    int w = scenarios.contains("webauthn-accepted") ? nWebAuthn : 0;
    for (int i = 0; i < w; i++) {
      String user = "bench-" + run + "-k" + i;
      futures.add(pool.submit(() -> keyHolders.add(register(user))));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    statusUsers.addAll(withCodes.subList(0, Math.min(withCodes.size(), 1000)));
    System.out.printf(
        "seeded %d TOTP users, %d wrong-code users, %d users with %d recovery codes, %d security"
            + " keys over the API in %.1f s%n",
        n, r, k, recoveryCodes.size(), w, (System.nanoTime() - t0) / 1e9);
  }

  /** Takes a user with a fresh step (newer than its last accepted one, inside the window). */
  String[] freshCode() {
    long nowSec = System.currentTimeMillis() / 1000;
    long now = Math.floorDiv(nowSec, PERIOD);
    // Within the last second of a step, T-1 may leave the window before the server checks it.
    long oldest = Math.floorMod(nowSec, PERIOD) >= PERIOD - 1 ? now : now - 1;
    int tries = fresh.size();
    for (int i = 0; i < tries; i++) {
      TotpUser u = fresh.poll();
      if (u == null) {
        break;
      }
      long s = Math.max(u.lastStep + 1, oldest);
      if (s <= now + 1) {
        u.lastStep = s;
        fresh.add(u);
        return new String[] {u.id, Totp.code(u.secret, s)};
      }
      fresh.add(u);
    }
    return null;
  }

  /** Before each replay row: one accepted code per replay user, then those codes are replayed. */
  void prepareReplays(int count) {
    List<Replay> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] uc = freshCode();
      if (uc == null) {
        throw new IllegalStateException("no fresh TOTP code left for the replay set");
      }
      var result =
          totp.verify(VerifyRequest.newBuilder().setUserId(uc[0]).setCode(uc[1]).build())
              .getResult();
      if (result != VerifyResult.VERIFY_RESULT_ACCEPTED) {
        throw new IllegalStateException("replay seed not accepted: " + result);
      }
      list.add(new Replay(uc[0], uc[1]));
    }
    replays = list;
  }

  /** A wrong code: none of the window's codes; each user takes at most 90 in a row. */
  String[] wrongCode() {
    for (int i = 0; i < 100_000; i++) {
      TotpUser u = rejectUsers.poll();
      if (u == null) {
        return null;
      }
      synchronized (u) {
        if (u.failures >= 90) {
          continue; // spent: LOCKOUT_THRESHOLD (100) is near; dropped from the pool
        }
        u.failures++;
      }
      rejectUsers.add(u);
      long now = step();
      int base = Integer.parseInt(Totp.code(u.secret, now));
      String wrong;
      int d = 1;
      do {
        wrong = String.format("%06d", (base + 500_000 + d++) % 1_000_000);
      } while (wrong.equals(Totp.code(u.secret, now - 1))
          || wrong.equals(Totp.code(u.secret, now + 1)));
      return new String[] {u.id, wrong};
    }
    return null;
  }

  /** One closed-loop row. */
  Row runRow(String scenario, int c, int warmupSeconds, int seconds, long pid) throws Exception {
    if (scenario.equals("totp-replayed")) {
      prepareReplays(Math.max(64, c));
    }
    AtomicInteger replayIndex = new AtomicInteger();
    AtomicInteger statusIndex = new AtomicInteger();
    // Each scenario gives the next request; only the request itself is timed. WebAuthn's
    // StartAuthentication and the authenticator's signature come before it, off the clock.
    Supplier<Supplier<String>> next =
        switch (scenario) {
          case "webauthn-accepted" ->
              () -> {
                WebAuthnUser holder = keyHolders.poll();
                if (holder == null) {
                  return () -> "NO_KEY_FREE";
                }
                try {
                  var started =
                      webauthn.startAuthentication(
                          StartAuthenticationRequest.newBuilder().setUserId(holder.id).build());
                  var finish =
                      FinishAuthenticationRequest.newBuilder()
                          .setCeremonyId(started.getCeremonyId())
                          .setCredentialJson(holder.get(started.getOptionsJson()))
                          .build();
                  return () -> {
                    try {
                      return webauthn.finishAuthentication(finish).getResult().name();
                    } finally {
                      keyHolders.add(holder);
                    }
                  };
                } catch (RuntimeException e) {
                  keyHolders.add(holder);
                  throw e;
                }
              };
          default -> untimedPart(requestOf(scenario, replayIndex, statusIndex));
        };
    return measure(scenario, next, c, warmupSeconds, seconds, pid);
  }

  /** The request of a scenario that needs nothing prepared off the clock. */
  private Supplier<String> requestOf(
      String scenario, AtomicInteger replayIndex, AtomicInteger statusIndex) {
    return switch (scenario) {
      case "totp-accepted" ->
          () -> {
            String[] uc = freshCode();
            if (uc == null) {
              return "NO_FRESH_CODE";
            }
            return totp.verify(VerifyRequest.newBuilder().setUserId(uc[0]).setCode(uc[1]).build())
                .getResult()
                .name();
          };
      case "totp-replayed" ->
          () -> {
            List<Replay> list = replays;
            Replay r = list.get(Math.floorMod(replayIndex.getAndIncrement(), list.size()));
            return totp.verify(
                    VerifyRequest.newBuilder().setUserId(r.user()).setCode(r.code()).build())
                .getResult()
                .name();
          };
      case "totp-rejected" ->
          () -> {
            String[] uc = wrongCode();
            if (uc == null) {
              return "NO_USER_LEFT";
            }
            return totp.verify(VerifyRequest.newBuilder().setUserId(uc[0]).setCode(uc[1]).build())
                .getResult()
                .name();
          };
      case "recovery-accepted" ->
          () -> {
            String[] uc = recoveryCodes.poll();
            if (uc == null) {
              return "NO_CODE_LEFT";
            }
            return account
                .verifyCode(VerifyCodeRequest.newBuilder().setUserId(uc[0]).setCode(uc[1]).build())
                .getResult()
                .name();
          };
      case "status" ->
          () -> {
            String user =
                statusUsers.get(Math.floorMod(statusIndex.getAndIncrement(), statusUsers.size()));
            var status = account.getStatus(GetStatusRequest.newBuilder().setUserId(user).build());
            return status.getEnrolled() ? "ENROLLED" : "NOT_ENROLLED";
          };
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  /** A request that needs no preparation off the clock. */
  private static Supplier<Supplier<String>> untimedPart(Supplier<String> request) {
    return () -> request;
  }

  static String expectedOutcome(String scenario) {
    return switch (scenario) {
      case "totp-accepted", "recovery-accepted", "webauthn-accepted" -> "VERIFY_RESULT_ACCEPTED";
      case "totp-replayed" -> "VERIFY_RESULT_REPLAYED";
      case "totp-rejected" -> "VERIFY_RESULT_REJECTED";
      default -> "ENROLLED";
    };
  }

  private Row measure(
      String scenario,
      Supplier<Supplier<String>> next,
      int c,
      int warmupSeconds,
      int seconds,
      long pid)
      throws Exception {
    String expected = expectedOutcome(scenario);
    Recorder recorder = new Recorder(3);
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    AtomicLong rssPeakKb = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!stop.get()) {
                    if (measuring.get() && pid > 0) {
                      rssPeakKb.accumulateAndGet(rssKb(pid), Math::max);
                    }
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < c; i++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!stop.get()) {
                      long t0 = 0;
                      String outcome;
                      try {
                        Supplier<String> request = next.get();
                        t0 = System.nanoTime();
                        outcome = request.get();
                      } catch (StatusRuntimeException e) {
                        outcome = "grpc:" + e.getStatus().getCode();
                      } catch (RuntimeException e) {
                        outcome = "error:" + e.getClass().getSimpleName();
                      }
                      long t1 = System.nanoTime();
                      if (t0 == 0 || outcome.startsWith("NO_")) {
                        // Seeded users ran out, or the preparation off the clock failed: the
                        // measured request was not sent; counted, not timed.
                        if (measuring.get()) {
                          outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
                        }
                        try {
                          Thread.sleep(1);
                        } catch (InterruptedException e) {
                          return;
                        }
                        continue;
                      }
                      if (measuring.get()) {
                        recorder.recordValue(Math.max(1, (t1 - t0) / 1000)); // microseconds
                        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
                      }
                    }
                  }));
    }
    Thread.sleep(warmupSeconds * 1000L);
    recorder.reset();
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    Histogram h = recorder.getIntervalHistogram();
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    sampler.interrupt();
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach((k, v) -> counts.put(k, v.sum()));
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    long notSent =
        counts.entrySet().stream()
            .filter(e -> e.getKey().startsWith("NO_"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    long ok = counts.getOrDefault(expected, 0L);
    return new Row(
        scenario, c, total, total - notSent, elapsed / 1e9, h, ok, counts, rssPeakKb.get());
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // the process is gone
    }
    return 0;
  }

  record Row(
      String scenario,
      int c,
      long total,
      long sent,
      double seconds,
      Histogram h,
      long expected,
      Map<String, Long> counts,
      long rssPeakKb) {
    /** The same row under the scenario name with {@code tag} appended. */
    Row tagged(String tag) {
      return tag.isEmpty()
          ? this
          : new Row(scenario + tag, c, total, sent, seconds, h, expected, counts, rssPeakKb);
    }

    double ms(double percentile) {
      return sent == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    String outcomes() {
      StringBuilder sb = new StringBuilder();
      counts.forEach(
          (k, v) ->
              sb.append(sb.isEmpty() ? "" : " ")
                  .append(k.replace("VERIFY_RESULT_", ""))
                  .append('=')
                  .append(v));
      return sb.toString();
    }

    String tsv() {
      return String.join(
          "\t",
          scenario,
          Integer.toString(c),
          Long.toString(total),
          String.format("%.1f", sent / seconds),
          String.format("%.3f", ms(50)),
          String.format("%.3f", ms(99)),
          String.format("%.3f", ms(99.9)),
          String.format("%.4f", total == 0 ? 0 : (double) expected / total),
          outcomes(),
          Long.toString(rssPeakKb));
    }

    String describe() {
      return String.format(
          "%-18s c=%-3d %8.1f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  expected %.2f%%  [%s]  rss %d MiB",
          scenario,
          c,
          sent / seconds,
          ms(50),
          ms(99),
          ms(99.9),
          total == 0 ? 0 : 100.0 * expected / total,
          outcomes(),
          rssPeakKb / 1024);
    }
  }
}
