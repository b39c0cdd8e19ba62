package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message whose type the protocol does not define (a newer or backend-specific one): the header
 * and every byte after it. This is a normal decode result, not an error. The array is shared, not
 * copied: do not modify it.
 */
public record RawMessage(CtrlHeader header, byte[] body) implements GpuMessage {

    public RawMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (header.ctrlType() != null) {
            throw new IllegalArgumentException("RawMessage for the defined type " + header.ctrlType());
        }
    }

    static RawMessage decode(CtrlHeader h, MemorySegment s) {
        return new RawMessage(h, Wire.bytes(s, CtrlHeader.SIZE, s.byteSize() - CtrlHeader.SIZE));
    }

    void encodeBody(MemorySegment s) {
        Wire.bytes(s, CtrlHeader.SIZE, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage r && header.equals(r.header) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "RawMessage[header=" + header + ", body=" + Hex.summary(body) + "]";
    }
}
