#!/usr/bin/env bash
# install-deps.sh [FEATURE...]: installs the Debian packages those features need, only those missing
# (needs root; idempotent). Features: build, replay, fonts, ui, samples; none named: all of them.
# The launcher and run-tests call the same code for what they need, so this is only for preparing
# a machine ahead of time. The lists are in scripts/deps.sh.
set -euo pipefail
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/deps.sh"
[ $# -gt 0 ] || set -- "${!VGTRACE_PACKAGES[@]}"
for f in "$@"; do
  [ -n "${VGTRACE_PACKAGES[$f]:-}" ] || { echo "vgtrace: unknown feature '$f': use ${!VGTRACE_PACKAGES[*]}" >&2; exit 2; }
done
vgtrace_ensure_packages "$0 $*" "$@"
echo "vgtrace: the Debian packages for $* are installed"
