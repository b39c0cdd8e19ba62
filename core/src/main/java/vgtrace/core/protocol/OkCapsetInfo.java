package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_RESP_OK_CAPSET_INFO: the capset at the asked index, its newest version and its data size. */
public record OkCapsetInfo(CtrlHeader header, int capsetId, int capsetMaxVersion, int capsetMaxSize,
        int padding) implements GpuResponse {

    private static final long CAPSET_ID = Layouts.offset(Layouts.RESP_CAPSET_INFO, "capset_id");
    private static final long CAPSET_MAX_VERSION = Layouts.offset(Layouts.RESP_CAPSET_INFO, "capset_max_version");
    private static final long CAPSET_MAX_SIZE = Layouts.offset(Layouts.RESP_CAPSET_INFO, "capset_max_size");
    private static final long PADDING = Layouts.offset(Layouts.RESP_CAPSET_INFO, "padding");

    public OkCapsetInfo {
        Require.type(header, CtrlType.RESP_OK_CAPSET_INFO);
    }

    static OkCapsetInfo decode(CtrlHeader h, MemorySegment s) {
        return new OkCapsetInfo(h, Wire.u32(s, CAPSET_ID), Wire.u32(s, CAPSET_MAX_VERSION),
                Wire.u32(s, CAPSET_MAX_SIZE), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, CAPSET_ID, capsetId);
        Wire.u32(s, CAPSET_MAX_VERSION, capsetMaxVersion);
        Wire.u32(s, CAPSET_MAX_SIZE, capsetMaxSize);
        Wire.u32(s, PADDING, padding);
    }
}
