#!/bin/bash
# bench-shim.sh [ROUNDS [WARMUP [PAIRS]]]: the overhead benchmark of the QEMU shim (vgtrace capture
# qemu). Boots the blob configuration (run-blob.sh: trixie QEMU 10.0.13 + virglrenderer 1.1,
# virtio-gpu-gl-pci) as PAIRS pairs (default 3) of runs with the same 3D guest workload, vgwork
# --bench3d ROUNDS --warmup WARMUP (defaults 300 and 50: a fenced clear of a 64x64 render target, a
# guest write, TRANSFER_TO_HOST and TRANSFER_FROM_HOST with WAITs; the guest times the ROUNDS after
# WARMUP untimed ones): first QEMU alone, then QEMU under vgtrace capture qemu. Both runs start QEMU
# the same way; the only difference is the preloaded shim and its recorder. Prints both
# guest-measured rates, their ratio (goal >= 0.95) and the capture's own throughput over the timed
# rounds (messages/s and MB/s of guest and blob memory: the run's totals times the timed rounds'
# share of all rounds, over the guest's bench time). Pairs alternate and the summary compares
# medians, as a TCG guest's rate varies run to run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=${1:-300}
warmup=${2:-50}
pairs=${3:-3}
repo=$(dirname "$SAMPLES_DIR")
"$repo/vgtrace" --version >/dev/null   # builds the CLI now, not inside a timed run

bench_line() { grep 'op=bench3d' "$1/vgwork.log" || die "no bench3d result in $1/vgwork.log"; }
# One boot; prints its run directory. Its chatter goes to a log that is shown when it fails.
boot() {
    local out log; log=$(mktemp)
    out=$(VGTRACE_QEMU_WRAPPER="${1:-}" "$VM_DIR/run-blob.sh" 2>"$log") || { cat "$log" >&2; rm -f "$log"; die "run-blob.sh failed"; }
    rm -f "$log"; tail -1 <<< "$out"
}

export VGTRACE_KERNEL_ARGS="vgwork.bench3d=$rounds vgwork.warmup=$warmup"
echo "rounds: $rounds after $warmup untimed (fenced clear + transfers to and from the host, guest-timed), $pairs pairs"
direct_rates=() shim_rates=() capture_rates=() capture_mbs=()
for ((i = 1; i <= pairs; i++)); do
    echo "pair $i of $pairs: booting QEMU alone, then under vgtrace capture qemu..."
    direct=$(boot)
    shimmed=$(boot "$repo/vgtrace capture qemu -o \$VGTRACE_RUN_DIR/capture.arrows --")
    d=$(bench_line "$direct"); p=$(bench_line "$shimmed")
    summary=$(grep -a '^wrote ' "$shimmed/qemu-stdout.log")
    commands=$(sed -n 's/.*: \([0-9,]*\) commands.*/\1/p' <<< "$summary" | tr -d ,)
    responses=$(sed -n 's/.* \([0-9,]*\) responses.*/\1/p' <<< "$summary" | tr -d ,)
    bytes=$("$repo/vgtrace" query "$shimmed/capture.arrows" "SELECT coalesce(sum(size), 0) FROM messages WHERE kind = 'MEMORY'" --format csv | tail -1)
    read -r dr pr msgs mbs < <(awk -v dr="$(field "$d" per_s)" -v pr="$(field "$p" per_s)" -v s="$(field "$p" seconds)" \
        -v m="$((commands + responses))" -v b="$bytes" -v n="$rounds" -v w="$warmup" \
        'BEGIN { f = n / (n + w); print dr, pr, m * f / s, b * f / 1e6 / s }')
    direct_rates+=("$dr"); shim_rates+=("$pr"); capture_rates+=("$msgs"); capture_mbs+=("$mbs")
    awk -v i="$i" -v dr="$dr" -v pr="$pr" -v msgs="$msgs" -v mbs="$mbs" 'BEGIN {
        printf "pair %d: alone %.1f rounds/s, with the shim %.1f rounds/s, ratio %.3f; capture %.0f messages/s, %.2f MB/s\n", i, dr, pr, pr / dr, msgs, mbs }'
    echo "  runs: $direct $shimmed"
done
dm=$(printf '%s\n' "${direct_rates[@]}" | median); pm=$(printf '%s\n' "${shim_rates[@]}" | median)
cm=$(printf '%s\n' "${capture_rates[@]}" | median); bm=$(printf '%s\n' "${capture_mbs[@]}" | median)
awk -v dm="$dm" -v pm="$pm" -v cm="$cm" -v bm="$bm" 'BEGIN {
    printf "median alone:     %.1f rounds/s (%.0f us a round)\n", dm, 1e6 / dm
    printf "median with shim: %.1f rounds/s (%.0f us a round)\n", pm, 1e6 / pm
    printf "throughput ratio (medians): %.3f\n", pm / dm
    printf "capture (median): %.0f messages/s and %.2f MB/s of memory rows over the timed rounds\n", cm, bm }'
