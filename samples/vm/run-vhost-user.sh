#!/bin/bash
# run-vhost-user.sh [--proxy CMD]: QEMU 10 (bookworm-backports, unpacked under cache/, not
# installed) with vhost-user-gpu-pci, and QEMU's own vhost-user-gpu backend process serving it
# (2D: the backend's --virgl needs a render node). Guest RAM is a shared memfd so the backend can
# map it. Features negotiated: edid. About 20-40 s under TCG, plus a ~40 MB download the first time.
#
# --proxy CMD puts a process between QEMU and the backend (for vgtrace's capture proxy). CMD runs
# under bash -c with these variables set, and must create VGTRACE_FRONTEND_SOCKET (QEMU connects
# there) and connect itself to VGTRACE_BACKEND_SOCKET (the backend listens there):
#   VGTRACE_BACKEND_SOCKET  VGTRACE_FRONTEND_SOCKET  VGTRACE_RUN_DIR
# Its output goes to proxy.log in the run directory; it is stopped after the guest powers off.
set -euo pipefail
source "$(dirname "$0")/common.sh"

proxy=
while [ $# -gt 0 ]; do
    case $1 in
        --proxy) proxy=${2:?--proxy needs a command}; shift 2 ;;
        *) die "usage: $0 [--proxy CMD]" ;;
    esac
done

qdir=$(qemu10_dir)
# shellcheck disable=SC2207
qemu=($(qemu10_cmd "$qdir"))
run=$(new_run vhost-user)
backend_sock=$run/backend.sock
frontend_sock=$backend_sock

# wait_socket PATH PID: waits until PATH is a socket, or fails if PID exits first. Up to 30 s: a
# capture proxy pre-touches a 1 GiB heap before it listens, which takes long on a busy machine.
wait_socket() {
    for _ in $(seq 300); do
        [ -S "$1" ] && return 0
        kill -0 "$2" 2>/dev/null || die "process $2 exited before creating $1"
        sleep 0.1
    done
    die "timed out waiting for $1"
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$qdir/usr/lib/qemu/vhost-user-gpu" --socket-path="$backend_sock" > "$run/backend.log" 2>&1 &
pids+=($!)
wait_socket "$backend_sock" "${pids[0]}"

if [ -n "$proxy" ]; then
    frontend_sock=$run/frontend.sock
    VGTRACE_BACKEND_SOCKET=$backend_sock VGTRACE_FRONTEND_SOCKET=$frontend_sock VGTRACE_RUN_DIR=$run \
        bash -c "$proxy" > "$run/proxy.log" 2>&1 &
    pids+=($!)
    wait_socket "$frontend_sock" "${pids[1]}"
fi

boot_guest "$run" "${KERNEL_SERIES:-6.1}" "${qemu[@]}" -display none -- \
    -object memory-backend-memfd,id=mem,size=1024M,share=on -machine memory-backend=mem \
    -chardev "socket,id=vgpu,path=$frontend_sock" -device vhost-user-gpu-pci,chardev=vgpu
summarize "$run"
echo "$run"
