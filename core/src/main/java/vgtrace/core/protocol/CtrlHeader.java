package vgtrace.core.protocol;

/**
 * {@code struct virtio_gpu_ctrl_hdr} (24 bytes): the header of every command and response.
 * Unsigned wire fields are held in the next wider signed type's low bits, as the wire has them:
 * {@code type}, {@code flags}, {@code ctxId} are raw u32; {@code ringIdx} is the raw u8 (0..255);
 * {@code padding} is the raw 3 bytes (0..0xffffff), kept so that encoding restores the exact bytes.
 */
public record CtrlHeader(int type, int flags, long fenceId, int ctxId, int ringIdx, int padding) {

    public static final int SIZE = 24;
    public static final int FLAG_FENCE = 1;
    public static final int FLAG_INFO_RING_IDX = 1 << 1;

    public CtrlHeader {
        if (ringIdx < 0 || ringIdx > 0xff) throw new IllegalArgumentException("ring_idx is a u8: " + ringIdx);
        if (padding < 0 || padding > 0xffffff) throw new IllegalArgumentException("padding is 3 bytes: " + padding);
    }

    /**
     * The header at the start of {@code wire}, as it is, read with the codec's own offsets (for a
     * message whose body does not matter); the caller checks that {@code wire} holds at least
     * {@link #SIZE} bytes. A message the codec refuses carries its header in
     * {@link DecodeException#header()}.
     */
    public static CtrlHeader read(byte[] wire) {
        return Wire.header(java.lang.foreign.MemorySegment.ofArray(wire).asSlice(0, SIZE));
    }

    /** A header with no fence, context or ring. */
    public static CtrlHeader of(CtrlType type) {
        return new CtrlHeader(type.code(), 0, 0, 0, 0, 0);
    }

    /** A fenced header for a context, optionally on a ring ({@code ring < 0} means none). */
    public static CtrlHeader fenced(CtrlType type, long fenceId, int ctxId, int ring) {
        int flags = FLAG_FENCE | (ring >= 0 ? FLAG_INFO_RING_IDX : 0);
        return new CtrlHeader(type.code(), flags, fenceId, ctxId, Math.max(ring, 0), 0);
    }

    public CtrlHeader withType(CtrlType t) {
        return new CtrlHeader(t.code(), flags, fenceId, ctxId, ringIdx, padding);
    }

    public CtrlHeader withContext(int ctx) {
        return new CtrlHeader(type, flags, fenceId, ctx, ringIdx, padding);
    }

    /** The defined type, or {@code null} for a code the protocol does not define. */
    public CtrlType ctrlType() {
        return CtrlType.lookup(type);
    }

    public boolean fenced() {
        return (flags & FLAG_FENCE) != 0;
    }

    /** True when the ring index is meaningful (INFO_RING_IDX set): ring 0 and "no ring" share a byte. */
    public boolean hasRing() {
        return (flags & FLAG_INFO_RING_IDX) != 0;
    }
}
