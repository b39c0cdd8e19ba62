package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_ASSIGN_UUID: asks for a UUID to share a resource with other virtio devices. */
public record ResourceAssignUuid(CtrlHeader header, int resourceId, int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_ASSIGN_UUID, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_ASSIGN_UUID, "padding");

    public ResourceAssignUuid {
        Require.type(header, CtrlType.RESOURCE_ASSIGN_UUID);
    }

    static ResourceAssignUuid decode(CtrlHeader h, MemorySegment s) {
        return new ResourceAssignUuid(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
