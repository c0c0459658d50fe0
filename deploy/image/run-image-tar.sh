#!/usr/bin/env bash
# Run an image tar the way a container engine would, without one: unpack its layers into a root filesystem,
# then start its entrypoint there as the image's user, with the image's environment and working directory,
# in a new mount and PID namespace with /proc and /dev mounted. Root only (util-linux unshare).
#
#   deploy/image/run-image-tar.sh cli/target/typoguard-image.tar --help
#   deploy/image/run-image-tar.sh cli/target/typoguard-image.tar demo --duration 10
#   ROOTFS=/tmp/typoguard-rootfs deploy/image/run-image-tar.sh IMAGE.tar     (keep the root filesystem there)
#
# Arguments after the tar replace the image's default command (Cmd), as `docker run IMAGE ARGS` does; with
# none, the default command runs (`run --config /etc/typoguard/typoguard.properties`). Extra environment
# for the container: IMAGE_ENV="TYPOGUARD_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ..." (like docker run -e);
# bind mounts: VOLUMES="deploy/typoguard/typoguard.properties:/etc/typoguard/typoguard.properties:ro ..."
# (like docker run -v, host paths only). The host's network is used (like `docker run --network host`). Reads OCI layout tars (Jib's default) and `docker save` tars.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,14p' "$0" >&2
    exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "run as root (unshare, mount, chroot)" >&2
    exit 2
fi
image=$(realpath "$1")
shift

work=$(mktemp -d /tmp/typoguard-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=${ROOTFS:-$work/rootfs}
rm -rf "$rootfs"
mkdir -p "$rootfs" "$work/image"
tar -xf "$image" -C "$work/image"

# Layer files in order, then the config: NUL-separated KEY=VALUE lines.
python3 - "$work/image" > "$work/plan" <<'EOF'
import json, os, sys
d = sys.argv[1]
def blob(digest):
    return os.path.join(d, "blobs", *digest.split(":"))
if os.path.exists(os.path.join(d, "index.json")):
    index = json.load(open(os.path.join(d, "index.json")))
    manifest = json.load(open(blob(index["manifests"][0]["digest"])))
    layers = [blob(l["digest"]) for l in manifest["layers"]]
    config = json.load(open(blob(manifest["config"]["digest"])))
else:
    entry = json.load(open(os.path.join(d, "manifest.json")))[0]
    layers = [os.path.join(d, l) for l in entry["Layers"]]
    config = json.load(open(os.path.join(d, entry["Config"])))
c = config.get("config", {})
out = [("LAYER", l) for l in layers]
out += [("ENV", e) for e in c.get("Env") or []]
out += [("ENTRYPOINT", a) for a in c.get("Entrypoint") or []]
out += [("CMD", a) for a in c.get("Cmd") or []]
out += [("USER", c.get("User") or "0:0"), ("WORKDIR", c.get("WorkingDir") or "/")]
sys.stdout.write("".join(f"{k}={v}\0" for k, v in out))
EOF

layers=() envs=() entrypoint=() cmd=() user=0:0 workdir=/
while IFS= read -r -d '' line; do
    key=${line%%=*} value=${line#*=}
    case $key in
        LAYER) layers+=("$value") ;;
        ENV) envs+=("$value") ;;
        ENTRYPOINT) entrypoint+=("$value") ;;
        CMD) cmd+=("$value") ;;
        USER) user=$value ;;
        WORKDIR) workdir=$value ;;
    esac
done < "$work/plan"

for layer in "${layers[@]}"; do
    # --numeric-owner keeps the image's uids (the state directory belongs to 65532), -p its modes (/tmp 1777).
    tar -xpf "$layer" -C "$rootfs" --numeric-owner --warning=no-unknown-keyword
    # OCI whiteouts (.wh.NAME deletes NAME of the layers below). Jib writes none; opaque ones are not handled.
    while IFS= read -r -d '' wh; do
        name=$(basename "$wh")
        if [[ $name == .wh..wh..opq ]]; then
            echo "opaque whiteout in $layer: not supported" >&2
            exit 1
        fi
        rm -rf "$(dirname "$wh")/${name#.wh.}" "$wh"
    done < <(find "$rootfs" -name '.wh.*' -print0)
done
mkdir -p "$rootfs/proc" "$rootfs/dev"

if [[ $# -gt 0 ]]; then
    cmd=("$@")
fi
uid=${user%%:*} gid=${user#*:}
[[ $gid == "$user" ]] && gid=$uid
read -r -a extra <<< "${IMAGE_ENV:-}"
read -r -a volumes <<< "${VOLUMES:-}"
binds=()
for v in "${volumes[@]}"; do
    IFS=: read -r src dst mode <<< "$v"
    src=$(realpath "$src")
    if [[ -d $src ]]; then mkdir -p "$rootfs$dst"; else mkdir -p "$(dirname "$rootfs$dst")"; touch "$rootfs$dst"; fi
    binds+=("$src" "$rootfs$dst" "${mode:-rw}")
done

echo "image: $image (${#layers[@]} layers) -> $rootfs; user $uid:$gid; workdir $workdir" >&2
echo "exec: ${entrypoint[*]} ${cmd[*]}" >&2
# New mount and PID namespaces: /proc of the new PID namespace and the host's /dev inside the root filesystem,
# gone when the process ends. Then the entrypoint runs with that root, as the image's user and groups only.
unshare --mount --propagation private --pid --fork -- bash -c '
    rootfs=$1 uid=$2 gid=$3 workdir=$4 nbinds=$5; shift 5
    mount -t proc proc "$rootfs/proc"
    mount --rbind /dev "$rootfs/dev"
    for ((i = 0; i < nbinds; i += 3)); do
        mount --bind "$1" "$2"
        [[ $3 == ro ]] && mount -o remount,bind,ro "$2"
        shift 3
    done
    exec env -i "$@"
' _ "$rootfs" "$uid" "$gid" "$workdir" "${#binds[@]}" "${binds[@]}" \
    "${envs[@]}" HOSTNAME=typoguard HOME=/var/lib/typoguard "${extra[@]}" \
    unshare --root="$rootfs" --wd="$workdir" --setuid "$uid" --setgid "$gid" -- "${entrypoint[@]}" "${cmd[@]}"
