#!/usr/bin/env python3
"""image/test's static part: checks the image tarball's manifest and config against the contract
with the Helm chart, then unpacks its layers into ROOTFS and checks the file system.
Usage: image/inspect.py IMAGE_TAR ROOTFS. Prints one line per check; exits 1 on the first failure.
Writes ROOTFS/../image.env (Env) and ROOTFS/../entrypoint (one argument a line) for image/test."""
import json
import os
import stat
import sys
import tarfile

EXPECT_REF = "authsidecar/authsidecar:0.1.0"
EXPECT_FLAGS = ["-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=/tmp"]
UID = 65532
passed = 0


def check(ok, what):
    global passed
    if not ok:
        print("FAIL  " + what, flush=True)
        sys.exit(1)
    passed += 1
    print("ok    " + what, flush=True)


def main():
    image_tar, rootfs = sys.argv[1], sys.argv[2]
    with tarfile.open(image_tar) as t:
        manifest = json.load(t.extractfile("manifest.json"))
        check(len(manifest) == 1, "one image in the tarball")
        m = manifest[0]
        check(m["RepoTags"] == [EXPECT_REF], "tagged %s (the chart's image.repository:appVersion)"
              % EXPECT_REF)
        config = json.load(t.extractfile(m["Config"]))
        c = config["config"]
        check(config["architecture"] == "amd64" and config["os"] == "linux", "linux/amd64")
        check(c.get("User") == "%d:%d" % (UID, UID), "runs as %d:%d (User %r)" % (UID, UID, c.get("User")))
        check(c.get("WorkingDir") == "/app", "working directory /app")
        ep = c.get("Entrypoint") or []
        check(ep[:1] == ["java"] and ep[-1:] == ["dev.authsidecar.Main"],
              "entrypoint java ... dev.authsidecar.Main")
        for flag in EXPECT_FLAGS:
            check(flag in ep, "JVM flag " + flag)
        check(not c.get("Cmd"), "no Cmd: arguments (health, reseal) go straight to Main")
        check(set(c.get("ExposedPorts", {})) == {"50051/tcp", "50052/tcp", "9464/tcp"},
              "exposes 50051 (API), 50052 (health), 9464 (metrics)")
        labels = c.get("Labels", {})
        for key in ("title", "source", "version"):
            check(labels.get("org.opencontainers.image." + key), "label org.opencontainers.image." + key)
        check(labels.get("org.opencontainers.image.version") == EXPECT_REF.split(":")[1],
              "version label matches the tag")
        env = dict(e.split("=", 1) for e in c.get("Env", []))
        java_home = env.get("JAVA_HOME", "")
        check(java_home and java_home + "/bin" in env.get("PATH", "").split(":"),
              "PATH has $JAVA_HOME/bin (%s), so the entrypoint's java resolves" % java_home)
        check(config.get("created", "").startswith("1970-01-01"), "fixed creation time (reproducible)")
        check(len(m["Layers"]) == len(config["rootfs"]["diff_ids"]) >= 5,
              "%d layers (base, dependencies, project dependencies, resources, classes, jvm args)"
              % len(m["Layers"]))
        os.makedirs(rootfs, exist_ok=True)
        for layer in m["Layers"]:
            with tarfile.open(fileobj=t.extractfile(layer)) as lt:
                for member in lt:
                    name = os.path.basename(member.name)
                    if name.startswith(".wh."):
                        sys.exit("whiteouts are not expected in this image: " + member.name)
                try:
                    lt.extractall(rootfs, numeric_owner=True, filter="fully_trusted")
                except TypeError:  # Python without extraction filters
                    lt.extractall(rootfs, numeric_owner=True)
    with open(os.path.join(os.path.dirname(rootfs), "image.env"), "w") as f:
        f.write("".join(e + "\n" for e in c.get("Env", [])))
    with open(os.path.join(os.path.dirname(rootfs), "entrypoint"), "w") as f:
        f.write("".join(a + "\n" for a in ep))

    def p(rel):
        return os.path.join(rootfs, rel.lstrip("/"))
    passwd = open(p("/etc/passwd")).read()
    check("nonroot:x:%d:%d:" % (UID, UID) in passwd, "/etc/passwd names uid %d (nonroot)" % UID)
    check(os.path.isfile(p(java_home + "/bin/java")), "java at " + java_home + "/bin/java")
    for shell in ("/bin/sh", "/bin/bash", "/bin/dash", "/usr/bin/apt-get", "/usr/bin/dpkg"):
        check(not os.path.lexists(p(shell)), "no " + shell + " (no shell, no package manager)")
    check(os.path.isfile(p("/app/jib-classpath-file")) and os.path.isdir(p("/app/classes")),
          "/app holds the classes and Jib's classpath file")
    st = os.stat(p("/tmp"))
    check(stat.S_IMODE(st.st_mode) == 0o1777, "/tmp is 1777 (the chart mounts an emptyDir there)")
    check(os.path.getsize(p("/etc/ssl/certs/java/cacerts")) > 100000, "Java cacerts present")
    writable, setuid = [], []
    for dirpath, dirnames, files in os.walk(rootfs):
        for name in dirnames + files:
            full = os.path.join(dirpath, name)
            s = os.lstat(full)
            if stat.S_ISLNK(s.st_mode):
                continue
            rel = "/" + os.path.relpath(full, rootfs)
            if s.st_mode & (stat.S_ISUID | stat.S_ISGID):
                setuid.append(rel)
            if rel == "/home/nonroot" or (stat.S_ISDIR(s.st_mode) and s.st_mode & stat.S_ISVTX):
                continue  # the user's home, and sticky scratch dirs (/tmp, /var/tmp, /run/lock)
            if s.st_uid == UID or s.st_mode & 0o002:
                writable.append(rel)
    check(not setuid, "no setuid/setgid files %s" % setuid[:5])
    check(not writable, "nothing but sticky scratch dirs and /home/nonroot writable by uid %d %s"
          % (UID, writable[:5]))
    total = 0
    for dirpath, _, files in os.walk(rootfs):
        for name in files:
            full = os.path.join(dirpath, name)
            if not os.path.islink(full):
                total += os.lstat(full).st_size
    print("info  unpacked size %d bytes (%.1f MiB), tarball %d bytes (%.1f MiB)"
          % (total, total / 2**20, os.path.getsize(image_tar), os.path.getsize(image_tar) / 2**20))
    print("inspect: %d passed, 0 failed" % passed)


if __name__ == "__main__":
    main()
