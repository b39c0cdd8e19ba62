package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct virtio_gpu_transfer_host_3d}, shared by TRANSFER_TO_HOST_3D and TRANSFER_FROM_HOST_3D:
 * the one place its fields are read and written.
 */
final class TransferHost3dWire {
    private static final long BOX = Layouts.offset(Layouts.TRANSFER_HOST_3D, "box");
    private static final long OFFSET = Layouts.offset(Layouts.TRANSFER_HOST_3D, "offset");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.TRANSFER_HOST_3D, "resource_id");
    private static final long LEVEL = Layouts.offset(Layouts.TRANSFER_HOST_3D, "level");
    private static final long STRIDE = Layouts.offset(Layouts.TRANSFER_HOST_3D, "stride");
    private static final long LAYER_STRIDE = Layouts.offset(Layouts.TRANSFER_HOST_3D, "layer_stride");

    /** The record constructor of either direction. */
    interface Factory<T> {
        T make(CtrlHeader h, Box box, long offset, int resourceId, int level, int stride, int layerStride);
    }

    private TransferHost3dWire() {
    }

    static <T> T decode(CtrlHeader h, MemorySegment s, Factory<T> factory) {
        return factory.make(h, Box.read(s, BOX), Wire.u64(s, OFFSET), Wire.u32(s, RESOURCE_ID), Wire.u32(s, LEVEL),
                Wire.u32(s, STRIDE), Wire.u32(s, LAYER_STRIDE));
    }

    static void encode(MemorySegment s, Box box, long offset, int resourceId, int level, int stride, int layerStride) {
        box.write(s, BOX);
        Wire.u64(s, OFFSET, offset);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, LEVEL, level);
        Wire.u32(s, STRIDE, stride);
        Wire.u32(s, LAYER_STRIDE, layerStride);
    }
}
