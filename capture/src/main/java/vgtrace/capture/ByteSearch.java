package vgtrace.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte eight at a time. An import looks at every byte of its log two or three times (line
 * ends, event names, fields), and on this project's 2-core machines that search was a third of the
 * parsing.
 */
final class ByteSearch {

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /** Where {@code b} first occurs in {@code bytes[from, to)}, or -1. */
    static int indexOf(byte[] bytes, byte b, int from, int to) {
        long pattern = (b & 0xffL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            // x has a zero byte where the word holds b; the lowest byte flagged is the first such one
            // (a borrow can flag a byte only above a real zero).
            long x = (long) WORD.get(bytes, i) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            if (bytes[i] == b) return i;
        }
        return -1;
    }
}
