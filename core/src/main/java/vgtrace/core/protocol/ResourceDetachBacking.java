package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING: removes a resource's guest backing pages. */
public record ResourceDetachBacking(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_DETACH_BACKING, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_DETACH_BACKING, "padding");

    public ResourceDetachBacking {
        Require.type(header, CtrlType.RESOURCE_DETACH_BACKING);
    }

    static ResourceDetachBacking decode(CtrlHeader h, MemorySegment s) {
        return new ResourceDetachBacking(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
