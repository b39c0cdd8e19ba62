package vgtrace.replay.virgl;

/** {@code struct virgl_box} (and the wire's {@code virtio_gpu_box}): raw u32 fields. */
public record Box(int x, int y, int z, int w, int h, int d) {

    /** A 2D rectangle at the origin, one layer deep. */
    public static Box of2d(int width, int height) {
        return new Box(0, 0, 0, width, height, 1);
    }
}
