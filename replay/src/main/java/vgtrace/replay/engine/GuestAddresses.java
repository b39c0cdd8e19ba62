package vgtrace.replay.engine;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.MemEntry;
import vgtrace.core.protocol.ResourceAttachBacking;
import vgtrace.core.protocol.ResourceCreateBlob;
import vgtrace.replay.MemoryWrite;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Where guest memory lies differs from boot to boot (the guest's allocator), and so does how a
 * backing is cut into physically contiguous entries; what it holds does not. A comparison that
 * ignores them looks at commands with their mem entries merged into one of the same total length at
 * address 0, and at the bytes a command made the device read, in order, wherever they were.
 */
final class GuestAddresses {

    private GuestAddresses() {
    }

    /** The wire bytes with the mem entries as one entry at 0 of their total length (other commands as they are). */
    static byte[] cleared(byte[] wire) {
        try {
            return switch (GpuCodec.decode(wire)) {
                case ResourceAttachBacking a -> GpuCodec.encode(new ResourceAttachBacking(a.header(), a.resourceId(),
                        1, merged(a.entries())));
                case ResourceCreateBlob b -> GpuCodec.encode(new ResourceCreateBlob(b.header(), b.resourceId(), b.blobMem(),
                        b.blobFlags(), 1, b.blobId(), b.size(), merged(b.entries())));
                default -> wire;
            };
        } catch (DecodeException e) {
            return wire;
        }
    }

    /** One entry at 0 holding the total length (as a u32 sum, which wraps only for a 4 GiB backing). */
    private static List<MemEntry> merged(List<MemEntry> entries) {
        long total = 0;
        for (MemEntry e : entries) total += Integer.toUnsignedLong(e.length());
        return List.of(new MemEntry(0, (int) total, 0));
    }

    /** The bytes of {@code writes} one after the other. */
    static byte[] content(List<MemoryWrite> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MemoryWrite w : writes) out.writeBytes(w.bytes());
        return out.toByteArray();
    }
}
