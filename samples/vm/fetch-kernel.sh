#!/bin/bash
# fetch-kernel.sh [6.1|6.12]: downloads a Debian kernel package and unpacks it under
# cache/kernel-<series>/ (never installed). Prints the unpacked directory.
#   6.1  - bookworm's linux-image-amd64 (the machine's own apt lists; 7-field tracepoints)
#   6.12 - trixie's linux-image-amd64 through a private apt configuration (tracepoints with seqno)
set -euo pipefail
source "$(dirname "$0")/common.sh"

series=${1:-6.1}
case $series in
    6.1)  APT_OPTS=() ;;
    6.12) private_apt trixie ;;
    *) die "usage: $0 [6.1|6.12]" ;;
esac

dest="$CACHE_DIR/kernel-$series"
if [ -f "$dest/.done" ]; then echo "$dest"; exit 0; fi

# The meta package names the current image package, e.g. linux-image-6.1.0-56-amd64.
pkg=$(apt-cache "${APT_OPTS[@]}" depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 to a kernel package"
log "downloading $pkg"
download_debs "$CACHE_DIR/debs-kernel-$series" "$pkg"
rm -rf "$dest" && mkdir -p "$dest"
for deb in "$CACHE_DIR/debs-kernel-$series"/linux-image-*.deb; do dpkg-deb -x "$deb" "$dest"; done
ls "$dest"/boot/vmlinuz-* >/dev/null || die "no vmlinuz in $pkg"
touch "$dest/.done"
echo "$dest"
