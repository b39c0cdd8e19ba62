package vgtrace.core.virtq;

/** {@code struct virtq_used_elem}: the head of a finished chain and the bytes the device wrote (raw u32s). */
public record UsedElement(int id, int len) {

    public long length() {
        return Integer.toUnsignedLong(len);
    }
}
