package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_GET_CAPSET_INFO: asks which capset sits at an index (0 .. num_capsets-1). */
public record GetCapsetInfo(CtrlHeader header, int capsetIndex, int padding) implements GpuCommand {

    private static final long CAPSET_INDEX = Layouts.offset(Layouts.GET_CAPSET_INFO, "capset_index");
    private static final long PADDING = Layouts.offset(Layouts.GET_CAPSET_INFO, "padding");

    public GetCapsetInfo {
        Require.type(header, CtrlType.GET_CAPSET_INFO);
    }

    static GetCapsetInfo decode(CtrlHeader h, MemorySegment s) {
        return new GetCapsetInfo(h, Wire.u32(s, CAPSET_INDEX), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, CAPSET_INDEX, capsetIndex);
        Wire.u32(s, PADDING, padding);
    }
}
