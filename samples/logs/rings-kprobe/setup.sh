#!/bin/sh
# Made by `vgtrace guest-setup`. Run as root in the guest. It records every virtio-gpu
# command and response with its control header (ring index included where the kernel
# allows), in tracefs. Then collect the trace and import it on the host:
#   cat /sys/kernel/tracing/trace > vgtrace-guest.txt
#   vgtrace import ftrace vgtrace-guest.txt -o guest.arrows
# To trace from the device's very first command, run this from an initramfs before the
# GPU is bound (echo 0 > /sys/bus/virtio/drivers_autoprobe, then bind it afterwards).
set -eu
T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs nodev "$T" 2>/dev/null || T=/sys/kernel/debug/tracing
[ -d "$T/events/virtio_gpu" ] || modprobe virtio-gpu 2>/dev/null || true
[ -d "$T/events/virtio_gpu" ] || { echo "vgtrace: no virtio_gpu trace events: is the virtio-gpu driver built with tracing?" >&2; exit 1; }
echo 0 > "$T/tracing_on"
echo 16384 > "$T/buffer_size_kb"
form=stock
# Offsets are for x86_64 and the struct layouts explained in `vgtrace guest-setup --help`.
if [ -w "$T/dynamic_events" ] && echo 'p:vgtrace/cmd_queue virtqueue_add_sgs vq=+0(+24(%di)):string type=+0(+0(%r8)):x32 flags=+4(+0(%r8)):x32 fence_id=+8(+0(%r8)):u64 ctx_id=+16(+0(%r8)):u32 ring_idx=+20(+0(%r8)):u8' >> "$T/dynamic_events" \
   && echo '(vq == "control" || vq == "cursor") && type >= 0x100 && type < 0x400' > "$T/events/vgtrace/cmd_queue/filter"; then form=kprobe; else echo "vgtrace: kprobe refused (no KPROBE_EVENTS?): ring indices will be unknown" >&2; fi
echo 1 > "$T/events/virtio_gpu/enable"
[ "$form" = stock ] || echo 1 > "$T/events/vgtrace/enable"
echo 1 > "$T/tracing_on"
echo "vgtrace: tracing virtio-gpu ($form form). Run the workload, then: cat $T/trace > vgtrace-guest.txt" >&2
