package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * VIRTIO_GPU_RESP_OK_EDID: a scanout's EDID, the first {@code size} of the 1024 bytes; the rest is
 * kept as sent.
 */
public record OkEdid(CtrlHeader header, int size, int padding, byte[] edid) implements GpuResponse {

    public static final int EDID_BYTES = 1024;

    private static final long SIZE = Layouts.offset(Layouts.RESP_EDID, "size");
    private static final long PADDING = Layouts.offset(Layouts.RESP_EDID, "padding");
    private static final long EDID = Layouts.offset(Layouts.RESP_EDID, "edid");

    public OkEdid {
        Require.type(header, CtrlType.RESP_OK_EDID);
        Require.length(edid, EDID_BYTES, "edid");
        edid = edid.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] edid() {
        return edid.clone();
    }

    static OkEdid decode(CtrlHeader h, MemorySegment s) {
        return new OkEdid(h, Wire.u32(s, SIZE), Wire.u32(s, PADDING), Wire.bytes(s, EDID, EDID_BYTES));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, SIZE, size);
        Wire.u32(s, PADDING, padding);
        Wire.bytes(s, EDID, edid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OkEdid e && header.equals(e.header) && size == e.size && padding == e.padding
                && Arrays.equals(edid, e.edid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, size, padding, Arrays.hashCode(edid));
    }

    @Override
    public String toString() {
        return "OkEdid[header=" + header + ", size=" + Integer.toUnsignedString(size) + ", padding=" + padding
                + ", edid=" + Hex.summary(edid) + "]";
    }
}
