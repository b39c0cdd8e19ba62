package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_TRANSFER_FROM_HOST_3D: copies a box of a resource back to guest backing (at {@code offset}). */
public record TransferFromHost3d(CtrlHeader header, Box box, long offset, int resourceId, int level, int stride,
        int layerStride) implements GpuCommand {

    public TransferFromHost3d {
        Require.type(header, CtrlType.TRANSFER_FROM_HOST_3D);
        Objects.requireNonNull(box, "box");
    }

    static TransferFromHost3d decode(CtrlHeader h, MemorySegment s) {
        return TransferHost3dWire.decode(h, s, TransferFromHost3d::new);
    }

    void encodeBody(MemorySegment s) {
        TransferHost3dWire.encode(s, box, offset, resourceId, level, stride, layerStride);
    }
}
