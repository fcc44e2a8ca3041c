#!/usr/bin/env python3
"""Assembles the image's base: a distroless-style root filesystem made of Debian trixie packages
(the OpenJDK 21 JRE and only the libraries it links against, CA certificates, time zones), written
as a `docker save` tarball that Jib reads with `<from><image>tar://...</image></from>`.

No container registry and no container runtime are needed: the packages come from the Debian
mirror this machine's apt is configured with (trixie is taken from the same mirror as the host's
suites), are verified by apt against the Debian archive keyring, and are unpacked with
`dpkg-deb -x`. No maintainer scripts run; the two things they would have produced (the Java
cacerts keystore and the /etc/ssl/certs links) are made here, the keystore by the image's own
JRE in a chroot, as Debian's ca-certificates-java does.

The result is cached under .tools/image/ (git-ignored) by a key made of this script and the exact
package versions resolved, so a second run with nothing changed only re-reads the package lists.

Usage: image/base.py [--refresh]   (--refresh: re-download the package lists even if fresh)
Prints the path of the base tarball on its last line.
Environment: IMAGE_DEBIAN_MIRROR, IMAGE_DEBIAN_SECURITY_MIRROR override the mirrors found in
/etc/apt; IMAGE_DEBIAN_SUITE overrides trixie (it must have openjdk-21-jre-headless).
"""
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(REPO, ".tools", "image")
APT = os.path.join(CACHE, "apt")
BASE_TAR = os.path.join(CACHE, "base.tar")
SUITE = os.environ.get("IMAGE_DEBIAN_SUITE", "trixie")
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
JAVA_HOME = "/usr/lib/jvm/java-21-openjdk-amd64"
BASE_REF = "authsidecar/base-jre21:" + SUITE
LISTS_MAX_AGE = 24 * 3600
EPOCH = 0  # every file's mtime and the image's creation time: the base is reproducible per input

# What apt resolves the closure from.
ROOTS = ["openjdk-21-jre-headless", "ca-certificates", "tzdata", "base-files", "libc-bin"]
# What of that closure goes into the image: the JRE, the libraries its binaries link against
# (checked below: every DT_NEEDED of every ELF file must resolve inside the root), and data.
# Left out on purpose: everything only maintainer scripts use (util-linux, PAM, debconf, openssl's
# CLI, systemd and SELinux libraries) and NSS, which Debian's java.security does not configure.
KEEP = [
    "base-files",              # /etc/os-release, /etc/debian_version (scanners read them)
    "libc6", "libgcc-s1", "gcc-14-base", "libstdc++6", "zlib1g",
    "libjpeg62-turbo", "liblcms2-2",  # linked by the JRE's libjavajpeg.so and liblcms.so
    "libpcsclite1",            # linked by libj2pcsc.so (the SunPCSC provider is registered)
    "java-common",
    "openjdk-21-jre-headless",
    "ca-certificates",         # the Mozilla CA bundle (PEM)
    "ca-certificates-java",    # its jar builds the JRE's cacerts, then is removed
    "tzdata",
    "libc-bin",                # only the paths in PARTIAL
]
# Packages of which only some paths go in: the compiled C.UTF-8 locale, so that LANG=C.UTF-8 makes
# the JVM's file-name encoding (sun.jnu.encoding) UTF-8 instead of ASCII.
PARTIAL = {"libc-bin": ["usr/lib/locale/C.utf8"]}
# Shared objects whose libraries Debian only recommends (fonts, sound): never loaded by a server.
ALLOWED_UNRESOLVED = {"libfontmanager.so": {"libfreetype.so.6", "libharfbuzz.so.0"},
                      "libjsound.so": {"libasound.so.2"}}
# Removed after unpacking: documentation (copyright files stay), manuals, translations.
PRUNE = ["usr/share/man", "usr/share/info", "usr/share/locale", "usr/share/lintian",
         "usr/share/bash-completion", "usr/share/gdb", "usr/share/bug", "usr/share/common-licenses",
         JAVA_HOME.lstrip("/") + "/man", "usr/share/ca-certificates-java",
         "usr/lib/x86_64-linux-gnu/gconv"]  # iconv modules: the JVM does its own charsets

