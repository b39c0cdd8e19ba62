package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_RESP_OK_MAP_INFO: how a mapped blob is cached ({@link MapCache}). */
public record OkMapInfo(CtrlHeader header, int mapInfo, int padding) implements GpuResponse {

    private static final long MAP_INFO = Layouts.offset(Layouts.RESP_MAP_INFO, "map_info");
    private static final long PADDING = Layouts.offset(Layouts.RESP_MAP_INFO, "padding");

    public OkMapInfo {
        Require.type(header, CtrlType.RESP_OK_MAP_INFO);
    }

    static OkMapInfo decode(CtrlHeader h, MemorySegment s) {
        return new OkMapInfo(h, Wire.u32(s, MAP_INFO), Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, MAP_INFO, mapInfo);
        Wire.u32(s, PADDING, padding);
    }
}
