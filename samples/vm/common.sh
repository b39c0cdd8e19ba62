# Shared helpers for the samples/vm scripts. Source it; do not run it.
# Everything downloaded lives under cache/ (git-ignored), every run under runs/ (git-ignored).

shopt -s inherit_errexit   # keep set -e inside $(...) too
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SAMPLES_DIR=$(dirname "$VM_DIR")
CACHE_DIR=${VGTRACE_CACHE:-$VM_DIR/cache}
RUNS_DIR=${VGTRACE_RUNS:-$VM_DIR/runs}
export VM_DIR CACHE_DIR RUNS_DIR   # in-chroot.sh's inner shell reads them
mkdir -p "$CACHE_DIR" "$RUNS_DIR"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# private_apt SUITE: apt-get with its own sources, lists and cache under cache/apt-SUITE, so a
# package from another suite can be downloaded (never installed) without touching the machine's apt.
# Prints nothing; sets APT_OPTS for the caller. The lists are refreshed once a day.
private_apt() {
    local suite=$1 dir="$CACHE_DIR/apt-$1" mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
    mkdir -p "$dir/lists/partial" "$dir/archives/partial"
    echo "deb $mirror $suite main" > "$dir/sources.list"
    APT_OPTS=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o "Dir::Etc::sourceparts=-"
              -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir"
              -o "Dir::State::status=/dev/null" -o "APT::Get::List-Cleanup=0")
    if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
        log "apt-get update for $suite (private lists)"
        apt-get "${APT_OPTS[@]}" update -q >/dev/null || die "apt-get update for $suite failed"
    fi
}

# download_debs DEST PKG...: apt-get download into DEST (idempotent: skips packages already there).
download_debs() {
    local dest=$1; shift
    mkdir -p "$dest"
    (cd "$dest" && for p in "$@"; do
        ls "${p%%=*}"_*.deb >/dev/null 2>&1 || apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root download -q "$p" >/dev/null \
            || die "apt-get download $p failed"
    done)
}

# accel_args KERNEL: KVM when it can run a guest here, else TCG; VGTRACE_ACCEL=tcg|kvm overrides the
# probe. Starting a machine is not enough: on some nested setups /dev/kvm opens and a paused machine
# starts, but the guest's first instructions stop it with "KVM internal error" and QEMU then waits
# forever. So the probe boots KERNEL with no root until it panics (panic=-1 and -no-reboot make QEMU
# exit): a few seconds where KVM works, the timeout where it does not. The answer is kept per boot.
accel_args() {
    local accel=${VGTRACE_ACCEL:-} kernel=$1
    if [ -z "$accel" ]; then
        local boot memo
        boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
        memo="$CACHE_DIR/accel-probe"
        if [ "$(sed -n 1p "$memo" 2>/dev/null)" = "$boot" ]; then
            accel=$(sed -n 2p "$memo")
        else
            accel=tcg
            if [ -r /dev/kvm ] && [ -w /dev/kvm ] && timeout 30 qemu-system-x86_64 -machine q35,accel=kvm -cpu host \
                    -m 256 -display none -nodefaults -no-reboot -serial none -kernel "$kernel" \
                    -append "panic=-1 root=/dev/vgtrace-probe" >/dev/null 2>&1; then
                accel=kvm
            fi
            printf '%s\n%s\n' "$boot" "$accel" > "$memo"
            log "KVM probe: $accel (kept for this boot in ${memo#"$VM_DIR/"})"
        fi
    fi
    if [ "$accel" = kvm ]; then echo "-machine q35,accel=kvm -cpu host"; else echo "-machine q35,accel=tcg -cpu max"; fi
}

# new_run CONFIG: creates runs/CONFIG-TIMESTAMP and prints its path.
new_run() {
    local d="$RUNS_DIR/$1-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$d" && echo "$d"
}

# Kernel command line shared by every configuration. vt.global_cursor_default=0 stops fbcon's
# blinking cursor from adding a transfer+flush pair every ~200 ms to the trace.
KERNEL_CMDLINE="console=ttyS0 vt.global_cursor_default=0 panic=-1 loglevel=6"

# split_results RUN_DIR: the guest writes its result files to its second serial port (ttyS1),
# each between "==== BEGIN name ====" and "==== END name ====" lines; this writes them into RUN_DIR.
split_results() {
    local run=$1
    tr -d '\r' < "$run/serial1.raw" | awk -v dir="$run" '
        /^==== BEGIN [^ ]+ ====$/ { out = dir "/" $3; printf "" > out; next }
        /^==== END [^ ]+ ====$/   { close(out); out = ""; next }
        out != ""                 { print > out }'
}