ENV = ["PATH=" + JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
       "JAVA_HOME=" + JAVA_HOME, "LANG=C.UTF-8", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"]
NONROOT = 65532


def log(msg):
    print("   " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def host_mirrors():
    """The Debian mirror and security mirror this machine's apt uses (deb822 or one-line)."""
    main = os.environ.get("IMAGE_DEBIAN_MIRROR")
    sec = os.environ.get("IMAGE_DEBIAN_SECURITY_MIRROR")
    entries = []  # (uri, [suites])
    files = glob.glob("/etc/apt/sources.list.d/*") + ["/etc/apt/sources.list"]
    for f in files:
        if not os.path.isfile(f):
            continue
        text = open(f, encoding="utf-8", errors="replace").read()
        if f.endswith(".sources"):
            for stanza in re.split(r"\n\s*\n", text):
                uris = re.search(r"^URIs:\s*(.+)$", stanza, re.M)
                suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
                if uris and suites:
                    for u in uris.group(1).split():
                        entries.append((u, suites.group(1).split()))
        else:
            for line in text.splitlines():
                m = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
                if m:
                    entries.append((m.group(1), [m.group(2)]))
    codename = ""
    if os.path.exists("/etc/os-release"):
        m = re.search(r"^VERSION_CODENAME=(\S+)", open("/etc/os-release").read(), re.M)
        codename = m.group(1) if m else ""
    for uri, suites in entries:
        if main is None and any(s in (codename, SUITE, "stable") for s in suites):
            main = uri
        if sec is None and any(s in (codename + "-security", SUITE + "-security",
                                     "stable-security") for s in suites):
            sec = uri
    if not main:
        sys.exit("no Debian mirror found in /etc/apt; set IMAGE_DEBIAN_MIRROR")
    return main.rstrip("/"), (sec or "").rstrip("/")


def apt_opts():
    return ["-o", "Dir=" + APT, "-o", "Dir::Etc=" + APT + "/etc",
            "-o", "Dir::State=" + APT + "/state", "-o", "Dir::State::status=" + APT + "/status",
            "-o", "Dir::Cache=" + APT + "/cache", "-o", "APT::Architecture=amd64",
            "-o", "APT::Architectures=amd64", "-o", "Debug::NoLocking=1",
            "-o", "Acquire::Retries=3", "-o", "APT::Sandbox::User=root", "-o", "APT::Install-Recommends=false"]


def apt_setup(refresh):
    main, sec = host_mirrors()
    for d in ("etc/sources.list.d", "etc/preferences.d", "etc/apt.conf.d", "state/lists/partial",
              "cache/archives/partial"):
        os.makedirs(os.path.join(APT, d), exist_ok=True)
    open(os.path.join(APT, "status"), "a").close()
    lines = ["deb [signed-by=%s] %s %s main" % (KEYRING, main, SUITE),
             "deb [signed-by=%s] %s %s-updates main" % (KEYRING, main, SUITE)]
    if sec:
        lines.append("deb [signed-by=%s] %s %s-security main" % (KEYRING, sec, SUITE))
    sources = "\n".join(lines) + "\n"
    path = os.path.join(APT, "etc", "sources.list")
    changed = not os.path.exists(path) or open(path).read() != sources
    with open(path, "w") as f:
        f.write(sources)
    stamp = os.path.join(APT, "updated")
    if refresh or changed or not os.path.exists(stamp) or \
            time.time() - os.path.getmtime(stamp) > LISTS_MAX_AGE:
        log("apt-get update (Debian %s package lists)" % SUITE)
        run(["apt-get", *apt_opts(), "-q", "update"], stdout=subprocess.DEVNULL)
        open(stamp, "w").close()


def resolve():
    """name -> version for KEEP, from apt's resolution of ROOTS (so versions match each other)."""
    out = run(["apt-get", *apt_opts(), "-s", "install", *ROOTS], capture_output=True).stdout
    closure = dict(re.findall(r"^Inst (\S+) \((\S+)", out, re.M))
    missing = [p for p in KEEP if p not in closure]
    if missing:
        sys.exit("apt did not resolve %s from Debian %s; the package list in image/base.py "
                 "needs updating" % (", ".join(missing), SUITE))
    return {p: closure[p] for p in sorted(KEEP)}, sorted(set(closure) - set(KEEP))


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def elf_needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def check_libraries(root):
    """Every ELF file's DT_NEEDED resolves to a library inside the root (the image has no ldconfig
    and nothing from the host)."""
    libdirs = ["usr/lib/x86_64-linux-gnu", "usr/lib", "usr/lib64",
               JAVA_HOME.lstrip("/") + "/lib", JAVA_HOME.lstrip("/") + "/lib/server"]
    have = set()
    for d in libdirs:
        have.update(os.listdir(os.path.join(root, d)) if os.path.isdir(os.path.join(root, d)) else [])
    problems = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            for lib in elf_needed(p):
                if lib not in have and lib not in ALLOWED_UNRESOLVED.get(name, ()):
                    problems.append("%s needs %s" % (os.path.relpath(p, root), lib))
    if problems:
        sys.exit("libraries missing from the base:\n  " + "\n  ".join(problems))


def in_root(root, cmd, user=None, **kw):
    """Runs cmd chrooted into root with a private /proc (the JRE's launcher finds libjli.so through
    $ORIGIN, which glibc resolves by reading /proc/self/exe)."""
    spec = ["--userspec=%d:%d" % user] if user else []
    return run(["unshare", "--mount", "--pid", "--fork", "--mount-proc=" + os.path.join(root, "proc"),
                "chroot", *spec, root, *cmd], env=dict(e.split("=", 1) for e in ENV), **kw)


def write_file(root, rel, text, mode=0o644):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
    os.chmod(p, mode)


def assemble(root, versions, debdir):
    for name in sorted(versions):
        deb = glob.glob(os.path.join(debdir, name + "_*.deb"))
        if len(deb) != 1:
            sys.exit("expected one .deb for %s in %s" % (name, debdir))
        if name in PARTIAL:
            with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
                run(["dpkg-deb", "-x", deb[0], tmp])
                for rel in PARTIAL[name]:
                    shutil.copytree(os.path.join(tmp, rel), os.path.join(root, rel), symlinks=True)
        else:
            run(["dpkg-deb", "-x", deb[0], root])
        # distroless-style package records, so image scanners know what is inside
        control = run(["dpkg-deb", "-f", deb[0]], capture_output=True).stdout
        write_file(root, "var/lib/dpkg/status.d/" + name,
                   control.rstrip("\n") + "\nStatus: install ok installed\n")
    # usrmerge: the ELF interpreter is /lib64/ld-linux-x86-64.so.2
    for link, target in (("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"),
                         ("lib64", "usr/lib64")):
        p = os.path.join(root, link)
        if not os.path.lexists(p) and os.path.isdir(os.path.join(root, target)):
            os.symlink(target, p)
    # users: root, nobody and the non-root user the image runs as (no login shell anywhere)
    write_file(root, "etc/passwd",
               "root:x:0:0:root:/root:/usr/sbin/nologin\n"
               "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
               "nonroot:x:%d:%d:nonroot:/home/nonroot:/usr/sbin/nologin\n" % (NONROOT, NONROOT))
    write_file(root, "etc/group", "root:x:0:\nnogroup:x:65534:\nnonroot:x:%d:\n" % NONROOT)
    write_file(root, "etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n")
    for d, mode in (("tmp", 0o1777), ("root", 0o700), ("home/nonroot", 0o700), ("proc", 0o555),
                    ("sys", 0o555), ("dev", 0o755)):
        os.makedirs(os.path.join(root, d), exist_ok=True)
        os.chmod(os.path.join(root, d), mode)
    # /etc/ssl/certs as update-ca-certificates leaves it: one link per CA and the PEM bundle
    certs = sorted(glob.glob(os.path.join(root, "usr/share/ca-certificates/mozilla/*.crt")))
    if not certs:
        sys.exit("no CA certificates unpacked")
    os.makedirs(os.path.join(root, "etc/ssl/certs/java"), exist_ok=True)
    bundle, fresh = [], []
    for c in certs:
        base = os.path.basename(c)[:-4]
        os.symlink("/usr/share/ca-certificates/mozilla/%s.crt" % base,
                   os.path.join(root, "etc/ssl/certs", base + ".pem"))
        bundle.append(open(c).read().rstrip("\n") + "\n")
        fresh.append("+/etc/ssl/certs/%s.pem\n" % base)
    write_file(root, "etc/ssl/certs/ca-certificates.crt", "".join(bundle))
    # the JRE's cacerts (lib/security/cacerts -> /etc/ssl/certs/java/cacerts), made by the image's
    # own java with Debian's ca-certificates-java, as its postinst does
    java = JAVA_HOME + "/bin/java"
    in_root(root, [java, "-Xmx64m", "-Xshare:off", "-jar",
                   "/usr/share/ca-certificates-java/ca-certificates-java.jar", "-storepass", "changeit"],
            input="".join(fresh), stdout=subprocess.DEVNULL)
    if not os.path.getsize(os.path.join(root, "etc/ssl/certs/java/cacerts")):
        sys.exit("cacerts was not written")
    for p in PRUNE:
        shutil.rmtree(os.path.join(root, p), ignore_errors=True)
    for doc in glob.glob(os.path.join(root, "usr/share/doc/*")):
        if os.path.isdir(doc) and not os.path.islink(doc):
            for entry in os.listdir(doc):
                if entry != "copyright":
                    e = os.path.join(doc, entry)
                    shutil.rmtree(e) if os.path.isdir(e) and not os.path.islink(e) else os.remove(e)
    for rel in ("etc/apt", "etc/pam.d", "etc/security", "etc/ca-certificates/update.d",
                "usr/share/pam-configs"):
        shutil.rmtree(os.path.join(root, rel), ignore_errors=True)
    check_libraries(root)
    # smoke test: the JRE starts as the non-root user and trusts the CA bundle
    out = in_root(root, [java, "-XX:-UsePerfData", "-XshowSettings:properties", "-version"],
                  user=(NONROOT, NONROOT), capture_output=True).stderr
    version = re.search(r"java\.runtime\.version = (\S+)", out).group(1)
    if "sun.jnu.encoding = UTF-8" not in out:
        sys.exit("the JRE does not use UTF-8 file names under LANG=C.UTF-8")
    return version


def layer_tar(root, out_path):
    """One uncompressed layer with sorted entries, fixed mtimes and numeric root ownership."""
    with tarfile.open(out_path, "w", format=tarfile.PAX_FORMAT) as tar:
        def add(rel):
            ti = tar.gettarinfo(os.path.join(root, rel), arcname=rel)
            ti.mtime = EPOCH
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            if rel == "home/nonroot":
                ti.uid = ti.gid = NONROOT
            if ti.isreg():
                with open(os.path.join(root, rel), "rb") as f:
                    tar.addfile(ti, f)
            else:
                tar.addfile(ti)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, root)
            entries = sorted(dirnames + filenames)
            for name in entries:
                rel = name if rel_dir == "." else rel_dir + "/" + name
                add(rel)
            # os.walk does not descend into symlinked dirs; those stay links, which is right


def docker_save_tar(layer_path, versions, jre, out_path):
    diff_id = sha256_file(layer_path)
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH))
    config = {
        "architecture": "amd64", "os": "linux", "created": created,
        "config": {"Env": ENV, "User": "%d:%d" % (NONROOT, NONROOT), "WorkingDir": "/",
                   "Labels": {"org.opencontainers.image.base.name": BASE_REF,
                              "dev.authsidecar.base.jre": jre}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
        "history": [{"created": created, "created_by":
                     "image/base.py: Debian %s packages %s" % (SUITE, " ".join(
                         "%s=%s" % kv for kv in sorted(versions.items())))}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [BASE_REF],
                            "Layers": [diff_id + "/layer.tar"]}]).encode()
    tmp = out_path + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        def add_bytes(name, data):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), EPOCH, 0o644
            tar.addfile(ti, io.BytesIO(data))
        d = tarfile.TarInfo(diff_id)
        d.type, d.mode, d.mtime = tarfile.DIRTYPE, 0o755, EPOCH
        tar.addfile(d)
        ti = tarfile.TarInfo(diff_id + "/layer.tar")
        ti.size, ti.mtime, ti.mode = os.path.getsize(layer_path), EPOCH, 0o644
        with open(layer_path, "rb") as f:
            tar.addfile(ti, f)
        add_bytes(config_name, config_bytes)
        add_bytes("manifest.json", manifest)
    os.replace(tmp, out_path)


