package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_UNREF: destroys a resource. */
public record ResourceUnref(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_UNREF, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_UNREF, "padding");

    public ResourceUnref {
        Require.type(header, CtrlType.RESOURCE_UNREF);
    }

    static ResourceUnref decode(CtrlHeader h, MemorySegment s) {
        return new ResourceUnref(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
