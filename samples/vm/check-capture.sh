#!/bin/bash
# check-capture.sh RUN_DIR [CAPTURE]: checks a shim capture (RUN_DIR/capture.arrows by default)
# against the guest's own ftrace of the same run (RUN_DIR/ftrace.txt, imported with `vgtrace import
# ftrace`): the control queue's commands in the same order with the same header (type, flags,
# fence, ctx, ring), each answered by a response of the same type or unanswered on both sides.
# Prints the counts per command type and response type, and the first difference if any; exit
# status 0 when both agree. Needs the vgtrace launcher at the repository's root.
set -euo pipefail
source "$(dirname "$0")/common.sh"
run=${1:?usage: $0 RUN_DIR [CAPTURE]}
capture=${2:-$run/capture.arrows}
vgtrace=$(dirname "$SAMPLES_DIR")/vgtrace
[ -s "$run/ftrace.txt" ] || die "no ftrace.txt in $run"
[ -s "$capture" ] || die "no capture $capture"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$vgtrace" import ftrace "$run/ftrace.txt" -o "$tmp/guest.arrows" >/dev/null
q="SELECT type_name, flags, fence_id, ctx_id, ring_idx, coalesce(response_type, '-') AS response
   FROM commands WHERE queue = 0 ORDER BY seq"
"$vgtrace" query --no-cache --format csv "$tmp/guest.arrows" "$q" > "$tmp/guest.csv"
"$vgtrace" query --no-cache --format csv "$capture" "$q" > "$tmp/capture.csv"

echo "capture: $(du -h "$capture" | cut -f1), $(($(wc -l < "$tmp/capture.csv") - 1)) control commands;" \
     "guest ftrace: $(($(wc -l < "$tmp/guest.csv") - 1))"
echo "per command type (capture):"
"$vgtrace" query --no-cache "$capture" \
    "SELECT type_name, count(*) AS n, count(response_seq) AS answered, min(response_type) AS response
     FROM commands WHERE queue = 0 GROUP BY type_name ORDER BY n DESC"
echo "rows by kind (capture):"
"$vgtrace" query --no-cache "$capture" "SELECT kind, count(*) AS n FROM messages GROUP BY kind ORDER BY kind"
if diff -u "$tmp/guest.csv" "$tmp/capture.csv" > "$tmp/diff"; then
    echo "cross-check: the capture and the guest's ftrace agree, command for command (header with ring) and response for response"
else
    echo "cross-check: they differ (guest ftrace -, capture +); the first differences:"
    head -20 "$tmp/diff"
    exit 1
fi
