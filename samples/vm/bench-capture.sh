#!/bin/bash
# bench-capture.sh [ROUNDS [WARMUP [PAIRS]]]: the capture overhead benchmark. Boots the vhost-user
# configuration (run-vhost-user.sh) as PAIRS pairs (default 3) of runs with the same guest workload,
# vgwork --bench ROUNDS --warmup WARMUP (defaults 2000 and 500: fill + DIRTYFB of a 256x256 square, each a
# TRANSFER_TO_HOST_2D + RESOURCE_FLUSH round trip; the guest times the ROUNDS after WARMUP untimed
# ones): first QEMU -> back-end directly, then QEMU -> vgtrace capture -> back-end. WARMUP 0 measures
# a cold proxy (its JIT still compiling). Prints both guest-measured rates, their ratio (the goal is
# >= 0.95), and the capture's own throughput over the timed rounds (messages/s and guest-memory MB/s:
# the run's totals times the timed rounds' share of all rounds, over the guest's bench time).
# A TCG guest's rate on a small shared machine varies run to run (here from 900 to 2100 rounds/s
# with nothing else running), so the pairs alternate and the summary compares medians.
#
# The baseline must differ from the proxied run only by vgtrace: the proxy gives the display channel
# socket the back-end writes its UPDATEs into a 4 MiB send buffer (8 MiB as the kernel counts it),
# while QEMU's own socketpair gets net.core.wmem_default (208 KiB), on which QEMU's back-end blocks
# in each 256 KiB UPDATE until the front-end reads it. With unequal buffers the proxied guest ran
# faster than the direct one. So both legs run with net.core.wmem_default raised to the proxy's
# 8 MiB (restored at exit): this needs root.
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=${1:-2000}
warmup=${2:-500}
pairs=${3:-3}
repo=$(dirname "$SAMPLES_DIR")
"$repo/vgtrace" --version >/dev/null   # builds the CLI now, not while QEMU waits for the proxy

bench_line() { grep 'op=bench' "$1/vgwork.log" || die "no bench result in $1/vgwork.log"; }
# One boot; prints its run directory. Its chatter goes to a log that is shown when it fails.
boot() {
    local out log; log=$(mktemp)
    out=$("$VM_DIR/run-vhost-user.sh" "$@" 2>"$log") || { cat "$log" >&2; rm -f "$log"; die "run-vhost-user.sh $* failed"; }
    rm -f "$log"; tail -1 <<< "$out"
}

display_buffer=$((8 << 20))   # what the proxy's SO_SNDBUF of 4 MiB gives (the kernel doubles it)
wmem=/proc/sys/net/core/wmem_default
old_wmem=$(cat "$wmem")
echo "$display_buffer" 2>/dev/null > "$wmem" \
    || die "cannot raise net.core.wmem_default to $display_buffer (run as root): the direct baseline needs the display buffers the proxy gives itself"
trap 'echo "$old_wmem" > "$wmem"' EXIT
export VGTRACE_KERNEL_ARGS="vgwork.bench=$rounds vgwork.warmup=$warmup"
echo "rounds: $rounds after $warmup untimed (fill + DIRTYFB 256x256, guest-timed), $pairs pairs;" \
    "display socket buffers $((display_buffer >> 20)) MiB on both legs (net.core.wmem_default was $old_wmem)"
direct_rates=() proxied_rates=() capture_rates=() capture_mbs=()
for ((i = 1; i <= pairs; i++)); do
    echo "pair $i of $pairs: booting directly, then through vgtrace capture..."
    direct=$(boot)
    proxied=$(boot --proxy "$repo/vgtrace capture --listen \$VGTRACE_FRONTEND_SOCKET \
        --backend \$VGTRACE_BACKEND_SOCKET -o \$VGTRACE_RUN_DIR/capture.arrows")
    d=$(bench_line "$direct"); p=$(bench_line "$proxied")
    summary=$(grep '^wrote ' "$proxied/proxy.log")
    commands=$(sed -n 's/.*: \([0-9,]*\) commands.*/\1/p' <<< "$summary" | tr -d ,)
    responses=$(sed -n 's/.* \([0-9,]*\) responses.*/\1/p' <<< "$summary" | tr -d ,)
    mib=$(sed -n 's/.* \([0-9,]*\) MiB guest memory.*/\1/p' <<< "$summary" | tr -d ,)
    read -r dr pr msgs mbs < <(awk -v dr="$(field "$d" per_s)" -v pr="$(field "$p" per_s)" -v s="$(field "$p" seconds)" \
        -v m="$((commands + responses))" -v mib="$mib" -v n="$rounds" -v w="$warmup" \
        'BEGIN { f = n / (n + w); print dr, pr, m * f / s, mib * f * 1.048576 / s }')
    direct_rates+=("$dr"); proxied_rates+=("$pr"); capture_rates+=("$msgs"); capture_mbs+=("$mbs")
    awk -v i="$i" -v dr="$dr" -v pr="$pr" -v msgs="$msgs" -v mbs="$mbs" 'BEGIN {
        printf "pair %d: direct %.1f rounds/s, proxied %.1f rounds/s, ratio %.3f; capture %.0f messages/s, %.1f MB/s\n", i, dr, pr, pr / dr, msgs, mbs }'
    echo "  runs: $direct $proxied"
done
dm=$(printf '%s\n' "${direct_rates[@]}" | median); pm=$(printf '%s\n' "${proxied_rates[@]}" | median)
cm=$(printf '%s\n' "${capture_rates[@]}" | median); bm=$(printf '%s\n' "${capture_mbs[@]}" | median)
awk -v dm="$dm" -v pm="$pm" -v cm="$cm" -v bm="$bm" 'BEGIN {
    printf "median direct:  %.1f rounds/s (%.0f us a round)\n", dm, 1e6 / dm
    printf "median proxied: %.1f rounds/s (%.0f us a round)\n", pm, 1e6 / pm
    printf "throughput ratio (medians): %.3f, latency ratio: %.3f\n", pm / dm, dm / pm
    printf "capture overhead (medians): %+.1f%% time a round\n", 100 * (dm / pm - 1)
    printf "capture (median): %.0f messages/s and %.1f MB/s of guest memory over the timed rounds\n", cm, bm }'