# boot_guest RUN_DIR SERIES QEMU_CMD... -- DEVICE_ARGS...: fetches the kernel series (6.1|6.12),
# builds its initramfs, boots it with the QEMU command line QEMU_CMD (binary plus its own options,
# possibly behind a wrapper such as xvfb-run) and the device arguments, and leaves in RUN_DIR (made
# by new_run): console.log, qemu-trace.log, ftrace.txt, vgwork.log, features.txt, dmesg.txt,
# kernel.txt, qemu-stdout.log and run.txt (command, versions, wall time). VGWORK_ARGS are passed to
# the guest's vgwork (e.g. --rings); VGTRACE_SETUP=script makes the guest set up tracing with that
# script (e.g. one from `vgtrace guest-setup`) instead of the probes file.
boot_guest() {
    local run=$1 series=$2; shift 2
    local config qemu_cmd=() dev_args=()
    config=$(basename "$run"); config=${config%-*-*}
    while [ $# -gt 0 ] && [ "$1" != -- ]; do qemu_cmd+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    dev_args=("$@")

    local kdir initrd vmlinuz
    kdir=$("$VM_DIR/fetch-kernel.sh" "$series")
    # 6.12 kernels have BTF and probe events: also record each header's ring_idx (platform-notes.md).
    local probes=${VGTRACE_PROBES-}
    [ "$series" = 6.12 ] && [ -z "${VGTRACE_PROBES+set}" ] && probes=$VM_DIR/probes-ring-idx.txt
    # VGTRACE_WORKLOAD (a client run in a guest root on a disk, run-mesa.sh) gets its own initramfs in
    # the run directory, so it never replaces the shared one of the vgwork runs.
    initrd=$(PROBES_FILE=$probes SETUP_SCRIPT=${VGTRACE_SETUP:-} VGWORK_ARGS=${VGWORK_ARGS:-} \
        WORKLOAD=${VGTRACE_WORKLOAD:-} EXTRA_MODULES=${VGTRACE_MODULES:-} \
        "$VM_DIR/build-initramfs.sh" "$kdir" ${VGTRACE_WORKLOAD:+"$run/initramfs.cpio.gz"})
    vmlinuz=$(ls "$kdir"/boot/vmlinuz-* | head -1)
    # shellcheck disable=SC2207
    local accel=($(accel_args "$vmlinuz"))
    # VGTRACE_QEMU_WRAPPER: words put before the QEMU command (a recorder that starts QEMU itself, such as
    # "vgtrace capture qemu -o \$VGTRACE_RUN_DIR/capture.arrows --"); expanded by bash with VGTRACE_RUN_DIR set.
    local wrapper=()
    if [ -n "${VGTRACE_QEMU_WRAPPER:-}" ]; then
        export VGTRACE_RUN_DIR=$run
        eval "wrapper=($VGTRACE_QEMU_WRAPPER)"
    fi
    local cmd=("${wrapper[@]}" "${qemu_cmd[@]}" "${accel[@]}" -m 1024 -smp 1 -nodefaults -no-reboot
               -kernel "$vmlinuz" -initrd "$initrd" -append "$KERNEL_CMDLINE${VGTRACE_KERNEL_ARGS:+ $VGTRACE_KERNEL_ARGS}"
               -serial "file:$run/console.log" -serial "file:$run/serial1.raw"
               -trace 'virtio_gpu_*' -msg timestamp=on -D "$run/qemu-trace.log" "${dev_args[@]}")
    log "booting $config (${accel[*]}), run directory $run"
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    timeout "${VGTRACE_TIMEOUT:-600}" "${cmd[@]}" > "$run/qemu-stdout.log" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    split_results "$run"
    {
        echo "config: $config"
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "command: ${cmd[*]}"
        if [ -n "${VGTRACE_WORKLOAD:-}" ]; then echo "workload: $VGTRACE_WORKLOAD"
        else echo "vgwork args: ${VGWORK_ARGS:-}"; fi
        if [ -n "${VGTRACE_SETUP:-}" ]; then echo "guest tracing: setup script $(basename "$VGTRACE_SETUP")"
        else echo "guest tracing: stock events${probes:+ + $(basename "$probes")}"; fi
        echo "qemu: $("${qemu_cmd[@]}" --version 2>/dev/null | head -1 || true)"
        echo "kernel: $(cat "$run/kernel.txt" 2>/dev/null || basename "$vmlinuz")"
        echo "accel: ${accel[*]}"
        echo "exit: $rc"
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "wall_seconds: %.1f\n", b - a }'
    } > "$run/run.txt"
}

