#!/bin/bash
# run-virgl.sh: QEMU (the machine's, 7.2 on bookworm) with virtio-gpu-gl-pci, virgl 3D on Mesa's
# llvmpipe, under a private Xvfb (xvfb-run) with an SDL GL window (VGTRACE_DISPLAY=gtk,gl=on for
# GTK). egl-headless needs a render node, which a machine without a GPU lacks. Features
# negotiated: virgl, edid, two capsets. About 20-40 s under TCG. Results in runs/virgl-<timestamp>/.
set -euo pipefail
source "$(dirname "$0")/common.sh"
command -v xvfb-run >/dev/null || die "xvfb-run is missing: run sudo scripts/install-deps.sh samples"
run=$(new_run virgl)
boot_guest "$run" "${KERNEL_SERIES:-6.1}" \
    xvfb-run -a -s "-screen 0 1280x1024x24" qemu-system-x86_64 -display "${VGTRACE_DISPLAY:-sdl,gl=on}" \
    -- -device virtio-gpu-gl-pci
summarize "$run"
echo "$run"
