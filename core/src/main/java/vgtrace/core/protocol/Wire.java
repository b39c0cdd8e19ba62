package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Little-endian field access at absolute offsets of a message segment. Unaligned access, because a
 * message may sit anywhere in a byte array or buffer. Callers check the segment's size first, so
 * these never read outside the message.
 */
final class Wire {

    private Wire() {
    }

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final long TYPE = Layouts.offset(Layouts.CTRL_HDR, "type");
    private static final long FLAGS = Layouts.offset(Layouts.CTRL_HDR, "flags");
    private static final long FENCE_ID = Layouts.offset(Layouts.CTRL_HDR, "fence_id");
    private static final long CTX_ID = Layouts.offset(Layouts.CTRL_HDR, "ctx_id");
    private static final long RING_IDX = Layouts.offset(Layouts.CTRL_HDR, "ring_idx");
    private static final long HDR_PADDING = Layouts.offset(Layouts.CTRL_HDR, "padding");

    static int u32(MemorySegment s, long offset) {
        return s.get(I32, offset);
    }

    static long u64(MemorySegment s, long offset) {
        return s.get(I64, offset);
    }

    static int u8(MemorySegment s, long offset) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, offset));
    }

    static byte[] bytes(MemorySegment s, long offset, long length) {
        return s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    static int[] u32s(MemorySegment s, long offset, int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) values[i] = u32(s, offset + 4L * i);
        return values;
    }

    static void u32(MemorySegment s, long offset, int value) {
        s.set(I32, offset, value);
    }

    static void u64(MemorySegment s, long offset, long value) {
        s.set(I64, offset, value);
    }

    static void u8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    static void bytes(MemorySegment s, long offset, byte[] value) {
        MemorySegment.copy(value, 0, s, ValueLayout.JAVA_BYTE, offset, value.length);
    }

    static void u32s(MemorySegment s, long offset, int[] values) {
        for (int i = 0; i < values.length; i++) u32(s, offset + 4L * i, values[i]);
    }

    /** The header's type, the one field readable from any message of at least 4 bytes. */
    static int type(MemorySegment s) {
        return u32(s, TYPE);
    }

    static CtrlHeader header(MemorySegment s) {
        int padding = u8(s, HDR_PADDING) | u8(s, HDR_PADDING + 1) << 8 | u8(s, HDR_PADDING + 2) << 16;
        return new CtrlHeader(u32(s, TYPE), u32(s, FLAGS), u64(s, FENCE_ID), u32(s, CTX_ID), u8(s, RING_IDX),
                padding);
    }

    static void header(MemorySegment s, CtrlHeader h) {
        u32(s, TYPE, h.type());
        u32(s, FLAGS, h.flags());
        u64(s, FENCE_ID, h.fenceId());
        u32(s, CTX_ID, h.ctxId());
        u8(s, RING_IDX, h.ringIdx());
        for (int i = 0; i < 3; i++) u8(s, HDR_PADDING + i, h.padding() >>> (8 * i));
    }
}
