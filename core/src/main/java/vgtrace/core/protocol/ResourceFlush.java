package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_RESOURCE_FLUSH: pushes a rectangle of a resource to the scanouts showing it. */
public record ResourceFlush(CtrlHeader header, Rect r, int resourceId, int padding) implements GpuCommand {

    private static final long R = Layouts.offset(Layouts.RESOURCE_FLUSH, "r");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_FLUSH, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_FLUSH, "padding");

    public ResourceFlush {
        Require.type(header, CtrlType.RESOURCE_FLUSH);
        Objects.requireNonNull(r, "r");
    }

    static ResourceFlush decode(CtrlHeader h, MemorySegment s) {
        return new ResourceFlush(h, Rect.read(s, R), Wire.u32(s, RESOURCE_ID), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        r.write(s, R);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
