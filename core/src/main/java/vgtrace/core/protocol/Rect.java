package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** {@code struct virtio_gpu_rect} (16 bytes); u32 fields in raw bits. */
public record Rect(int x, int y, int width, int height) {

    private static final long X = Layouts.offset(Layouts.RECT, "x");
    private static final long Y = Layouts.offset(Layouts.RECT, "y");
    private static final long WIDTH = Layouts.offset(Layouts.RECT, "width");
    private static final long HEIGHT = Layouts.offset(Layouts.RECT, "height");

    static Rect read(MemorySegment s, long at) {
        return new Rect(Wire.u32(s, at + X), Wire.u32(s, at + Y), Wire.u32(s, at + WIDTH), Wire.u32(s, at + HEIGHT));
    }

    void write(MemorySegment s, long at) {
        Wire.u32(s, at + X, x);
        Wire.u32(s, at + Y, y);
        Wire.u32(s, at + WIDTH, width);
        Wire.u32(s, at + HEIGHT, height);
    }

    /** {@code WxH+X+Y}, unsigned. */
    @Override
    public String toString() {
        return Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height)
                + "+" + Integer.toUnsignedString(x) + "+" + Integer.toUnsignedString(y);
    }
}
