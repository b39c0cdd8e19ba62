package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct virtio_gpu_update_cursor}, shared by UPDATE_CURSOR and MOVE_CURSOR: the one place its
 * fields are read and written.
 */
final class UpdateCursorWire {
    private static final long POS = Layouts.offset(Layouts.UPDATE_CURSOR, "pos");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.UPDATE_CURSOR, "resource_id");
    private static final long HOT_X = Layouts.offset(Layouts.UPDATE_CURSOR, "hot_x");
    private static final long HOT_Y = Layouts.offset(Layouts.UPDATE_CURSOR, "hot_y");
    private static final long PADDING = Layouts.offset(Layouts.UPDATE_CURSOR, "padding");

    /** The record constructor of either command. */
    interface Factory<T> {
        T make(CtrlHeader h, CursorPos pos, int resourceId, int hotX, int hotY, int padding);
    }

    private UpdateCursorWire() {
    }

    static <T> T decode(CtrlHeader h, MemorySegment s, Factory<T> factory) {
        return factory.make(h, CursorPos.read(s, POS), Wire.u32(s, RESOURCE_ID), Wire.u32(s, HOT_X), Wire.u32(s, HOT_Y),
                Wire.u32(s, PADDING));
    }

    static void encode(MemorySegment s, CursorPos pos, int resourceId, int hotX, int hotY, int padding) {
        pos.write(s, POS);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, HOT_X, hotX);
        Wire.u32(s, HOT_Y, hotY);
        Wire.u32(s, PADDING, padding);
    }
}
