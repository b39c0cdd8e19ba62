package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code struct virtq_desc} (16 bytes): le64 addr, le32 len, le16 flags, le16 next.
 * {@code len}, {@code flags} and {@code next} hold the raw unsigned wire values.
 */
public record Descriptor(long addr, int len, int flags, int next) {

    public static final int SIZE = 16;
    public static final int F_NEXT = 1;
    public static final int F_WRITE = 2;
    public static final int F_INDIRECT = 4;

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Descriptor {
        if ((flags & ~0xffff) != 0 || (next & ~0xffff) != 0)
            throw new IllegalArgumentException("flags and next are u16: " + flags + ", " + next);
    }

    /** Entry {@code index} of a descriptor table; the caller keeps {@code index} inside the table. */
    public static Descriptor read(MemorySegment table, int index) {
        long at = (long) index * SIZE;
        return new Descriptor(table.get(LE_LONG, at), table.get(LE_INT, at + 8),
                Short.toUnsignedInt(table.get(LE_SHORT, at + 12)), Short.toUnsignedInt(table.get(LE_SHORT, at + 14)));
    }

    public void write(MemorySegment table, int index) {
        long at = (long) index * SIZE;
        table.set(LE_LONG, at, addr);
        table.set(LE_INT, at + 8, len);
        table.set(LE_SHORT, at + 12, (short) flags);
        table.set(LE_SHORT, at + 14, (short) next);
    }

    /** {@code len} as the unsigned 32-bit value it is. */
    public long length() {
        return Integer.toUnsignedLong(len);
    }

    public boolean hasNext() {
        return (flags & F_NEXT) != 0;
    }

    public boolean writable() {
        return (flags & F_WRITE) != 0;
    }

    public boolean indirect() {
        return (flags & F_INDIRECT) != 0;
    }
}
