package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_MAP_BLOB: maps a blob into the host-visible region at {@code offset}. */
public record ResourceMapBlob(CtrlHeader header, int resourceId, int padding, long offset) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_MAP_BLOB, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_MAP_BLOB, "padding");
    private static final long OFFSET = Layouts.offset(Layouts.RESOURCE_MAP_BLOB, "offset");

    public ResourceMapBlob {
        Require.type(header, CtrlType.RESOURCE_MAP_BLOB);
    }

    static ResourceMapBlob decode(CtrlHeader h, MemorySegment s) {
        return new ResourceMapBlob(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING), Wire.u64(s, OFFSET));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
        Wire.u64(s, OFFSET, offset);
    }
}
