package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;

/** VIRTIO_GPU_RESP_OK_RESOURCE_UUID: the 16-byte UUID assigned to a resource. */
public record OkResourceUuid(CtrlHeader header, byte[] uuid) implements GpuResponse {

    public static final int UUID_BYTES = 16;

    private static final long UUID = Layouts.offset(Layouts.RESP_RESOURCE_UUID, "uuid");

    public OkResourceUuid {
        Require.type(header, CtrlType.RESP_OK_RESOURCE_UUID);
        Require.length(uuid, UUID_BYTES, "uuid");
        uuid = uuid.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    /** The UUID in its usual 8-4-4-4-12 hex form, bytes in wire order. */
    public String uuidText() {
        String hex = HexFormat.of().formatHex(uuid);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    static OkResourceUuid decode(CtrlHeader h, MemorySegment s) {
        return new OkResourceUuid(h, Wire.bytes(s, UUID, UUID_BYTES));
    }

    void encodeBody(MemorySegment s) {
        Wire.bytes(s, UUID, uuid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OkResourceUuid u && header.equals(u.header) && Arrays.equals(uuid, u.uuid);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(uuid);
    }

    @Override
    public String toString() {
        return "OkResourceUuid[header=" + header + ", uuid=" + uuidText() + "]";
    }
}
