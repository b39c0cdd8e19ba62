package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_CREATE_2D: a host resource of a {@link GpuFormat} and size. */
public record ResourceCreate2d(CtrlHeader header, int resourceId, int format, int width,
        int height) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_CREATE_2D, "resource_id");
    private static final long FORMAT = Layouts.offset(Layouts.RESOURCE_CREATE_2D, "format");
    private static final long WIDTH = Layouts.offset(Layouts.RESOURCE_CREATE_2D, "width");
    private static final long HEIGHT = Layouts.offset(Layouts.RESOURCE_CREATE_2D, "height");

    public ResourceCreate2d {
        Require.type(header, CtrlType.RESOURCE_CREATE_2D);
    }

    static ResourceCreate2d decode(CtrlHeader h, MemorySegment s) {
        return new ResourceCreate2d(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, FORMAT), Wire.u32(s, WIDTH),
                Wire.u32(s, HEIGHT));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, FORMAT, format);
        Wire.u32(s, WIDTH, width);
        Wire.u32(s, HEIGHT, height);
    }
}
