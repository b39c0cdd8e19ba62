package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_UNMAP_BLOB: unmaps a mapped blob. */
public record ResourceUnmapBlob(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_UNMAP_BLOB, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_UNMAP_BLOB, "padding");

    public ResourceUnmapBlob {
        Require.type(header, CtrlType.RESOURCE_UNMAP_BLOB);
    }

    static ResourceUnmapBlob decode(CtrlHeader h, MemorySegment s) {
        return new ResourceUnmapBlob(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
