package vgtrace.core.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The 64-bit content hash of MEMORY and DISPLAY rows: XXH64 with seed 0. Chosen because it runs at
 * memory speed (so hashing every transfer's pages costs the capture little), spreads well enough that
 * accidental collisions among a capture's distinct contents are negligible (about n^2 / 2^65), and
 * is available everywhere (Python {@code xxhash}, {@code xxhsum -H1}) to check a trace from outside.
 * It is not collision-resistant against a guest that crafts colliding pages; such a guest can only
 * confuse the replay of its own trace.
 */
public final class ContentHash {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ContentHash() {
    }

    public static long of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** XXH64 (seed 0) of {@code length} bytes of {@code data} from {@code offset}. */
    public static long of(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int p = offset;
        int end = offset + length;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;
            for (int limit = end - 32; p <= limit; p += 32) {
                v1 = round(v1, (long) LONG.get(data, p));
                v2 = round(v2, (long) LONG.get(data, p + 8));
                v3 = round(v3, (long) LONG.get(data, p + 16));
                v4 = round(v4, (long) LONG.get(data, p + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(merge(merge(merge(h, v1), v2), v3), v4);
        } else {
            h = P5;
        }
        h += length;
        for (; p + 8 <= end; p += 8) {
            h ^= round(0, (long) LONG.get(data, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= end) {
            h ^= ((int) INT.get(data, p) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (data[p] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ (h >>> 32);
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }
}