def main():
    refresh = "--refresh" in sys.argv[1:]
    if os.geteuid() != 0:
        sys.exit("image/base.py runs as root (it chroots into the new root to build cacerts)")
    for tool in ("apt-get", "dpkg-deb", "readelf", "chroot", "unshare"):
        if not shutil.which(tool):
            sys.exit("%s is needed (binutils for readelf)" % tool)
    t0 = time.time()
    os.makedirs(CACHE, exist_ok=True)
    apt_setup(refresh)
    versions, dropped = resolve()
    key_src = open(os.path.abspath(__file__), "rb").read() + json.dumps(versions).encode()
    key = hashlib.sha256(key_src).hexdigest()[:16]
    keyed = os.path.join(CACHE, "base-%s.tar" % key)
    if os.path.exists(keyed):
        log("base cached (%s)" % os.path.basename(keyed))
    else:
        log("assembling base from %d packages (left out: %s)" % (len(versions), " ".join(dropped)))
        debdir = os.path.join(APT, "debs")
        os.makedirs(debdir, exist_ok=True)
        for old in os.listdir(debdir):
            name = old.split("_")[0]
            if versions.get(name) is None or not old.startswith(
                    "%s_%s_" % (name, versions[name].replace(":", "%3a"))):
                os.remove(os.path.join(debdir, old))
        need = ["%s=%s" % (n, v) for n, v in versions.items()
                if not glob.glob(os.path.join(debdir, n + "_*.deb"))]
        if need:
            run(["apt-get", *apt_opts(), "-q", "download", *need], cwd=debdir,
                stdout=subprocess.DEVNULL)
        work = tempfile.mkdtemp(prefix="base-", dir=CACHE)
        try:
            root = os.path.join(work, "root")
            os.makedirs(root)
            jre = assemble(root, versions, debdir)
            layer = os.path.join(work, "layer.tar")
            layer_tar(root, layer)
            docker_save_tar(layer, versions, jre, keyed)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for old in glob.glob(os.path.join(CACHE, "base-*.tar")):
            if old != keyed:
                os.remove(old)
        with open(os.path.join(CACHE, "base-packages.txt"), "w") as f:
            f.write("".join("%s=%s\n" % kv for kv in versions.items()))
        log("JRE %s" % jre)
    if os.path.lexists(BASE_TAR):
        os.remove(BASE_TAR)
    os.symlink(os.path.basename(keyed), BASE_TAR)
    log("base %s: %.1f MiB, %.1f s" % (os.path.relpath(keyed, REPO),
                                       os.path.getsize(keyed) / 2**20, time.time() - t0))
    print(BASE_TAR)


if __name__ == "__main__":
    main()
