#!/bin/bash
# fetch-qemu10.sh: downloads and unpacks QEMU 10 (bookworm-backports) under cache/qemu10 unless it is
# there already, and prints the directory. run-vhost-user.sh boots it; the vhost-user replay tests
# use its vhost-user-gpu (the back-end the bundled capture was made with). Never installed.
set -euo pipefail
source "$(dirname "$0")/common.sh"
qemu10_dir
