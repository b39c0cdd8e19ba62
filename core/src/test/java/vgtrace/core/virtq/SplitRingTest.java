package vgtrace.core.virtq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SplitRingTest {

    private final GuestMemory memory = TestRings.memory(0x10000, 0x10000);

    @Test
    void rejectsSizesTheSpecForbids() {
        for (int size : new int[]{0, -4, 3, 6, 65536, 1 << 30}) {
            RingLayoutException e = assertThrows(RingLayoutException.class,
                    () -> SplitRing.open(memory, size, 0x10000, 0x11000, 0x12000));
            assertTrue(e.getMessage().startsWith("queue size " + size), e.getMessage());
        }
    }

    @Test
    void rejectsMisalignedAreas() {
        assertThrows(RingLayoutException.class, () -> SplitRing.open(memory, 8, 0x10008, 0x11000, 0x12000));
        assertThrows(RingLayoutException.class, () -> SplitRing.open(memory, 8, 0x10000, 0x11001, 0x12000));
        assertThrows(RingLayoutException.class, () -> SplitRing.open(memory, 8, 0x10000, 0x11000, 0x12002));
        assertDoesNotThrow(() -> SplitRing.open(memory, 8, 0x10010, 0x11002, 0x12004));
    }

    @Test
    void rejectsAreasOutsideMemory() {
        // a 256-entry used ring needs 2054 bytes: it does not fit in the last 2 KiB
        RingLayoutException e = assertThrows(RingLayoutException.class,
                () -> SplitRing.open(memory, 256, 0x10000, 0x11000, 0x1f800));
        assertTrue(e.getMessage().startsWith("used ring: guest access [0x1f800, +2054)"), e.getMessage());
        assertThrows(RingLayoutException.class, () -> SplitRing.open(memory, 8192, 0x10000, 0x11000, 0x12000));
        assertThrows(RingLayoutException.class, () -> SplitRing.open(memory, 8, -16, 0x11000, 0x12000));
    }

    @Test
    void largestQueueFits() throws Exception {
        GuestMemory big = TestRings.memory(0, 16 * 32768 + 2 * 32768 + 8 + 8 * 32768 + 8);
        SplitRing ring = SplitRing.open(big, 32768, 0, 16 * 32768, 16 * 32768 + 2 * 32768 + 8);
        ring.writeDescriptor(32767, new Descriptor(-1, -1, 0xffff, 0xffff));
        assertEquals(new Descriptor(-1, -1, 0xffff, 0xffff), ring.descriptor(32767));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.descriptor(32768));
    }

    @Test
    void pushedEntriesAreReadBackAndIdxWrapsAt65536() throws Exception {
        SplitRing ring = TestRings.ring(memory, 0x10000, 4);
        memory.writeShort(0x11002, (short) 0xffff);  // avail idx
        memory.writeShort(0x12002, (short) 0xfffe);  // used idx
        ring.pushAvail(3);
        ring.pushAvail(1);
        assertEquals(1, ring.availIdx());
        assertEquals(3, ring.availEntry(0xffff));
        assertEquals(1, ring.availEntry(0));
        assertEquals(3, memory.readShort(0x11004 + 2 * 3), "slot 65535 & 3");
        ring.pushUsed(3, 100);
        ring.pushUsed(1, -1);
        ring.pushUsed(2, 7);
        assertEquals(1, ring.usedIdx());
        assertEquals(new UsedElement(3, 100), ring.usedEntry(0xfffe));
        assertEquals(new UsedElement(1, -1), ring.usedEntry(0xffff));
        assertEquals(0xffff_ffffL, ring.usedEntry(0xffff).length());
        assertEquals(new UsedElement(2, 7), ring.usedEntry(0));
    }

    @Test
    void flagsAreRead() throws Exception {
        SplitRing ring = TestRings.ring(memory, 0x10000, 4);
        memory.writeShort(0x11000, (short) 1);
        memory.writeShort(0x12000, (short) 1);
        assertEquals(1, ring.availFlags());
        assertEquals(1, ring.usedFlags());
    }

    @Test
    void relayWritesLandWhereTheSpecPutsThem() throws Exception {
        SplitRing ring = TestRings.ring(memory, 0x10000, 4);
        ring.writeAvailEntry(0xffff, 2);
        ring.writeAvailEntry(0, 3);
        assertEquals(0, ring.availIdx(), "entries are not published before the idx");
        ring.publishAvailIdx(1);
        assertEquals(1, ring.availIdx());
        assertEquals(2, ring.availEntry(0xffff));
        ring.writeUsedEntry(5, new UsedElement(3, 24));
        ring.publishUsedIdx(6);
        assertEquals(new UsedElement(3, 24), ring.usedEntry(5));
        assertEquals(6, ring.usedIdx());
        ring.setUsedEvent(0xabcd);
        ring.setAvailEvent(0x1234);
        assertEquals((short) 0xabcd, memory.readShort(0x11004 + 2 * 4), "used_event follows the 4 avail entries");
        assertEquals((short) 0x1234, memory.readShort(0x12004 + 8 * 4), "avail_event follows the 4 used elements");
        assertEquals(0xabcd, ring.usedEvent());
        assertEquals(0x1234, ring.availEvent());
        ring.setAvailFlags(SplitRing.AVAIL_F_NO_INTERRUPT);
        ring.setUsedFlags(SplitRing.USED_F_NO_NOTIFY);
        assertEquals(1, ring.availFlags());
        assertEquals(1, ring.usedFlags());
    }

    @Test
    void needEventIsVringNeedEvent() {
        assertTrue(SplitRing.needEvent(5, 6, 5), "the index passed the event");
        assertTrue(SplitRing.needEvent(5, 9, 3), "the event lies inside the batch");
        assertFalse(SplitRing.needEvent(5, 5, 4), "not yet past the event");
        assertFalse(SplitRing.needEvent(5, 9, 6), "passed earlier, already notified");
        assertFalse(SplitRing.needEvent(7, 7, 7), "nothing moved");
        assertTrue(SplitRing.needEvent(0xffff, 0, 0xfffe), "across the u16 wrap");
    }
}
