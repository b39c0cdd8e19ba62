package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_CTX_DETACH_RESOURCE: removes a resource from the header's context. */
public record CtxDetachResource(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.CTX_RESOURCE, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.CTX_RESOURCE, "padding");

    public CtxDetachResource {
        Require.type(header, CtrlType.CTX_DETACH_RESOURCE);
    }

    static CtxDetachResource decode(CtrlHeader h, MemorySegment s) {
        return new CtxDetachResource(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
