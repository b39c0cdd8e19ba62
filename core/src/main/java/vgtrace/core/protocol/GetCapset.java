package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_GET_CAPSET: asks for one version of a capset's data ({@link Capset} names the id). */
public record GetCapset(CtrlHeader header, int capsetId, int capsetVersion) implements GpuCommand {

    private static final long CAPSET_ID = Layouts.offset(Layouts.GET_CAPSET, "capset_id");
    private static final long CAPSET_VERSION = Layouts.offset(Layouts.GET_CAPSET, "capset_version");

    public GetCapset {
        Require.type(header, CtrlType.GET_CAPSET);
    }

    static GetCapset decode(CtrlHeader h, MemorySegment s) {
        return new GetCapset(h, Wire.u32(s, CAPSET_ID), Wire.u32(s, CAPSET_VERSION));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, CAPSET_ID, capsetId);
        Wire.u32(s, CAPSET_VERSION, capsetVersion);
    }
}
