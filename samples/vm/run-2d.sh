#!/bin/bash
# run-2d.sh: QEMU (the machine's, 7.2 on bookworm) with virtio-gpu-pci and no display, bookworm's
# 6.1 guest kernel. Features negotiated: edid only, so vgwork does the 2D part and the errors.
# About 15-30 s under TCG. Results in runs/2d-<timestamp>/ (see samples/README.md).
set -euo pipefail
source "$(dirname "$0")/common.sh"
run=$(new_run 2d)
boot_guest "$run" "${KERNEL_SERIES:-6.1}" qemu-system-x86_64 -display none -- -device virtio-gpu-pci
summarize "$run"
echo "$run"
