package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_TRANSFER_FROM_HOST_3D: copies a box of a resource back to guest backing (at {@code offset}). */
public record TransferFromHost3d(CtrlHeader header, Box box, long offset, int resourceId, int level, int stride,
        int layerStride) implements GpuCommand {

    private static final long BOX = Layouts.offset(Layouts.TRANSFER_HOST_3D, "box");
    private static final long OFFSET = Layouts.offset(Layouts.TRANSFER_HOST_3D, "offset");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.TRANSFER_HOST_3D, "resource_id");
    private static final long LEVEL = Layouts.offset(Layouts.TRANSFER_HOST_3D, "level");
    private static final long STRIDE = Layouts.offset(Layouts.TRANSFER_HOST_3D, "stride");
    private static final long LAYER_STRIDE = Layouts.offset(Layouts.TRANSFER_HOST_3D, "layer_stride");

    public TransferFromHost3d {
        Require.type(header, CtrlType.TRANSFER_FROM_HOST_3D);
        Objects.requireNonNull(box, "box");
    }

    static TransferFromHost3d decode(CtrlHeader h, MemorySegment s) {
        return new TransferFromHost3d(h, Box.read(s, BOX), Wire.u64(s, OFFSET), Wire.u32(s, RESOURCE_ID),
                Wire.u32(s, LEVEL), Wire.u32(s, STRIDE), Wire.u32(s, LAYER_STRIDE));
    }

    void encodeBody(MemorySegment s) {
        box.write(s, BOX);
        Wire.u64(s, OFFSET, offset);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, LEVEL, level);
        Wire.u32(s, STRIDE, stride);
        Wire.u32(s, LAYER_STRIDE, layerStride);
    }
}
