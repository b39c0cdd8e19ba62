package vgtrace.capture.ftrace;

import java.util.List;

/**
 * The tracefs dynamic events that make a guest record the whole control header, ring index
 * included, and the guest script that sets them up. The event names and fields here are what
 * {@link FtraceLineParser} reads back, so they live beside it.
 */
public final class GuestProbes {

    /** How the guest kernel lets us read the header. */
    public enum Form {
        /** Tracepoint probes with BTF arguments (Linux 6.x with PROBE_EVENTS_BTF_ARGS and module BTF): verified. */
        BTF,
        /** A kprobe on virtqueue_add_sgs with fixed x86_64 offsets: for kernels without BTF; commands only. */
        KPROBE,
        /** Only the stock tracepoints: no ring index (stored as unknown). */
        STOCK
    }

    /** Header probes on the stock tracepoints: queue and response headers, with seqno for pairing. */
    public static final List<String> BTF = List.of(
            "t:vgtrace/cmd_queue virtio_gpu_cmd_queue vq=vq->name:string type=hdr->type:x32 flags=hdr->flags:x32 "
                    + "fence_id=hdr->fence_id ctx_id=hdr->ctx_id ring_idx=hdr->ring_idx seqno=seqno",
            "t:vgtrace/cmd_response virtio_gpu_cmd_response vq=vq->name:string type=hdr->type:x32 flags=hdr->flags:x32 "
                    + "fence_id=hdr->fence_id ctx_id=hdr->ctx_id ring_idx=hdr->ring_idx seqno=seqno");

    /**
     * virtqueue_add_sgs(vq, sgs, out, in, data, gfp) on x86_64: %di is the virtqueue, whose name
     * pointer follows a list_head (16 bytes) and the callback (8): +24; %r8 is data, the driver's
     * virtio_gpu_vbuffer, whose first field points at the command buffer, which starts with the header.
     */
    public static final List<String> KPROBE = List.of(
            "p:vgtrace/cmd_queue virtqueue_add_sgs vq=+0(+24(%di)):string type=+0(+0(%r8)):x32 flags=+4(+0(%r8)):x32 "
                    + "fence_id=+8(+0(%r8)):u64 ctx_id=+16(+0(%r8)):u32 ring_idx=+20(+0(%r8)):u8");

    /** virtio-net's control queue is also named "control": keep only virtio-gpu command types. */
    public static final String KPROBE_FILTER =
            "(vq == \"control\" || vq == \"cursor\") && type >= 0x100 && type < 0x400";

    private GuestProbes() {
    }

    /** A POSIX sh script for the guest that sets up tracing in the given form and says how to collect it. */
    public static String script(Form form, int bufferKb) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
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
                """);
        sb.append("echo ").append(bufferKb).append(" > \"$T/buffer_size_kb\"\n");
        sb.append("form=stock\n");
        switch (form) {
            case BTF -> {
                sb.append("# BTF probes name the module's tracepoint, so virtio-gpu must be loaded first (done above).\n");
                sb.append("if [ -w \"$T/dynamic_events\" ]");
                for (String p : BTF) sb.append(" \\\n   && echo '").append(p).append("' >> \"$T/dynamic_events\"");
                sb.append("; then form=btf; else echo \"vgtrace: BTF probes refused (no PROBE_EVENTS_BTF_ARGS or module BTF): ring indices will be unknown; try --form kprobe\" >&2; fi\n");
            }
            case KPROBE -> {
                sb.append("# Offsets are for x86_64 and the struct layouts explained in `vgtrace guest-setup --help`.\n");
                sb.append("if [ -w \"$T/dynamic_events\" ] && echo '").append(KPROBE.getFirst()).append("' >> \"$T/dynamic_events\"");
                sb.append(" \\\n   && echo '").append(KPROBE_FILTER).append("' > \"$T/events/vgtrace/cmd_queue/filter\"");
                sb.append("; then form=kprobe; else echo \"vgtrace: kprobe refused (no KPROBE_EVENTS?): ring indices will be unknown\" >&2; fi\n");
            }
            case STOCK -> { }
        }
        sb.append("""
                echo 1 > "$T/events/virtio_gpu/enable"
                [ "$form" = stock ] || echo 1 > "$T/events/vgtrace/enable"
                echo 1 > "$T/tracing_on"
                echo "vgtrace: tracing virtio-gpu ($form form). Run the workload, then: cat $T/trace > vgtrace-guest.txt" >&2
                """);
        return sb.toString();
    }
}
