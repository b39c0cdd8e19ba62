#!/bin/bash
# build-initramfs.sh KERNEL_DIR [OUTPUT]: builds a gzip'd cpio initramfs for a kernel unpacked by
# fetch-kernel.sh: busybox-static, the virtio-gpu module and its whole dependency chain (read from
# each module's own depends= with modinfo), virtio_pci when it is a module, vgwork and the init
# script guest-init.sh. Optional: PROBES_FILE=path adds tracefs dynamic events written at boot;
# SETUP_SCRIPT=path replaces them with a tracing setup script (e.g. from `vgtrace guest-setup`);
# VGWORK_ARGS="..." are the arguments the guest passes to vgwork (e.g. --rings); EXTRA_MODULES="..."
# adds modules (with their dependencies and pre-softdeps, e.g. "virtio_blk ext4" for a guest root on
# a disk); WORKLOAD="..." is a shell command the guest runs in that root instead of vgwork
# (run-mesa.sh).
# Prints the output path (default cache/initramfs-<kernel release>.cpio.gz).
set -euo pipefail
source "$(dirname "$0")/common.sh"

kdir=${1:?usage: $0 KERNEL_DIR [OUTPUT]}
# Debian packages put modules in lib/modules (bookworm) or usr/lib/modules (trixie, merged /usr).
modroot=$kdir/lib/modules
[ -d "$modroot" ] || modroot=$kdir/usr/lib/modules
release=$(ls "$modroot" | head -1)
[ -n "$release" ] || die "no modules under $kdir"
moddir="$modroot/$release"
out=${2:-$CACHE_DIR/initramfs-$release.cpio.gz}
busybox=$(command -v busybox) || die "busybox-static is not installed"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || [ ! -x /usr/bin/file ] || die "$busybox is not static"

make -s -C "$SAMPLES_DIR/guest" vgwork

# module_file NAME: the .ko (possibly compressed) of a module name; '-' and '_' are interchangeable.
module_file() {
    local pattern=${1//[-_]/[-_]}
    find "$moddir/kernel" -name "$pattern.ko" -o -name "$pattern.ko.xz" -o -name "$pattern.ko.zst" | head -1
}

# providers ALIAS: the modules that declare ALIAS. An unpacked package has no modules.alias (depmod
# makes it at install), so a crypto-NAME alias is looked up in the alias= fields of the crypto
# modules whose file name has NAME in it (crc32c_generic, crc32c-intel for crypto-crc32c).
providers() {
    if [ -f "$moddir/modules.alias" ]; then
        awk -v a="$1" '$1 == "alias" && $2 == a { print $3 }' "$moddir/modules.alias"
    elif [[ $1 == crypto-* ]]; then
        local f
        for f in $(find "$moddir/kernel/crypto" "$moddir/kernel/arch" -path '*crypto*' -name "*${1#crypto-}*.ko*"); do
            modinfo -F alias "$f" | grep -qx "$1" && basename "${f%%.ko*}"
        done
    fi
}

# Depth-first over depends=, so every module is listed after all it depends on.
declare -A seen=()
order=()
visit() {
    local name=$1 file dep
    [ -n "${seen[$name]:-}" ] && return
    seen[$name]=1
    file=$(module_file "$name")
    if [ -z "$file" ]; then
        grep -q "/${name//[-_]/[-_]}.ko" "$moddir/modules.builtin" || die "module $name not found"
        return   # built into the kernel
    fi
    for dep in $(modinfo -F depends "$file" | tr ',' ' '); do visit "$dep"; done
    # softdep "pre:" names (e.g. ext4's and jbd2's crypto-crc32c) are aliases: load what provides them.
    for dep in $(modinfo -F softdep "$file" | sed -n 's/.*pre:\([^:]*\)\( post:.*\)\{0,1\}$/\1/p'); do
        for alias in $(providers "$dep"); do visit "$alias"; done
    done
    order+=("$name")
}
# shellcheck disable=SC2086
for root in virtio_pci virtio-gpu ${EXTRA_MODULES:-}; do visit "$root"; done
log "modules: ${order[*]}"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,modules,proc,sys,dev,tmp}
cp "$busybox" "$root/bin/busybox"
cp "$SAMPLES_DIR/guest/vgwork" "$root/bin/vgwork"
cp "$VM_DIR/guest-init.sh" "$root/init"
chmod +x "$root/init"
for name in "${order[@]}"; do
    file=$(module_file "$name")
    case $file in
        *.xz)  xz -dc "$file" > "$root/modules/$name.ko" ;;
        *.zst) zstd -qdc "$file" > "$root/modules/$name.ko" ;;
        *)     cp "$file" "$root/modules/$name.ko" ;;
    esac
    echo "$name" >> "$root/modules/order"
done
[ -n "${PROBES_FILE:-}" ] && cp "$PROBES_FILE" "$root/probes"
[ -n "${SETUP_SCRIPT:-}" ] && cp "$SETUP_SCRIPT" "$root/setup.sh"
echo "${VGWORK_ARGS:-}" > "$root/vgwork.args"
[ -n "${WORKLOAD:-}" ] && echo "$WORKLOAD" > "$root/workload"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$out"
echo "$out"
