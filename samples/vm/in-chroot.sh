#!/bin/bash
# in-chroot.sh ROOT CMD...: runs CMD inside the chroot ROOT, in a private mount namespace (so
# nothing stays mounted afterwards), with /proc, /sys, /dev and a fresh /tmp, and with the cache
# and runs directories bound at the same paths, so the paths boot_guest passes to QEMU are valid
# inside. Used by run-blob.sh; needs root.
set -euo pipefail
source "$(dirname "$0")/common.sh"
root=${1:?usage: $0 ROOT CMD...}; shift
[ "$(id -u)" = 0 ] || die "in-chroot.sh needs root (chroot, mount)"
exec unshare --mount --propagation private bash -c '
    set -e
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/tmp"
    for d in "$CACHE_DIR" "$RUNS_DIR" "$VM_DIR"; do
        mkdir -p "$root$d" && mount --bind "$d" "$root$d"
    done
    exec chroot "$root" "$@"' in-chroot "$root" "$@"
