package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** {@code struct virtio_gpu_display_one} (24 bytes): one scanout's mode in RESP_OK_DISPLAY_INFO. */
public record DisplayMode(Rect r, int enabled, int flags) {

    private static final long R = Layouts.offset(Layouts.DISPLAY_ONE, "r");
    private static final long ENABLED = Layouts.offset(Layouts.DISPLAY_ONE, "enabled");
    private static final long FLAGS = Layouts.offset(Layouts.DISPLAY_ONE, "flags");

    public static final DisplayMode DISABLED = new DisplayMode(new Rect(0, 0, 0, 0), 0, 0);

    public DisplayMode {
        Objects.requireNonNull(r, "r");
    }

    static DisplayMode read(MemorySegment s, long at) {
        return new DisplayMode(Rect.read(s, at + R), Wire.u32(s, at + ENABLED), Wire.u32(s, at + FLAGS));
    }

    void write(MemorySegment s, long at) {
        r.write(s, at + R);
        Wire.u32(s, at + ENABLED, enabled);
        Wire.u32(s, at + FLAGS, flags);
    }
}
