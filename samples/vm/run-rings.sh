#!/bin/bash
# run-rings.sh: the blob configuration (run-blob.sh: trixie chroot, QEMU 10 + virglrenderer 1.1,
# virtio-gpu-gl-pci,blob=true,hostmem=256M, 6.12 guest with the ring_idx probes) with vgwork
# --rings: one context with 8 rings, fenced submits on rings 0, 3 and 7, then work without a ring.
# QEMU 10 never answers a fence on ring > 0 of a virgl context: vgwork logs signalled=0 for those
# and carries on (bounded waits), so the guest still powers off. Results in runs/rings-<timestamp>/.
set -euo pipefail
source "$(dirname "$0")/common.sh"
export VGWORK_ARGS="--rings ${VGWORK_ARGS:-}"
run_trixie_gl rings
