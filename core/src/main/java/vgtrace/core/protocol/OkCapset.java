package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * VIRTIO_GPU_RESP_OK_CAPSET: a capset's data, all the bytes after the header. The array is shared,
 * not copied: do not modify it.
 */
public record OkCapset(CtrlHeader header, byte[] data) implements GpuResponse {

    static final long FIXED_SIZE = Layouts.RESP_CAPSET.byteSize();

    public OkCapset {
        Require.type(header, CtrlType.RESP_OK_CAPSET);
        Objects.requireNonNull(data, "data");
    }

    static OkCapset decode(CtrlHeader h, MemorySegment s) {
        return new OkCapset(h, Wire.bytes(s, FIXED_SIZE, s.byteSize() - FIXED_SIZE));
    }

    void encodeBody(MemorySegment s) {
        Wire.bytes(s, FIXED_SIZE, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OkCapset c && header.equals(c.header) && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OkCapset[header=" + header + ", data=" + Hex.summary(data) + "]";
    }
}
