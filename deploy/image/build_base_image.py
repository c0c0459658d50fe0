#!/usr/bin/env python3
"""Build Typoguard's container base image as a `docker save`-format tar, without a registry or a Docker daemon.

No base image can be pulled here, so the base is made from this machine's own files:

  /opt/java/openjdk          a Java runtime made with jlink from the local JDK's jmods (only the modules the
                             app needs), conf and cacerts as real files (Debian's JDK has them as symlinks)
  /lib/..., /lib64/...       the shared libraries that runtime needs (glibc, libz, libstdc++, libgcc_s), found
                             with ldd; libstdc++/libgcc_s also serve the native libraries the app unpacks at run
                             time (RocksDB, zstd, snappy, lz4)
  /opt/typoguard/healthcheck a tiny Java HTTP probe (the image has no shell, curl or wget) for HEALTHCHECK
  /etc/passwd, /etc/group    the non-root user typoguard (65532:65532), root, nobody
  /etc/nsswitch.conf         files, then DNS (glibc >= 2.34 has both built in)
  /tmp                       1777, for the JVM and the native libraries unpacked there
  /var/lib/typoguard/state   owned by typoguard: Kafka Streams state (state.dir)

Jib then adds the application layers on top (streams-app/pom.xml, profile `image`, `from` = tar://...).

Usage: build_base_image.py --output cli/target/jib-base/base-image.tar [--java-home /usr/lib/jvm/...]
Needs: python3 (standard library only), a JDK with jmods/ (Debian: openjdk-17-jdk-headless), ldd (libc-bin).
The tar is deterministic for the same inputs (sorted entries, fixed mtime, numeric owners).
"""

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

UID = GID = 65532
USER = "typoguard"
MTIME = 0  # 1970-01-01, like Jib's own layers: reproducible
JAVA_DIR = "opt/java/openjdk"

# What `jdeps --print-module-deps` finds for the app and its runtime dependencies, plus what is loaded
# reflectively or by name: JAAS/SASL/Kerberos login modules, EC crypto for TLS, DNS lookups through JNDI,
# jdk.httpserver (the app's HTTP endpoint), jdk.management/JFR (Micrometer's JVM metrics), zipfs.
MODULES = [
    "java.base", "java.compiler", "java.desktop", "java.instrument", "java.logging", "java.management",
    "java.naming", "java.net.http", "java.scripting", "java.security.jgss", "java.security.sasl", "java.sql",
    "java.transaction.xa", "java.xml", "jdk.crypto.cryptoki", "jdk.crypto.ec", "jdk.httpserver", "jdk.jfr",
    "jdk.management", "jdk.management.agent", "jdk.naming.dns", "jdk.net", "jdk.security.auth",
    "jdk.security.jgss", "jdk.unsupported", "jdk.zipfs",
]

# Native libraries of java.desktop that need X11/ALSA/fonts; only loaded by GUI, sound or font code, which a
# headless server never runs. They are left out of the image.
SKIP_NATIVE = re.compile(r"lib(awt_xawt|jawt|splashscreen|jsound|fontmanager|lcms|javajpeg|mlib_image|awt)\.so$")

# Needed by native libraries that the app's jars unpack to /tmp at run time, which ldd cannot see here
# (objdump -p: librocksdbjni-linux64.so needs libpthread, librt, libdl, libstdc++, libm, libgcc_s; zstd-jni
# libpthread; lz4-java libc). On glibc >= 2.34 libpthread, librt and libdl are small stubs.
EXTRA_LIBS = ["libc.so.6", "libm.so.6", "libz.so.1", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0",
              "librt.so.1", "libdl.so.2"]

PASSWD = f"""root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
{USER}:x:{UID}:{GID}:Typoguard:/var/lib/typoguard:/sbin/nologin
"""
GROUP = f"""root:x:0:
nogroup:x:65534:
{USER}:x:{GID}:
"""
NSSWITCH = """passwd: files
group: files
hosts: files dns
"""

HEALTHCHECK_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "HealthCheck.java")


def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def default_java_home():
    javac = shutil.which("javac")
    if javac:
        return os.path.dirname(os.path.dirname(os.path.realpath(javac)))
    return os.environ.get("JAVA_HOME", "")


def jlink(java_home, out):
    jmods = os.path.join(java_home, "jmods")
    if not os.path.isdir(jmods):
        sys.exit(f"no jmods in {java_home}: install the JDK's jmods (Debian: openjdk-17-jdk-headless) "
                 "or pass --java-home of a JDK that has them")
    run([os.path.join(java_home, "bin", "jlink"), "--module-path", jmods, "--add-modules", ",".join(MODULES),
         "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2", "--output", out])
    # Debian's JDK keeps conf files and cacerts as symlinks into /etc; the image needs real files.
    for dirpath, dirnames, filenames in os.walk(out):
        for name in filenames + dirnames:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                target = os.path.realpath(p)
                os.unlink(p)
                if os.path.isdir(target):
                    shutil.copytree(target, p, symlinks=False)
                elif os.path.exists(target):
                    shutil.copy2(target, p)
    cacerts = os.path.join(out, "lib", "security", "cacerts")
    host_cacerts = os.path.realpath(os.path.join(java_home, "lib", "security", "cacerts"))
    if os.path.isfile(host_cacerts):
        shutil.copy2(host_cacerts, cacerts)
    elif not os.path.isfile(cacerts):
        sys.exit(f"no cacerts in {java_home} (Debian: ca-certificates-java)")
    # Skip the native libraries that only GUI/sound/font code loads.
    for dirpath, _, filenames in os.walk(os.path.join(out, "lib")):
        for name in filenames:
            if SKIP_NATIVE.search(name):
                os.unlink(os.path.join(dirpath, name))


