package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded view of guest physical memory: non-overlapping regions, each a {@link MemorySegment}
 * (an mmapped memfd in a vhost-user peer, a heap segment in tests).
 *
 * <p>Guest physical addresses are unsigned 64-bit values. Every access must lie wholly inside one
 * region; the check is done without overflow, so {@code gpa + len} wrapping past 2^64 is refused
 * like any other out-of-range access. Refused accesses are counted ({@link #refusedAccesses()}).
 * Immutable apart from that counter and the guest bytes; safe to share between threads.
 */
public final class GuestMemory {

    /** One region: guest physical address {@code gpa} maps to the first byte of {@code bytes}. */
    public record Region(long gpa, MemorySegment bytes) {
        public Region {
            long size = bytes.byteSize();
            if (size == 0) throw new IllegalArgumentException("region at 0x%x is empty".formatted(gpa));
            if (Long.compareUnsigned(size - 1, -1L - gpa) > 0)
                throw new IllegalArgumentException("region at 0x%x of %d bytes passes 2^64".formatted(gpa, size));
        }

        /** The last guest address inside the region (unsigned). */
        public long lastGpa() {
            return gpa + bytes.byteSize() - 1;
        }
    }

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Region[] regions; // sorted by unsigned gpa
    private final long[] starts;
    private final LongAdder refused = new LongAdder();

    private GuestMemory(Region[] sorted) {
        this.regions = sorted;
        this.starts = Arrays.stream(sorted).mapToLong(Region::gpa).toArray();
    }

    /** @throws IllegalArgumentException if two regions overlap */
    public static GuestMemory of(List<Region> regions) {
        Region[] sorted = regions.toArray(Region[]::new);
        Arrays.sort(sorted, Comparator.comparing(Region::gpa, Long::compareUnsigned));
        for (int i = 1; i < sorted.length; i++) {
            Region prev = sorted[i - 1];
            if (Long.compareUnsigned(prev.lastGpa(), sorted[i].gpa()) >= 0)
                throw new IllegalArgumentException("regions at 0x%x and 0x%x overlap".formatted(prev.gpa(), sorted[i].gpa()));
        }
        return new GuestMemory(sorted);
    }

    public static GuestMemory of(Region... regions) {
        return of(List.of(regions));
    }

    public List<Region> regions() {
        return List.of(regions);
    }

    /** How many accesses were refused so far (each failed {@link #check} or throwing access). */
    public long refusedAccesses() {
        return refused.sum();
    }

    /**
     * True if {@code [gpa, gpa + len)} lies wholly inside one region ({@code len} is unsigned-safe:
     * negative means "too large"). A false answer counts as a refused access.
     */
    public boolean check(long gpa, long len) {
        if (find(gpa, len) >= 0) return true;
        refused.increment();
        return false;
    }

    /** The bytes {@code [gpa, gpa + len)} as a view into guest memory (no copy). */
    public MemorySegment slice(long gpa, long len) throws GuestMemoryException {
        int r = find(gpa, len);
        if (r < 0) {
            refused.increment();
            throw GuestMemoryException.outside(gpa, len);
        }
        return regions[r].bytes().asSlice(gpa - starts[r], len);
    }

    /** A copy of {@code len} bytes at {@code gpa}. */
    public byte[] read(long gpa, int len) throws GuestMemoryException {
        return slice(gpa, len).toArray(ValueLayout.JAVA_BYTE);
    }

    public short readShort(long gpa) throws GuestMemoryException {
        return slice(gpa, Short.BYTES).get(LE_SHORT, 0);
    }

    public int readInt(long gpa) throws GuestMemoryException {
        return slice(gpa, Integer.BYTES).get(LE_INT, 0);
    }

    public long readLong(long gpa) throws GuestMemoryException {
        return slice(gpa, Long.BYTES).get(LE_LONG, 0);
    }

    /** Copies {@code bytes} to {@code gpa}; the region must be writable. */
    public void write(long gpa, byte[] bytes) throws GuestMemoryException {
        MemorySegment.copy(bytes, 0, writable(gpa, bytes.length), ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    public void writeShort(long gpa, short value) throws GuestMemoryException {
        writable(gpa, Short.BYTES).set(LE_SHORT, 0, value);
    }

    public void writeInt(long gpa, int value) throws GuestMemoryException {
        writable(gpa, Integer.BYTES).set(LE_INT, 0, value);
    }

    public void writeLong(long gpa, long value) throws GuestMemoryException {
        writable(gpa, Long.BYTES).set(LE_LONG, 0, value);
    }

    private MemorySegment writable(long gpa, long len) throws GuestMemoryException {
        MemorySegment s = slice(gpa, len);
        if (s.isReadOnly()) {
            refused.increment();
            throw new GuestMemoryException("guest write [0x%x, +%d) hits a read-only region".formatted(gpa, len));
        }
        return s;
    }

    /** Index of the region holding all of {@code [gpa, gpa + len)}, or -1. */
    private int find(long gpa, long len) {
        if (len < 0) return -1;
        int r = lastStartAtOrBelow(gpa);
        if (r < 0) return -1;
        long offset = gpa - starts[r];               // unsigned, since starts[r] <= gpa
        long size = regions[r].bytes().byteSize();   // < 2^63
        if (Long.compareUnsigned(offset, size) > 0) return -1;
        return len <= size - offset ? r : -1;
    }

    private int lastStartAtOrBelow(long gpa) {
        int lo = 0, hi = starts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], gpa) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
