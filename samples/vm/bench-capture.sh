#!/bin/bash
# bench-capture.sh [ROUNDS]: the capture overhead benchmark. Boots the vhost-user configuration
# (run-vhost-user.sh) twice with the same guest workload, vgwork --bench ROUNDS (default 500:
# fill + DIRTYFB of a 256x256 square, each a TRANSFER_TO_HOST_2D + RESOURCE_FLUSH round trip timed
# in the guest): first QEMU -> back-end directly, then QEMU -> vgtrace capture -> back-end.
# Prints both guest-measured rates, their ratio (the goal is >= 0.95), and the capture's own
# throughput over the benchmark (messages/s and guest-memory MB/s, over the guest's bench time).
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=${1:-500}
repo=$(dirname "$SAMPLES_DIR")
"$repo/vgtrace" --version >/dev/null   # builds the CLI now, not while QEMU waits for the proxy

bench_line() { grep 'op=bench' "$1/vgwork.log" || die "no bench result in $1/vgwork.log"; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

export VGTRACE_KERNEL_ARGS="vgwork.bench=$rounds"
direct=$("$VM_DIR/run-vhost-user.sh" | tail -1)
proxied=$("$VM_DIR/run-vhost-user.sh" --proxy "$repo/vgtrace capture --listen \$VGTRACE_FRONTEND_SOCKET \
    --backend \$VGTRACE_BACKEND_SOCKET -o \$VGTRACE_RUN_DIR/capture.arrows" | tail -1)

d=$(bench_line "$direct"); p=$(bench_line "$proxied")
summary=$(grep '^wrote ' "$proxied/proxy.log")
commands=$(sed -n 's/.*: \([0-9,]*\) commands.*/\1/p' <<< "$summary" | tr -d ,)
responses=$(sed -n 's/.* \([0-9,]*\) responses.*/\1/p' <<< "$summary" | tr -d ,)
mib=$(sed -n 's/.* \([0-9,]*\) MiB guest memory.*/\1/p' <<< "$summary" | tr -d ,)
awk -v dr="$(field "$d" per_s)" -v pr="$(field "$p" per_s)" -v dl="$(field "$d" latency_us)" \
    -v pl="$(field "$p" latency_us)" -v s="$(field "$p" seconds)" -v m="$((commands + responses))" -v mib="$mib" \
    -v n="$rounds" 'BEGIN {
        printf "rounds: %d (fill + DIRTYFB 256x256, guest-timed)\n", n
        printf "direct:  %.1f rounds/s, %.0f us a round\n", dr, dl
        printf "proxied: %.1f rounds/s, %.0f us a round\n", pr, pl
        printf "throughput ratio: %.3f, latency ratio: %.3f\n", pr / dr, pl / dl
        printf "capture: %d messages (whole run), %.0f messages/s and %.1f MB/s of guest memory over the bench\n", m, m / s, mib * 1.048576 / s
    }'
echo "runs: $direct $proxied"