def ldd_deps(path):
    """Absolute paths of the shared libraries (and the loader) that `path` needs, as ldd resolves them."""
    res = subprocess.run(["ldd", path], capture_output=True, text=True)
    deps = []
    for line in res.stdout.splitlines():
        line = line.strip()
        m = re.match(r"\S+ => (/\S+) \(0x", line) or re.match(r"(/\S+) \(0x", line)
        if m:
            deps.append(m.group(1))
    return deps


def find_lib(name):
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    sys.exit(f"shared library {name} not found on this machine")


def copy_libs(root):
    java = os.path.join(root, JAVA_DIR)
    elves = [os.path.join(java, "bin", "java")]
    for dirpath, _, filenames in os.walk(os.path.join(java, "lib")):
        elves += [os.path.join(dirpath, f) for f in filenames if f.endswith(".so")]
    needed = set(find_lib(n) for n in EXTRA_LIBS)
    for e in elves:
        needed.update(d for d in ldd_deps(e) if not d.startswith(java))
    closure, todo = set(), list(needed)
    while todo:
        lib = todo.pop()
        if lib in closure:
            continue
        closure.add(lib)
        todo += [d for d in ldd_deps(lib) if d not in closure]
    for lib in sorted(closure):
        # Keep the path the loader knows (Debian's /lib/x86_64-linux-gnu, /lib64/ld-linux-x86-64.so.2),
        # with the symlink resolved to the real file.
        dest = os.path.join(root, lib.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(os.path.realpath(lib), dest)
        print(f"  {lib}", file=sys.stderr)


def healthcheck(java_home, root):
    out = os.path.join(root, "opt", "typoguard", "healthcheck")
    os.makedirs(out, exist_ok=True)
    run([os.path.join(java_home, "bin", "javac"), "--release", "17", "-d", out, HEALTHCHECK_SRC])


def write_files(root):
    for rel, text in (("etc/passwd", PASSWD), ("etc/group", GROUP), ("etc/nsswitch.conf", NSSWITCH)):
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    for d in ("tmp", "var/lib/typoguard/state", "etc/typoguard", "root"):
        os.makedirs(os.path.join(root, d), exist_ok=True)


def layer_tar(root):
    """The root filesystem as one uncompressed, deterministic layer tar."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        paths = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for n in sorted(dirnames + filenames):
                paths.append(os.path.join(dirpath, n))
        for p in sorted(paths, key=lambda x: os.path.relpath(x, root)):
            rel = os.path.relpath(p, root)
            info = tar.gettarinfo(p, arcname=rel)
            info.mtime = MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            st = os.lstat(p)
            if stat.S_ISDIR(st.st_mode):
                info.mode = 0o755
            elif stat.S_ISREG(st.st_mode):
                info.mode = 0o755 if st.st_mode & 0o111 else 0o644
            if rel == "tmp":
                info.mode = 0o1777
            if rel == "root":
                info.mode = 0o700
            if rel in ("var/lib/typoguard", "var/lib/typoguard/state"):
                info.uid, info.gid, info.mode = UID, GID, 0o750
            if info.isreg():
                with open(p, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
    return buf.getvalue()


def image_tar(layer, output, java_home):
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    release = ""
    try:
        with open(os.path.join(java_home, "release")) as f:
            release = re.search(r'JAVA_VERSION="([^"]+)"', f.read()).group(1)
    except (OSError, AttributeError):
        pass
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": {
            "User": f"{UID}:{GID}",
            "Env": [
                "PATH=/opt/java/openjdk/bin:/usr/bin:/bin",
                "JAVA_HOME=/opt/java/openjdk",
                "LANG=C.UTF-8",
            ],
            "WorkingDir": "/var/lib/typoguard",
            "Labels": {"io.typoguard.base.java.version": release,
                       "io.typoguard.base.built-by": "deploy/image/build_base_image.py"},
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z",
                     "created_by": "deploy/image/build_base_image.py: jlinked Java " + release
                                   + " runtime and its shared libraries from this machine"}],
    }
    config_bytes = json.dumps(config, indent=2, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = diff_id.split(":")[1] + "/layer.tar"
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["typoguard-base:local"],
                            "Layers": [layer_name]}], indent=2).encode()
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with tarfile.open(output, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in (("manifest.json", manifest), (config_name, config_bytes), (layer_name, layer)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), MTIME, 0o644
            tar.addfile(info, io.BytesIO(data))
    return diff_id


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", required=True, help="the base image tar to write")
    ap.add_argument("--java-home", default=default_java_home(), help="JDK with jmods/ (default: the javac on PATH)")
    ap.add_argument("--rootfs", help="keep the assembled root filesystem in this directory (for inspection)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="typoguard-base-")
    try:
        root = args.rootfs or os.path.join(work, "rootfs")
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(os.path.join(root, "opt", "java"))
        jlink(args.java_home, os.path.join(root, JAVA_DIR))
        copy_libs(root)
        healthcheck(args.java_home, root)
        write_files(root)
        layer = layer_tar(root)
        diff_id = image_tar(layer, args.output, args.java_home)
        print(f"base image {args.output}: one layer, {len(layer) // (1024 * 1024)} MiB uncompressed, {diff_id}",
              file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
