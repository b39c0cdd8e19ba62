#!/usr/bin/env bash
# fresh-machine-check.sh [--main-only]: runs the README's quick-start commands, as root, in a
# throwaway Debian 12 chroot that has none of vgtrace's Debian packages (not even Maven), from a
# clone of this repository's HEAD, and shows that the commands install what they lack themselves;
# then ./vgtrace doctor shows what the machine has.
#
# The chroot is a debootstrap --variant=minbase bookworm made once under the samples cache
# (samples/vm/cache/bookworm-minbase, or $VGTRACE_CACHE); each run mounts a writable overlay on it
# and drops it afterwards, so every run starts from the same fresh machine. The host's Java 25 JDK
# is bound read-only at the same path, and its Maven repository is an overlay's read-only lower
# layer: nothing but Debian packages is downloaded. Needs root, debootstrap and the Debian archive.
# --main-only runs only the first command (the main job), not the test suite.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$repo/scripts/jdk.sh"
[ "$(id -u)" -eq 0 ] || { echo "vgtrace: the fresh-machine check needs root (chroot, mount): run sudo $0" >&2; exit 4; }
command -v debootstrap >/dev/null || { echo "vgtrace: debootstrap is missing: run apt-get install debootstrap" >&2; exit 4; }
vgtrace_find_jdk || exit 4
m2=${HOME}/.m2/repository
[ -d "$m2" ] || { echo "vgtrace: no Maven repository at $m2: build vgtrace on this machine once first (./vgtrace --help)" >&2; exit 4; }

# The README's quick start: the lines of the first code block after "## Quick start", comments dropped.
mapfile -t commands < <(awk '/^## Quick start/ {q=1} q && /^```/ {if (b) exit; b=1; next} b {sub(/(^|[ \t]+)#.*/, ""); if ($0 != "") print}' "$repo/README.md")
[ ${#commands[@]} -eq 2 ] || { echo "vgtrace: the README's quick start has ${#commands[@]} commands, not 2" >&2; exit 1; }
[ "${1:-}" != --main-only ] || commands=("${commands[0]}")

cache=${VGTRACE_CACHE:-$repo/samples/vm/cache}
base=$cache/bookworm-minbase
mkdir -p "$cache"
if [ ! -x "$base/usr/bin/apt-get" ]; then
  echo "== debootstrap bookworm (minbase) into $base (once)"
  rm -rf "$base.tmp"
  debootstrap --variant=minbase bookworm "$base.tmp" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$cache/bookworm-minbase.log" 2>&1 \
    || { echo "vgtrace: debootstrap failed: see $cache/bookworm-minbase.log" >&2; exit 1; }
  mv "$base.tmp" "$base"
fi

run=$(mktemp -d "$cache/fresh-machine.XXXXXX")
trap 'rm -rf "$run"' EXIT
mkdir -p "$run"/{upper,work,root,m2-upper,m2-work}
git clone -q --no-checkout "$repo" "$run/clone"
git -C "$run/clone" checkout -q --detach "$(git -C "$repo" rev-parse HEAD)"
echo "== fresh bookworm chroot, clone of $(git -C "$repo" log -1 --format='%h %s' HEAD)"

# Everything below runs in a private mount namespace: its mounts vanish when it ends.
unshare --mount --propagation private bash -s "$run" "$base" "$VGTRACE_JDK" "$m2" "${commands[@]}" <<'EOF'
set -euo pipefail
run=$1 base=$2 jdk=$3 m2=$4; shift 4
root=$run/root
mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root$jdk" "$root/root/.m2/repository"
mount --bind -o ro "$jdk" "$root$jdk"
mount -t overlay overlay -o "lowerdir=$m2,upperdir=$run/m2-upper,workdir=$run/m2-work" "$root/root/.m2/repository"
mv "$run/clone" "$root/root/vgtrace"
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
echo "== Debian packages at the start: $(in_root dpkg-query -W -f='${binary:Package}\n' | wc -l) installed; none of vgtrace's:"
in_root bash -c '. /root/vgtrace/scripts/deps.sh; echo "   missing: $(vgtrace_missing_packages "${!VGTRACE_PACKAGES[@]}" | tr "\n" " ")"'
rc=0
for c in "$@"; do
  echo "== # $c"
  start=$SECONDS
  in_root bash -c "cd /root/vgtrace && $c" 2>&1 || rc=$?
  echo "== exit ${rc}, $((SECONDS - start)) s"
  [ $rc -eq 0 ] || exit $rc
done
echo "== # ./vgtrace doctor (afterwards)"
in_root bash -c "cd /root/vgtrace && ./vgtrace doctor" 2>&1
EOF
