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

run_trixie_gl blob
