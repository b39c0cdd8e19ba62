package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * VIRTIO_GPU_CMD_MOVE_CURSOR (cursor queue): moves the cursor. The device reads only {@code pos}, but the
 * struct is the whole {@code virtio_gpu_update_cursor}, so the other fields are kept as sent.
 */
public record MoveCursor(CtrlHeader header, CursorPos pos, int resourceId, int hotX, int hotY,
        int padding) implements GpuCommand {

    public MoveCursor {
        Require.type(header, CtrlType.MOVE_CURSOR);
        Objects.requireNonNull(pos, "pos");
    }

    static MoveCursor decode(CtrlHeader h, MemorySegment s) {
        return UpdateCursorWire.decode(h, s, MoveCursor::new);
    }

    void encodeBody(MemorySegment s) {
        UpdateCursorWire.encode(s, pos, resourceId, hotX, hotY, padding);
    }
}
