package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_GET_EDID: asks for a scanout's EDID blob. */
public record GetEdid(CtrlHeader header, int scanout, int padding) implements GpuCommand {

    private static final long SCANOUT = Layouts.offset(Layouts.CMD_GET_EDID, "scanout");
    private static final long PADDING = Layouts.offset(Layouts.CMD_GET_EDID, "padding");

    public GetEdid {
        Require.type(header, CtrlType.GET_EDID);
    }

    static GetEdid decode(CtrlHeader h, MemorySegment s) {
        return new GetEdid(h, Wire.u32(s, SCANOUT), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, SCANOUT, scanout);
        Wire.u32(s, PADDING, padding);
    }
}
