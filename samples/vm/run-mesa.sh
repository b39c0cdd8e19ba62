#!/bin/bash
# run-mesa.sh [kmscube|vulkaninfo|-- COMMAND...]: real clients nobody here wrote. Debian
# trixie's own Mesa clients run in a trixie guest root (cache/mesa-root, debootstrapped once with
# kmscube, Mesa's GL/EGL/GBM and Vulkan drivers and vulkan-tools, made into cache/mesa-root.ext4
# with mke2fs -d: no loop mount), attached read-only as virtio-blk. The busybox initramfs of the
# other configurations loads virtio_blk and ext4 besides the GPU driver, mounts the disk, turns
# tracing on, binds the GPU and runs the client chrooted in the disk's root; its output comes back
# as client.log on the results channel, with the guest's ftrace as usual. Host: the trixie chroot's
# QEMU 10 + virglrenderer 1.1 (run-blob.sh), virtio-gpu-gl-pci,blob=true,hostmem=256M, 6.12 guest.
#
#   kmscube     GL ES over GBM/KMS through the guest's Mesa virgl driver, KMSCUBE_FRAMES frames
#               (50 by default), legacy page flips on card0
#   vulkaninfo  `vulkaninfo --summary` on the guest's venus driver (Vulkan over virtio-gpu), with
#               venus=true on the device: the chroot gets virgl-server (the render server) and
#               mesa-vulkan-drivers (lavapipe, the host Vulkan driver venus runs on)
#   -- CMD...   any command line in the guest root; VGTRACE_VENUS=1 turns venus on and points the
#               Vulkan loader at the venus driver only (`VGTRACE_VENUS=1 run-mesa.sh -- vkcube --c 30
#               --wsi display` stops at once: venus offers no VK_KHR_display, and vkcube has no
#               headless surface)
#
# Results in runs/<client>-<timestamp>/ (client.log instead of vgwork.log); prints the run
# directory on its last line, also when the client failed (then the exit status is 1).
set -euo pipefail
source "$(dirname "$0")/common.sh"

client=${1:-kmscube}
venus=${VGTRACE_VENUS:-0}
# Only the venus ICD: the guest's lavapipe would answer too, on the guest's own CPU.
venus_icd="VK_DRIVER_FILES=/usr/share/vulkan/icd.d/virtio_icd.json"
case $client in
    kmscube)    workload="kmscube -D /dev/dri/card0 -c ${KMSCUBE_FRAMES:-50}" ;;
    vulkaninfo) workload="$venus_icd vulkaninfo --summary"; venus=1 ;;
    --)         shift; [ $# -gt 0 ] || die "usage: $0 -- COMMAND..."; client=mesa
                workload="$*"; if [ "$venus" = 1 ]; then workload="$venus_icd $workload"; fi ;;
    *)          die "usage: $0 [kmscube|vulkaninfo|-- COMMAND...]" ;;
esac

img=$(mesa_image)
if [ "$venus" = 1 ]; then
    TRIXIE_ROOT=$(trixie_root_add virgl-server mesa-vulkan-drivers)
    export TRIXIE_ROOT
    VGTRACE_GPU_OPTS=",venus=true${VGTRACE_GPU_OPTS:-}"
    export VGTRACE_GPU_OPTS
fi
export VGTRACE_WORKLOAD="exec env $workload" VGTRACE_MODULES="virtio_blk ext4"
run_trixie_gl "$client" -drive "file=$img,format=raw,if=virtio,readonly=on"
