package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D: copies a rectangle from guest backing (at {@code offset}) into a resource. */
public record TransferToHost2d(CtrlHeader header, Rect r, long offset, int resourceId,
        int padding) implements GpuCommand {

    private static final long R = Layouts.offset(Layouts.TRANSFER_TO_HOST_2D, "r");
    private static final long OFFSET = Layouts.offset(Layouts.TRANSFER_TO_HOST_2D, "offset");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.TRANSFER_TO_HOST_2D, "resource_id");
    private static final long PADDING = Layouts.offset(Layouts.TRANSFER_TO_HOST_2D, "padding");

    public TransferToHost2d {
        Require.type(header, CtrlType.TRANSFER_TO_HOST_2D);
        Objects.requireNonNull(r, "r");
    }

    static TransferToHost2d decode(CtrlHeader h, MemorySegment s) {
        return new TransferToHost2d(h, Rect.read(s, R), Wire.u64(s, OFFSET), Wire.u32(s, RESOURCE_ID),
                Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        r.write(s, R);
        Wire.u64(s, OFFSET, offset);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, PADDING, padding);
    }
}
