#!/bin/bash
# install-deps.sh: the Debian packages the samples need on the host (idempotent; CI runs it).
# Kernels and the QEMU 10 builds are not installed: fetch-kernel.sh and the run scripts download
# them into cache/ with apt-get download and unpack them there.
set -euo pipefail
packages=(
    gcc make libc6-dev libdrm-dev           # vgwork (static; only libdrm-dev's uapi headers)
    busybox-static cpio kmod xz-utils zstd  # initramfs: busybox, cpio, modinfo, module decompression
    qemu-system-x86                         # run-2d.sh
    qemu-system-gui xvfb xauth              # run-virgl.sh: SDL/GTK GL window under Xvfb
    libgl1-mesa-dri libegl-mesa0 libgl1 libegl1 libvirglrenderer1
    debootstrap                             # run-blob.sh: the trixie chroot
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] && sudo= || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "samples dependencies present"
