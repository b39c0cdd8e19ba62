package vgtrace.core.virtq;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.*;
import static vgtrace.core.virtq.TestRings.region;

class GuestMemoryTest {

    private static final long TOP = -0x1000L; // the last page below 2^64

    @Test
    void readsAndWritesLittleEndian() throws Exception {
        GuestMemory m = GuestMemory.of(region(0x1000, 64));
        m.writeLong(0x1008, 0x0102030405060708L);
        assertArrayEquals(new byte[]{8, 7, 6, 5, 4, 3, 2, 1}, m.read(0x1008, 8));
        assertEquals(0x0708, m.readShort(0x1008));
        assertEquals(0x05060708, m.readInt(0x1008));
        assertEquals(0x0102030405060708L, m.readLong(0x1008));
        m.writeInt(0x103c, -2);
        assertEquals(-2, m.readInt(0x103c));
    }

    @Test
    void accessStraddlingAdjacentRegionsIsRefusedAndCounted() throws Exception {
        GuestMemory m = GuestMemory.of(region(0x2000, 0x1000), region(0x1000, 0x1000));
        assertEquals(4, m.read(0x1ffc, 4).length);
        assertEquals(4, m.read(0x2000, 4).length);
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> m.read(0x1ffe, 4));
        assertEquals("guest access [0x1ffe, +4) is not inside one memory region", e.getMessage());
        assertThrows(GuestMemoryException.class, () -> m.readInt(0xffe));
        assertThrows(GuestMemoryException.class, () -> m.readLong(0x2ffc));
        assertEquals(3, m.refusedAccesses());
    }

    @Test
    void wrapPastTwoToTheSixtyFourIsRefused() throws Exception {
        GuestMemory m = GuestMemory.of(region(TOP, 0x1000), region(0, 0x1000));
        assertEquals(8, m.read(-8, 8).length);
        assertThrows(GuestMemoryException.class, () -> m.read(-4, 8));       // would wrap to 0x4
        assertThrows(GuestMemoryException.class, () -> m.slice(-1, Long.MAX_VALUE));
        assertThrows(GuestMemoryException.class, () -> m.slice(TOP, -1));    // negative = "too large"
        assertThrows(GuestMemoryException.class, () -> m.slice(0x10, 0xffff_ffffL));
        assertTrue(m.check(-1, 1));
        assertFalse(m.check(0x1000, 1));
        assertEquals(5, m.refusedAccesses());
    }

    @Test
    void overlappingRegionsAndRegionsPastTheTopAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.of(region(0x1000, 0x1000), region(0x1fff, 0x10)));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.of(region(TOP, 0x1000), region(-0x10, 0x10)));
        assertThrows(IllegalArgumentException.class, () -> region(-0x800, 0x1000));
        assertThrows(IllegalArgumentException.class, () -> region(0, 0));
        assertDoesNotThrow(() -> GuestMemory.of(region(0x1000, 0x1000), region(0x2000, 0x10), region(TOP, 0x1000)));
    }

    @Test
    void writeToReadOnlyRegionIsRefused() throws Exception {
        GuestMemory m = GuestMemory.of(new GuestMemory.Region(0, MemorySegment.ofArray(new byte[16]).asReadOnly()));
        assertEquals(0, m.readInt(0));
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> m.writeInt(0, 1));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(1, m.refusedAccesses());
    }

    @Property(tries = 2000)
    void accessSucceedsExactlyWhenInsideOneRegion(@ForAll("addresses") long gpa, @ForAll("lengths") long len) {
        GuestMemory m = GuestMemory.of(region(TOP, 0x1000), region(0x10000, 0x1000), region(0x11000, 0x800));
        boolean inside = m.regions().stream().anyMatch(r -> insideOracle(r, gpa, len));
        long refusedBefore = m.refusedAccesses();
        try {
            MemorySegment s = m.slice(gpa, len);
            assertTrue(inside, "slice outside a region was allowed");
            assertEquals(len, s.byteSize());
            assertEquals(refusedBefore, m.refusedAccesses());
        } catch (GuestMemoryException e) {
            assertFalse(inside, "slice inside a region was refused: " + e.getMessage());
            assertEquals(refusedBefore + 1, m.refusedAccesses());
        }
    }

    private static boolean insideOracle(GuestMemory.Region r, long gpa, long len) {
        BigInteger start = new BigInteger(Long.toUnsignedString(r.gpa()));
        BigInteger end = start.add(BigInteger.valueOf(r.bytes().byteSize()));
        BigInteger a = new BigInteger(Long.toUnsignedString(gpa));
        return len >= 0 && a.compareTo(start) >= 0 && a.add(BigInteger.valueOf(len)).compareTo(end) <= 0;
    }

    @Provide
    Arbitrary<Long> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(0xff00, 0x11900),
                Arbitraries.longs().between(-0x1100, -1),
                Arbitraries.of(0L, 0x10000L, 0x10fffL, 0x11000L, 0x117ffL, 0x11800L, TOP, -1L));
    }

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 0x2000),
                Arbitraries.longs(),
                Arbitraries.of(0xffff_ffffL, 0xffff_fff0L, Long.MAX_VALUE, -1L, 1L));
    }
}
