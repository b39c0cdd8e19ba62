package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * VIRTIO_GPU_CMD_MOVE_CURSOR (cursor queue): moves the cursor. The device reads only {@code pos}, but the
 * struct is the whole {@code virtio_gpu_update_cursor}, so the other fields are kept as sent.
 */
public record MoveCursor(CtrlHeader header, CursorPos pos, int resourceId, int hotX, int hotY,
        int padding) implements GpuCommand {

    private static final long POS = Layouts.offset(Layouts.UPDATE_CURSOR, "pos");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.UPDATE_CURSOR, "resource_id");
    private static final long HOT_X = Layouts.offset(Layouts.UPDATE_CURSOR, "hot_x");
    private static final long HOT_Y = Layouts.offset(Layouts.UPDATE_CURSOR, "hot_y");
    private static final long PADDING = Layouts.offset(Layouts.UPDATE_CURSOR, "padding");

    public MoveCursor {
        Require.type(header, CtrlType.MOVE_CURSOR);
        Objects.requireNonNull(pos, "pos");
    }

    static MoveCursor decode(CtrlHeader h, MemorySegment s) {
        return new MoveCursor(h, CursorPos.read(s, POS), Wire.u32(s, RESOURCE_ID), Wire.u32(s, HOT_X),
                Wire.u32(s, HOT_Y), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        pos.write(s, POS);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, HOT_X, hotX);
        Wire.u32(s, HOT_Y, hotY);
        Wire.u32(s, PADDING, padding);
    }
}
