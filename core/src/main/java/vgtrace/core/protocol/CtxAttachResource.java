package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_CTX_ATTACH_RESOURCE: makes a resource visible to the header's context. */
public record CtxAttachResource(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.CTX_RESOURCE, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.CTX_RESOURCE, "padding");

    public CtxAttachResource {
        Require.type(header, CtrlType.CTX_ATTACH_RESOURCE);
    }

    static CtxAttachResource decode(CtrlHeader h, MemorySegment s) {
        return new CtxAttachResource(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
