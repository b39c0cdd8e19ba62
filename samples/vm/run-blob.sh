#!/bin/bash
# run-blob.sh: QEMU 10 with virglrenderer 1.1 from Debian trixie, run inside a debootstrapped
# trixie chroot (cache/trixie-root, ~1.5 GB, made once; needs root and debootstrap), with
# virtio-gpu-gl-pci,blob=true,hostmem=256M under Xvfb, and trixie's 6.12 guest kernel (seqno in the
# tracepoints, ring_idx through tracefs probes). Features negotiated: virgl, edid, blob,
# context_init; vgwork then also does CONTEXT_INIT with rings, GUEST blobs and, if the host memory
# window is visible, HOST3D blobs. About 30-60 s a run; the first one also spends minutes on the
# chroot. Results in runs/blob-<timestamp>/.
set -euo pipefail
source "$(dirname "$0")/common.sh"

root=$CACHE_DIR/trixie-root
if [ ! -f "$root/.done" ]; then
    command -v debootstrap >/dev/null || die "debootstrap is missing: run install-deps.sh"
    log "debootstrapping trixie into $root (once)"
    rm -rf "$root.tmp"
    debootstrap --variant=minbase \
        --include=qemu-system-x86,qemu-system-modules-opengl,qemu-system-gui,libvirglrenderer1,libegl1,libgl1-mesa-dri,libegl-mesa0,xvfb,xauth,dbus-x11 \
        trixie "$root.tmp" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" > "$CACHE_DIR/debootstrap.log" 2>&1 \
        || log "debootstrap left packages unconfigured (its resolver skips alternatives); apt finishes"
    "$VM_DIR/in-chroot.sh" "$root.tmp" apt-get -f install -y -q >> "$CACHE_DIR/debootstrap.log" 2>&1 \
        || die "apt-get -f install in the chroot failed: see $CACHE_DIR/debootstrap.log"
    [ -x "$root.tmp/usr/bin/qemu-system-x86_64" ] || die "no QEMU in the chroot: see $CACHE_DIR/debootstrap.log"
    mv "$root.tmp" "$root"
    touch "$root/.done"
fi

run=$(new_run blob)
boot_guest "$run" "${KERNEL_SERIES:-6.12}" \
    "$VM_DIR/in-chroot.sh" "$root" xvfb-run -a -s "-screen 0 1280x1024x24" \
    qemu-system-x86_64 -display "${VGTRACE_DISPLAY:-sdl,gl=on}" \
    -- -device virtio-gpu-gl-pci,blob=true,hostmem=256M
summarize "$run"
echo "$run"
