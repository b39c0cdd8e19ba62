#!/bin/bash
# bench-capture.sh [ROUNDS [WARMUP]]: the capture overhead benchmark. Boots the vhost-user
# configuration (run-vhost-user.sh) twice with the same guest workload, vgwork --bench ROUNDS
# --warmup WARMUP (defaults 2000 and 500: fill + DIRTYFB of a 256x256 square, each a
# TRANSFER_TO_HOST_2D + RESOURCE_FLUSH round trip; the guest times the ROUNDS after WARMUP untimed
# ones): first QEMU -> back-end directly, then QEMU -> vgtrace capture -> back-end. WARMUP 0 measures
# a cold proxy (its JIT still compiling). Prints both guest-measured rates, their ratio (the goal is
# >= 0.95), and the capture's own throughput over the timed rounds (messages/s and guest-memory MB/s:
# the run's totals times the timed rounds' share of all rounds, over the guest's bench time).
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=${1:-2000}
warmup=${2:-500}
repo=$(dirname "$SAMPLES_DIR")
"$repo/vgtrace" --version >/dev/null   # builds the CLI now, not while QEMU waits for the proxy

bench_line() { grep 'op=bench' "$1/vgwork.log" || die "no bench result in $1/vgwork.log"; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

export VGTRACE_KERNEL_ARGS="vgwork.bench=$rounds vgwork.warmup=$warmup"
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
    -v n="$rounds" -v w="$warmup" 'BEGIN {
        f = n / (n + w)
        printf "rounds: %d after %d untimed (fill + DIRTYFB 256x256, guest-timed)\n", n, w
        printf "direct:  %.1f rounds/s, %.0f us a round\n", dr, dl
        printf "proxied: %.1f rounds/s, %.0f us a round\n", pr, pl
        printf "throughput ratio: %.3f, latency ratio: %.3f\n", pr / dr, pl / dl
        printf "capture: %d messages (whole run), %.0f messages/s and %.1f MB/s of guest memory over the timed rounds\n", m, m * f / s, mib * f * 1.048576 / s
    }'
echo "runs: $direct $proxied"
