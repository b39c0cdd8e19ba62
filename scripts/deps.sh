# Sourced by the vgtrace launcher, run-tests, .ci/run and install-deps.sh: the Debian packages each
# feature needs (the one list of them) and the function that installs what is missing.
# Java 25 is not packaged for bookworm: the machine must already have a Java 25 JDK (scripts/jdk.sh).

VGTRACE_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

declare -A VGTRACE_PACKAGES=(
  # building vgtrace (the launcher builds itself on first use); gcc builds the QEMU capture shim (C)
  [build]="maven gcc libc6-dev"
  # replay, record-sample: virglrenderer in-process on Mesa llvmpipe (surfaceless EGL; libepoxy also
  # opens libGL.so.1 and aborts without it), Venus on lavapipe; debootstrap makes the replay root of a
  # trace recorded on another Debian suite's virglrenderer (docs/replay.md)
  [replay]="libvirglrenderer1 libgl1-mesa-dri libegl-mesa0 libegl1 libgl1 libgbm1 mesa-vulkan-drivers debootstrap"
  # report: Java2D draws its charts' text with fontconfig's fonts
  [fonts]="libfreetype6 fontconfig fonts-dejavu-core"
  # ui: JavaFX renders through GTK 3 and pango; xvfb gives it a display on a headless machine
  [ui]="libpangoft2-1.0-0 libgtk-3-0 libxtst6 xvfb xauth"
  # samples/vm: the guest workload (static; only libdrm-dev's uapi headers), the initramfs (busybox,
  # cpio, modinfo, module decompression), the machine's QEMU 7.2 with an SDL/GTK GL window under
  # Xvfb, the trixie chroot run-blob.sh makes, and the ext4 image of run-mesa.sh's guest root (mke2fs -d)
  [samples]="gcc make libc6-dev libdrm-dev busybox-static cpio kmod xz-utils zstd qemu-system-x86 qemu-system-gui
             xvfb xauth libgl1-mesa-dri libegl-mesa0 libgl1 libegl1 libvirglrenderer1 debootstrap e2fsprogs"
)

# The features a vgtrace command line needs, by its first word (ui also draws text, so it needs fonts).
vgtrace_features_of() {
  case "${1:-}" in
    replay|record-sample) echo replay ;;
    bench) [ "${2:-}" = replay ] && echo replay ;;
    report) echo fonts ;;
    ui) echo fonts ui ;;
  esac
  return 0
}

# vgtrace_missing_packages FEATURE...: prints the packages those features need that are not installed.
vgtrace_missing_packages() {
  local f p
  local -A seen=()
  for f in "$@"; do
    for p in ${VGTRACE_PACKAGES[$f]:?unknown feature $f}; do
      [ -z "${seen[$p]:-}" ] || continue
      seen[$p]=1
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
    done
  done
}

# vgtrace_ensure_packages WHO FEATURE...: installs the packages those features lack when run as root,
# saying once what it installs; otherwise prints the one command to run and returns 4. WHO is the
# command that needs them, for the messages ("./vgtrace replay", "./run-tests").
vgtrace_ensure_packages() {
  local who=$1; shift
  local missing log
  command -v dpkg-query >/dev/null || return 0  # not Debian: the command itself says what it cannot load
  missing=$(vgtrace_missing_packages "$@" | tr '\n' ' ')
  missing=${missing% }
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "vgtrace: $who needs the Debian packages $missing: run sudo $VGTRACE_REPO/scripts/install-deps.sh $*" >&2
    return 4
  fi
  echo "vgtrace: installing the Debian packages for $who: $missing" >&2
  log=$(mktemp)
  # shellcheck disable=SC2086 # one word per package
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "vgtrace: apt-get could not install $missing (output above)" >&2
    return 4
  fi
  rm -f "$log"
}
