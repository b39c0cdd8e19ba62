package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;

/** Hand-built guest memory and rings for tests: heap segments, a fixed ring layout. */
final class TestRings {

    private TestRings() {
    }

    static GuestMemory.Region region(long gpa, int bytes) {
        return new GuestMemory.Region(gpa, MemorySegment.ofArray(new byte[bytes]));
    }

    /** One region at {@code base}: the ring's areas in its first 0x4000 bytes (size <= 256), data after that. */
    static GuestMemory memory(long base, int bytes) {
        return GuestMemory.of(region(base, bytes));
    }

    static SplitRing ring(GuestMemory memory, long base, int size) {
        try {
            return SplitRing.open(memory, size, base, base + 0x1000, base + 0x2000);
        } catch (RingLayoutException e) {
            throw new AssertionError(e);
        }
    }

    static Descriptor readable(long addr, int len, int next) {
        return new Descriptor(addr, len, next >= 0 ? Descriptor.F_NEXT : 0, Math.max(next, 0));
    }

    static Descriptor writable(long addr, int len, int next) {
        return new Descriptor(addr, len, Descriptor.F_WRITE | (next >= 0 ? Descriptor.F_NEXT : 0), Math.max(next, 0));
    }

    static void writeTable(GuestMemory memory, long gpa, Descriptor... entries) throws GuestMemoryException {
        MemorySegment table = memory.slice(gpa, (long) entries.length * Descriptor.SIZE);
        for (int i = 0; i < entries.length; i++) entries[i].write(table, i);
    }
}
