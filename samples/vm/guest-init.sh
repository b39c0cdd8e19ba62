#!/bin/busybox sh
# /init of the test initramfs. Loads the virtio-gpu driver with tracing already on, so the trace
# holds every command from the device's first one, runs vgwork (or, with /workload, a client in a
# guest root on the virtio disk: run-mesa.sh), then writes the results to the
# second serial port (ttyS1) between "==== BEGIN name ====" / "==== END name ====" markers and
# powers off. ttyS1 carries nothing else (the kernel console is on ttyS0), needs no extra driver
# and survives a guest that dies half-way: whatever was written before is in the host file.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
T=/sys/kernel/tracing
[ -d $T/events ] || T=/sys/kernel/debug/tracing

say() { echo "vgtrace-init: $*" > /dev/ttyS0; }

# Modules in dependency order (build-initramfs.sh wrote the list). Once the virtio bus exists,
# stop it from binding drivers by itself, so the GPU is bound only after tracing is on.
# (virtio_pci is built into some kernels, e.g. Debian's 6.12: then the bus exists already.)
[ -w /sys/bus/virtio/drivers_autoprobe ] && echo 0 > /sys/bus/virtio/drivers_autoprobe
for m in $(cat /modules/order); do
    insmod /modules/$m.ko || say "insmod $m failed"
    [ -w /sys/bus/virtio/drivers_autoprobe ] && echo 0 > /sys/bus/virtio/drivers_autoprobe
done

# A workload (run-mesa.sh) runs in a guest root on the virtio disk, attached read-only: bind the
# disk (autoprobe is off) and mount it with what the client needs, before tracing starts.
if [ -s /workload ]; then
    for d in /sys/bus/virtio/devices/*; do
        [ "$(cat $d/device)" = 0x0002 ] && { echo "$(basename $d)" > /sys/bus/virtio/drivers/virtio_blk/bind || say "bind $d failed"; }
    done
    i=0
    while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    R=/mnt
    mkdir -p $R
    mount -t ext4 -o ro,noload /dev/vda $R || say "mount /dev/vda failed"
    mount -t proc proc $R/proc
    mount -o bind /sys $R/sys
    mount -o bind /dev $R/dev
    mount -t tmpfs tmpfs $R/tmp
fi

if [ -s /setup.sh ]; then
    # A tracing setup script (e.g. from `vgtrace guest-setup`) does it all: buffer, probes, enable.
    sh /setup.sh 2> /dev/ttyS0 || say "setup.sh failed"
else
    echo 16384 > $T/buffer_size_kb
    # Optional dynamic events (e.g. the ring_idx probe of platform-notes.md) come from /probes.
    [ -s /probes ] && while read -r p; do echo "$p" >> $T/dynamic_events || say "probe refused: $p"; done < /probes
    echo 1 > $T/events/virtio_gpu/enable
    for e in $T/events/vgtrace/*/enable; do [ -w "$e" ] && echo 1 > "$e"; done
    echo 1 > $T/tracing_on
fi

gpu=
for d in /sys/bus/virtio/devices/*; do
    [ "$(cat $d/device)" = 0x0010 ] && gpu=$(basename $d)
done
if [ -n "$gpu" ]; then
    echo "$gpu" > /sys/bus/virtio/drivers/virtio_gpu/bind || say "bind $gpu failed"
else
    say "no virtio-gpu device on the virtio bus"
fi
i=0
while [ ! -e /dev/dri/card0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
cat /sys/kernel/debug/dri/0/virtio-gpu-features > /tmp/features.txt 2>&1

start=$(cat /proc/uptime)
results="features.txt vgwork.log ftrace.txt kernel.txt dmesg.txt"
if [ -s /workload ]; then
    # The client's output is client.log; a time limit (workload.timeout=S, default 300) bounds a hang.
    limit=$(sed -n 's/.*workload\.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
    timeout "${limit:-300}" chroot $R /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp XDG_RUNTIME_DIR=/tmp \
        /bin/sh -c "$(cat /workload)" > /tmp/client.log 2>&1
    echo "client exit=$? uptime_start=${start%% *} uptime_end=$(cut -d' ' -f1 /proc/uptime)" >> /tmp/client.log
    results="features.txt client.log ftrace.txt kernel.txt dmesg.txt"
else
    # shellcheck disable=SC2046
    /bin/vgwork $(cat /vgwork.args 2>/dev/null) > /tmp/vgwork.log 2>&1
    echo "vgwork exit=$? uptime_start=${start%% *} uptime_end=$(cut -d' ' -f1 /proc/uptime)" >> /tmp/vgwork.log
fi
# vgwork.bench=N on the kernel command line (VGTRACE_KERNEL_ARGS) adds the overhead benchmark,
# after vgwork.warmup=W untimed rounds.
bench=$(sed -n 's/.*vgwork\.bench=\([0-9]*\).*/\1/p' /proc/cmdline)
warmup=$(sed -n 's/.*vgwork\.warmup=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$bench" ] && /bin/vgwork --bench "$bench" --warmup "${warmup:-0}" >> /tmp/vgwork.log 2>&1
# vgwork.bench3d=N: the 3D benchmark (fenced submits and transfers) instead.
bench3d=$(sed -n 's/.*vgwork\.bench3d=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$bench3d" ] && /bin/vgwork --bench3d "$bench3d" --warmup "${warmup:-0}" >> /tmp/vgwork.log 2>&1
sleep 1    # let late responses (fences, cursor) land in the trace
echo 0 > $T/tracing_on
cat $T/trace > /tmp/ftrace.txt
uname -r > /tmp/kernel.txt
dmesg > /tmp/dmesg.txt

stty -F /dev/ttyS1 raw -echo 2>/dev/null
for f in $results; do
    { echo "==== BEGIN $f ===="; cat /tmp/$f; echo "==== END $f ===="; } > /dev/ttyS1
done
say "results written"
sync
poweroff -f
