#!/usr/bin/env python3
"""Writes the markdown report of bench/run from the TSV files of one run (stdout)."""
import argparse, os, platform, subprocess

a = argparse.ArgumentParser()
for f in ("client", "pgbench", "grpc", "seconds", "warmup", "serving-ms", "rss-idle-kb", "java",
          "pg-version", "seed", "command", "smoke", "p256", "scale", "image", "fillers"):
    a.add_argument("--" + f, default="")
o = a.parse_args()

def rows(path):
    if not path or not os.path.exists(path):
        return []
    return [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"

pg = {r[0]: r for r in rows(o.pgbench)}
grpc = {r[0]: r for r in rows(o.grpc)}
# One ceiling for every concurrency: the JDK's ES256 verify on two threads (the target).
p256 = rows(o.p256)[0] if rows(o.p256) else None
NAMES = {
    "totp-accepted": ("TOTP Verify ACCEPTED (fresh code)", "pgbench"),
    "totp-replayed": ("TOTP Verify REPLAYED", "grpc"),
    "totp-rejected": ("TOTP Verify REJECTED (wrong code)", "pgbench"),
    "recovery-accepted": ("AccountService.VerifyCode recovery code ACCEPTED", "pgbench"),
    "webauthn-accepted": ("WebAuthn FinishAuthentication ES256 ACCEPTED", "p256"),
    "status": ("AccountService.GetStatus", "grpc"),
}

def ceiling(kind, c):
    """(label, throughput) of the ceiling a row is compared with, or None."""
    if kind == "p256":
        return ("JDK P-256 verify, 2 threads, %s/s" % num(p256[1]), p256[1]) if p256 else None
    r = (pg if kind == "pgbench" else grpc).get(c)
    if not r or float(r[1] or 0) <= 0:
        return None
    name = "pgbench conditional UPDATE" if kind == "pgbench" else "grpc-java unary"
    return ("%s %s/s, p50 %s ms" % (name, num(r[1]), r[2]), r[1])

def num(x):
    return "{:,.0f}".format(float(x))

cpu = sh("sed -n 's/^model name\\s*: //p' /proc/cpuinfo | head -1")
mem = sh("free -g | awk '/^Mem:/ {print $2\" GiB\"}'")
jv = sh('"%s" -version 2>&1 | head -1' % o.java) if o.java else "?"
pgv = sh("psql --version")
commit = sh("git rev-parse --short HEAD") + (" (uncommitted changes)" if sh("git status --porcelain -uno -- server proto bench pom.xml") else "")
print("# authsidecar benchmark%s, %s" % (" (smoke)" if o.smoke == "true" else "", sh("date -u +%Y-%m-%dT%H:%MZ")))
print()
print("Command: `%s` — closed loop, %s s warm-up then %s s measured per row; PostgreSQL, the sidecar "
      "and the load client share the machine. Ceilings measured in the same run, after the sidecar "
      "stopped, at the same concurrencies. Read the ratios, not the absolute numbers." % (o.command, o.warmup, o.seconds))
print()
print("Machine: %s cores (`nproc`), %s, %s memory; %s; %s; commit %s; %s." % (
    sh("nproc"), cpu, mem, jv, pgv, commit, platform.platform()))
print()
print("| scenario | c | throughput /s | p50 ms | p99 ms | p99.9 ms | expected outcome | ceiling (same run) | ratio |")
print("|---|--:|--:|--:|--:|--:|--:|---|--:|")
peak = 0
outcomes = []
for r in rows(o.client):
    scen, c, total, tput, p50, p99, p999, frac, counts, rss = r
    peak = max(peak, int(rss or 0))
    name, kind = NAMES.get(scen, (scen, "grpc"))
    ceil = ceiling(kind, c)
    if ceil:
        label, top = ceil
        ratio = "%.0f %%" % (100 * float(tput) / float(top))
    else:
        label, ratio = "not measured", "—"
    print("| %s | %s | %s | %s | %s | %s | %.1f %% | %s | %s |" % (
        name, c, num(tput), p50, p99, p999, 100 * float(frac), label, ratio))
    outcomes.append("- %s, c=%s: %s requests measured: %s" % (name, c, total, counts))
print()
if pg or grpc:
    print("Ceilings:")
    print()
    print("| ceiling | c | throughput /s | p50 ms | p99 ms | p99.9 ms |")
    print("|---|--:|--:|--:|--:|--:|")
    for c, r in pg.items():
        print("| pgbench `-M prepared -j min(c,2)`, one conditional UPDATE per transaction | %s | %s | %s | %s | %s |" % (c, num(r[1]), r[2], r[3], r[4]))
    for c, r in grpc.items():
        print("| grpc-java 1.79.0 AsyncServer/AsyncClient, 1 channel, c outstanding unary RPCs, empty payloads | %s | %s | %s | %s | %s |" % (c, num(r[1]), r[2], r[3], r[4]))
    if p256:
        print("| JDK `Signature SHA256withECDSA` verify of a P-256 signature over an assertion's signed bytes | %s threads | %s | | | |" % (p256[0], num(p256[1])))
    print()
print("Start-up and memory (default settings, PostgreSQL): process launch to SERVING (the gRPC port "
      "accepts connections; it opens only when SERVING) **%s ms**; resident memory idle after start "
      "**%d MiB**, peak during the measured rows **%d MiB** (VmRSS sampled every 200 ms)." % (
          o.serving_ms, int(o.rss_idle_kb or 0) // 1024, peak // 1024))
print()
scale = {r[0]: r for r in rows(o.scale)}
if scale:
    print("Verify latency by enrolled users (concurrency 1; ~10^3 users enrolled over the API, then %s more "
          "added by SQL with a factor and an event each; a second sidecar run as the image runs it):" % num(o.fillers or 0))
    print()
    print("| scenario | users | throughput /s | p50 ms | p99 ms | p99.9 ms | expected outcome | p50 vs 10^3 |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for scen in ("totp-accepted", "totp-rejected"):
        small = scale.get(scen + "@1e3")
        for tag, users in (("@1e3", "~10^3"), ("@1e6", "~10^3 + %s" % num(o.fillers or 0))):
            r = scale.get(scen + tag)
            if not r:
                continue
            vs = "%+.0f %%" % (100 * (float(r[4]) / float(small[4]) - 1)) if small and tag == "@1e6" and float(small[4]) > 0 else ""
            print("| %s | %s | %s | %s | %s | %s | %.1f %% | %s |" % (
                NAMES[scen][0], users, num(r[3]), r[4], r[5], r[6], 100 * float(r[7]), vs))
    print()
if o.image:
    serving, idle = o.image.split()
    peak_img = max(int(r[9] or 0) for r in scale.values()) if scale else 0
    print("As the image runs it (its JVM flags `-XX:MaxRAMPercentage=50 -XX:+UseSerialGC` under a "
          "simulated 512 MiB limit, `-XX:MaxRAM=512m`; the users-scale phase): SERVING after **%s ms**; "
          "resident memory idle **%d MiB**, peak under that phase's load **%d MiB**." % (
              serving, int(idle) // 1024, peak_img // 1024))
    print()
if o.seed:
    print("Seeding: " + o.seed + " (BeginEnrollment + ConfirmEnrollment and GenerateCodes, 32 calls in flight; not timed in the rows).")
    print()
print("Outcomes per row:")
print()
print("\n".join(outcomes))
