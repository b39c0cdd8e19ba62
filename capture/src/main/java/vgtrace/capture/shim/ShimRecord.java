package vgtrace.capture.shim;

import vgtrace.core.trace.GuestRange;

import java.util.List;
import java.util.Map;

/**
 * One record of the QEMU shim's stream (capture/src/main/c/vgtrace-shim.c), decoded by
 * {@link ShimRecordDecoder}. {@code tsNs} is the shim's CLOCK_MONOTONIC time, the clock of
 * {@code System.nanoTime()} on Linux, so rows from both sides share one time base.
 */
public sealed interface ShimRecord {

    long tsNs();

    /** The shim connected from a QEMU process. */
    record Hello(long tsNs, int protocol, int pid, Map<String, String> facts) implements ShimRecord {
    }

    /** The device was realized: QEMU's version, the device type, the virglrenderer it loaded. */
    record Device(long tsNs, Map<String, String> facts) implements ShimRecord {
    }

    /** A control command as the guest wrote it, when the device took it; {@code id} pairs its response. */
    record Command(long tsNs, long id, int queue, byte[] bytes) implements ShimRecord {
    }

    /** The device's answer to command {@code commandId} (0: a command the shim did not see taken). */
    record Response(long tsNs, long commandId, byte[] bytes) implements ShimRecord {
    }

    /** Bytes of guest memory or of a mapped blob, taken while command {@code commandId} ran (0: none). */
    record Memory(long tsNs, long commandId, MemoryKind kind, int resourceId, List<GuestRange> ranges, byte[] bytes)
            implements ShimRecord {
    }

    /** What a {@link Memory} record holds. */
    enum MemoryKind {
        /** Guest-physical bytes the device reads for the command (only ranges changed since last recorded). */
        GUEST,
        /** A resource's whole backing after the device wrote it (TRANSFER_FROM_HOST_3D). */
        READBACK,
        /** A mapped blob's host memory as the guest left it; ranges are offsets in the blob. */
        BLOB
    }

    /** virglrenderer signalled a fence: on (ctx, ring), or the global timeline when {@code ring} is null. */
    record Fence(long tsNs, int ctxId, Integer ring, long fenceId) implements ShimRecord {
    }

    /** A remark of the shim: records it lost, a snapshot it clipped. */
    record Note(long tsNs, String text) implements ShimRecord {
    }
}
