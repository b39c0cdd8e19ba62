package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_SET_SCANOUT: shows a rectangle of a resource on a scanout ({@code resourceId} 0 disables it). */
public record SetScanout(CtrlHeader header, Rect r, int scanoutId, int resourceId) implements GpuCommand {

    private static final long R = Layouts.offset(Layouts.SET_SCANOUT, "r");
    private static final long SCANOUT_ID = Layouts.offset(Layouts.SET_SCANOUT, "scanout_id");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.SET_SCANOUT, "resource_id");

    public SetScanout {
        Require.type(header, CtrlType.SET_SCANOUT);
        Objects.requireNonNull(r, "r");
    }

    static SetScanout decode(CtrlHeader h, MemorySegment s) {
        return new SetScanout(h, Rect.read(s, R), Wire.u32(s, SCANOUT_ID), Wire.u32(s, RESOURCE_ID));
    }

    void encodeBody(MemorySegment s) {
        r.write(s, R);
        Wire.u32(s, SCANOUT_ID, scanoutId);
        Wire.u32(s, RESOURCE_ID, resourceId);
    }
}
