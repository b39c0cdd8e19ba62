package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct virtio_gpu_box} (24 bytes): a 3D region; u32 fields in raw bits. virglrenderer's
 * {@code struct virgl_box} has the same fields, so the replayer hands it this record too.
 */
public record Box(int x, int y, int z, int w, int h, int d) {

    private static final long X = Layouts.offset(Layouts.BOX, "x");
    private static final long Y = Layouts.offset(Layouts.BOX, "y");
    private static final long Z = Layouts.offset(Layouts.BOX, "z");
    private static final long W = Layouts.offset(Layouts.BOX, "w");
    private static final long H = Layouts.offset(Layouts.BOX, "h");
    private static final long D = Layouts.offset(Layouts.BOX, "d");

    /** A 2D rectangle at the origin, one layer deep. */
    public static Box of2d(int width, int height) {
        return new Box(0, 0, 0, width, height, 1);
    }

    static Box read(MemorySegment s, long at) {
        return new Box(Wire.u32(s, at + X), Wire.u32(s, at + Y), Wire.u32(s, at + Z),
                Wire.u32(s, at + W), Wire.u32(s, at + H), Wire.u32(s, at + D));
    }

    void write(MemorySegment s, long at) {
        Wire.u32(s, at + X, x);
        Wire.u32(s, at + Y, y);
        Wire.u32(s, at + Z, z);
        Wire.u32(s, at + W, w);
        Wire.u32(s, at + H, h);
        Wire.u32(s, at + D, d);
    }

    /** {@code WxHxD+X+Y+Z}, unsigned. */
    @Override
    public String toString() {
        return Integer.toUnsignedString(w) + "x" + Integer.toUnsignedString(h) + "x" + Integer.toUnsignedString(d)
                + "+" + Integer.toUnsignedString(x) + "+" + Integer.toUnsignedString(y)
                + "+" + Integer.toUnsignedString(z);
    }
}