# summarize RUN_DIR: one-paragraph verdict on a run; exit status 0 when vgwork ran to its end.
summarize() {
    local run=$1
    cat "$run/run.txt" >&2
    echo "features: $(tr '\n' ' ' < "$run/features.txt" 2>/dev/null)" >&2
    echo "ftrace events: $(grep -c ': virtio_gpu_cmd_' "$run/ftrace.txt" 2>/dev/null || true)," \
         "qemu trace lines: $(wc -l < "$run/qemu-trace.log" 2>/dev/null || echo 0)" >&2
    if [ -f "$run/client.log" ]; then   # a workload (run-mesa.sh): its last lines and its exit status
        tail -5 "$run/client.log" >&2
        grep -q '^client exit=0 ' "$run/client.log" || { echo "the client failed: see $run/client.log" >&2; return 1; }
        return 0
    fi
    grep '^vgwork end' "$run/vgwork.log" >&2 || { echo "vgwork did not finish: see $run/console.log" >&2; return 1; }
    grep 'ok=0' "$run/vgwork.log" >&2 || true
}

# keep_fixture RUN_DIR NAME [MADE_BY]: copies a run's three logs (and console.log, and a workload's
# client.log) to samples/logs/NAME as test fixtures, with a HOW.txt that says how they were made
# (MADE_BY: the command line, when it is not samples/vm/run-<config>.sh). Absolute paths of this
# machine become relative to the repository.
keep_fixture() {
    local run=$1 dest="$SAMPLES_DIR/logs/$2" made_by=${3:-} repo
    repo=$(dirname "$SAMPLES_DIR")
    mkdir -p "$dest"
    # The cache and runs directories may live elsewhere (VGTRACE_CACHE, VGTRACE_RUNS): shown by name.
    local paths="s|$CACHE_DIR/|samples/vm/cache/|g; s|$RUNS_DIR/|samples/vm/runs/|g; s|$repo/||g"
    for f in ftrace.txt qemu-trace.log vgwork.log client.log console.log; do
        [ -f "$run/$f" ] && sed "$paths" "$run/$f" > "$dest/$f"
    done
    {
        echo "Made by: ${made_by:-samples/vm/run-$(sed -n 's/^config: //p' "$run/run.txt").sh} (then keep_fixture from samples/vm/common.sh)"
        sed "$paths" "$run/run.txt"
        echo "features:"
        sed 's/^/  /' "$run/features.txt"
        echo "qemu stderr:"
        sed "$paths; s/^/  /" "$run/qemu-stdout.log"
        if [ -s "$run/backend.log" ]; then
            echo "backend stderr:"
            sed "$paths; s/^/  /" "$run/backend.log"
        fi
    } > "$dest/HOW.txt"
    du -b "$dest"/* >&2
}

# qemu10_dir: QEMU 10 from bookworm-backports, downloaded and unpacked under cache/qemu10 (never
# installed, so the machine keeps its own QEMU). Prints the directory. Run it through qemu10_cmd.
qemu10_dir() {
    local dir="$CACHE_DIR/qemu10"
    if [ ! -f "$dir/.done" ]; then
        private_apt bookworm-backports
        download_debs "$CACHE_DIR/debs-qemu10" qemu-system-x86 qemu-system-common qemu-system-data \
            qemu-system-gui seabios
        rm -rf "$dir"
        for deb in "$CACHE_DIR/debs-qemu10"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
        touch "$dir/.done"
    fi
    echo "$dir"
}

# qemu10_cmd DIR: the command words that run that unpacked QEMU with its own libraries, modules
# and firmware.
qemu10_cmd() {
    local dir=$1
    echo env "LD_LIBRARY_PATH=$dir/usr/lib/x86_64-linux-gnu" "QEMU_MODULE_DIR=$dir/usr/lib/x86_64-linux-gnu/qemu" \
        "$dir/usr/bin/qemu-system-x86_64" -L "$dir/usr/share/qemu" -L "$dir/usr/share/seabios"
}

# debootstrap_trixie DIR PACKAGES: debootstraps a minbase Debian trixie into DIR (made once: DIR/.done
# marks it) with the comma-separated PACKAGES. debootstrap's resolver skips alternatives, so
# `apt-get -f install` in the chroot finishes anything left unconfigured. Needs root; the log is
# cache/debootstrap-<name of DIR>.log.
debootstrap_trixie() {
    local root=$1 packages=$2 logf
    [ -f "$root/.done" ] && return 0
    command -v debootstrap >/dev/null || die "debootstrap is missing: run sudo scripts/install-deps.sh samples"
    logf=$CACHE_DIR/debootstrap-$(basename "$root").log
    log "debootstrapping trixie into $root (once)"
    rm -rf "$root.tmp"
    debootstrap --variant=minbase --include="$packages" \
        trixie "$root.tmp" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" > "$logf" 2>&1 \
        || log "debootstrap left packages unconfigured (its resolver skips alternatives); apt finishes"
    "$VM_DIR/in-chroot.sh" "$root.tmp" apt-get -f install -y -q >> "$logf" 2>&1 \
        || die "apt-get -f install in the chroot failed: see $logf"
    mv "$root.tmp" "$root"
    touch "$root/.done"
}

# trixie_root: a debootstrapped trixie chroot with QEMU 10, virglrenderer 1.1, Mesa and Xvfb, under
# cache/trixie-root (~1.5 GB, made once; needs root and debootstrap). Prints its path. (dbus-x11 is
# listed explicitly for dconf/GTK, since debootstrap's resolver skips alternatives.)
trixie_root() {
    local root=$CACHE_DIR/trixie-root
    if [ ! -f "$root/.done" ]; then
        debootstrap_trixie "$root" qemu-system-x86,qemu-system-modules-opengl,qemu-system-gui,libvirglrenderer1,libegl1,libgl1-mesa-dri,libegl-mesa0,xvfb,xauth,dbus-x11
        [ -x "$root/usr/bin/qemu-system-x86_64" ] || die "no QEMU in the chroot: see $CACHE_DIR/debootstrap-trixie-root.log"
    fi
    echo "$root"
}

# trixie_root_add PKG...: installs PKG... into the trixie chroot when one is missing (venus needs
# virgl-server's render server and a host Vulkan driver, lavapipe from mesa-vulkan-drivers). Prints
# the chroot's path.
trixie_root_add() {
    local root missing=()
    root=$(trixie_root)
    for p in "$@"; do
        "$VM_DIR/in-chroot.sh" "$root" dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]} into the trixie chroot"
        { "$VM_DIR/in-chroot.sh" "$root" apt-get update -q && "$VM_DIR/in-chroot.sh" "$root" \
            env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
            >> "$CACHE_DIR/debootstrap-trixie-root.log" 2>&1 \
            || die "apt-get install ${missing[*]} in the chroot failed: see $CACHE_DIR/debootstrap-trixie-root.log"
    fi
    echo "$root"
}

# Debian's Mesa clients that run-mesa.sh runs in the guest, and the libraries they load.
MESA_GUEST_PACKAGES=kmscube,libgl1-mesa-dri,libegl-mesa0,libgbm1,libgles2,mesa-vulkan-drivers,libvulkan1,vulkan-tools

# mesa_image: a trixie guest root with Debian's Mesa clients (MESA_GUEST_PACKAGES), debootstrapped
# once into cache/mesa-root and made into an ext4 image, cache/mesa-root.ext4, with `mke2fs -d`
# (no loop mount). The guest attaches it read-only as virtio-blk and runs the client in it
# (guest-init.sh). Prints the image's path.
mesa_image() {
    local root=$CACHE_DIR/mesa-root img=$CACHE_DIR/mesa-root.ext4 mb
    if [ ! -f "$root/.done" ]; then
        debootstrap_trixie "$root" "$MESA_GUEST_PACKAGES"
        [ -x "$root/usr/bin/kmscube" ] || die "no kmscube in the guest root: see $CACHE_DIR/debootstrap-mesa-root.log"
        # The guest never installs anything: drop the package cache and the documentation.
        rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/{doc,man,info}
    fi
    if [ ! -f "$img" ] || [ "$root/.done" -nt "$img" ]; then
        mb=$(du -sm "$root" | cut -f1)
        log "making $img from $root (${mb} MB)"
        rm -f "$img.tmp"
        mke2fs -q -t ext4 -L mesa-root -d "$root" "$img.tmp" "$((mb * 5 / 4 + 64))M" >/dev/null || die "mke2fs -d failed"
        mv "$img.tmp" "$img"
    fi
    echo "$img"
}

# run_trixie_gl CONFIG [QEMU_ARGS...]: boots the 6.12 guest (KERNEL_SERIES overrides) on the trixie
# chroot's QEMU 10 with virtio-gpu-gl-pci,blob=true,hostmem=256M under Xvfb (blob, context_init) and
# QEMU_ARGS (e.g. a disk), summarizes the run and prints its directory, runs/CONFIG-<timestamp> (also
# when the run failed: then it returns 1).
# TRIXIE_ROOT is the chroot (trixie_root's by default).
run_trixie_gl() {
    local root run config=$1; shift
    root=${TRIXIE_ROOT:-$(trixie_root)}
    run=$(new_run "$config")
    boot_guest "$run" "${KERNEL_SERIES:-6.12}" \
        "$VM_DIR/in-chroot.sh" "$root" xvfb-run -a -s "-screen 0 1280x1024x24" \
        qemu-system-x86_64 -display "${VGTRACE_DISPLAY:-sdl,gl=on}" \
        -- -device "virtio-gpu-gl-pci,blob=true,hostmem=256M${VGTRACE_GPU_OPTS:-}" "$@"
    summarize "$run" || { echo "$run"; return 1; }
    echo "$run"
}

# Helpers of the overhead benchmarks (bench-capture.sh, bench-shim.sh).
# field LINE KEY: the value of KEY=value in a vgwork result line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }
# median: the median of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
