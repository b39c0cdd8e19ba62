package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_TRANSFER_TO_HOST_3D: copies a box from guest backing (at {@code offset}) into a resource. */
public record TransferToHost3d(CtrlHeader header, Box box, long offset, int resourceId, int level, int stride,
        int layerStride) implements GpuCommand {

    public TransferToHost3d {
        Require.type(header, CtrlType.TRANSFER_TO_HOST_3D);
        Objects.requireNonNull(box, "box");
    }

    static TransferToHost3d decode(CtrlHeader h, MemorySegment s) {
        return TransferHost3dWire.decode(h, s, TransferToHost3d::new);
    }

    void encodeBody(MemorySegment s) {
        TransferHost3dWire.encode(s, box, offset, resourceId, level, stride, layerStride);
    }
}
