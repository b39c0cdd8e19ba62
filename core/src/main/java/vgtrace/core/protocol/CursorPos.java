package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** {@code struct virtio_gpu_cursor_pos} (16 bytes); u32 fields in raw bits. */
public record CursorPos(int scanoutId, int x, int y, int padding) {

    private static final long SCANOUT_ID = Layouts.offset(Layouts.CURSOR_POS, "scanout_id");
    private static final long X = Layouts.offset(Layouts.CURSOR_POS, "x");
    private static final long Y = Layouts.offset(Layouts.CURSOR_POS, "y");
    private static final long PADDING = Layouts.offset(Layouts.CURSOR_POS, "padding");

    static CursorPos read(MemorySegment s, long at) {
        return new CursorPos(Wire.u32(s, at + SCANOUT_ID), Wire.u32(s, at + X), Wire.u32(s, at + Y),
                Wire.u32(s, at + PADDING));
    }

    void write(MemorySegment s, long at) {
        Wire.u32(s, at + SCANOUT_ID, scanoutId);
        Wire.u32(s, at + X, x);
        Wire.u32(s, at + Y, y);
        Wire.u32(s, at + PADDING, padding);
    }
}
