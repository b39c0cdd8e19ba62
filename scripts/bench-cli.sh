#!/usr/bin/env bash
# Start-up latency of the vgtrace launcher (docs/sql.md, Start-up latency): wall and CPU time of
# --version, info on a small bundled trace, and a query on a trace whose DuckDB cache is current.
#
#   scripts/bench-cli.sh [-n RUNS] [CHECKOUT...]
#
# With several checkouts (built, e.g. before and after a change), their runs alternate, so that a
# machine whose load changes during the bench treats them alike. Goal: info and the cached query
# each <= 0.5 s wall. A script, not a vgtrace command: it times the launcher as a user runs it, and
# has no JVM of its own competing for the cores while it does. Checkouts whose SQL modules differ
# rebuild each other's cache: compare those on --version and info only.
set -euo pipefail
runs=5
if [ "${1:-}" = -n ]; then runs=$2; shift 2; fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -gt 0 ] || set -- "$here"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# above LoadOptions.CACHE_FROM_BYTES (4 MiB), so that the first query writes the cache beside it
big=$tmp/big.arrows
"$1/vgtrace" generate -n 1200000 -o "$big" >/dev/null 2>&1
small=$here/samples/traces/2d-guest.arrows
sql="SELECT count(*) FROM commands"
for c in "$@"; do
  "$c/vgtrace" --version >/dev/null 2>&1  # builds and records the AOT cache when needed
  "$c/vgtrace" query "$big" "$sql" >/dev/null 2>&1  # makes the cache current for this checkout
done

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %-28s %8s %8s %8s\n' command checkout median min cpu
for name in version info query; do
  case $name in
    version) args=(--version) ;;
    info) args=(info "$small") ;;
    query) args=(query "$big" "$sql") ;;
  esac
  for c in "$@"; do : >"$tmp/$name.$(basename "$c").times"; done
  for _ in $(seq "$runs"); do
    for c in "$@"; do
      TIMEFORMAT='%R %U %S'
      { time "$c/vgtrace" "${args[@]}" >/dev/null 2>&1; } 2>>"$tmp/$name.$(basename "$c").times"
    done
  done
  for c in "$@"; do
    t=$tmp/$name.$(basename "$c").times
    printf '%-14s %-28s %7ss %7ss %7ss\n' "$name" "$(basename "$c")" "$(cut -d' ' -f1 "$t" | median)" \
      "$(cut -d' ' -f1 "$t" | sort -n | head -1)" "$(awk '{print $2 + $3}' "$t" | median)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
