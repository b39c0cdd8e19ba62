package vgtrace.core.virtq;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RingWatcherTest {

    private final GuestMemory memory = TestRings.memory(0, 0x4000);
    private final SplitRing ring = TestRings.ring(memory, 0, 8);

    @Test
    void availHeadsAcrossTheWrapOfIdx() throws Exception {
        memory.writeShort(0x1002, (short) 65534);
        RingWatcher<Integer> w = RingWatcher.avail(ring, 65534);
        assertEquals(new RingAdvance.Added<>(List.of()), w.poll());
        ring.pushAvail(4);
        ring.pushAvail(0);
        ring.pushAvail(7);
        assertEquals(new RingAdvance.Added<>(List.of(4, 0, 7)), w.poll());
        assertEquals(1, w.lastSeen());
        ring.pushAvail(2);
        assertEquals(new RingAdvance.Added<>(List.of(2)), w.poll());
    }

    @Test
    void aFullQueueIsNotAJump() {
        RingWatcher<Integer> w = RingWatcher.avail(ring, 0);
        for (int i = 0; i < 8; i++) ring.pushAvail(i);
        assertEquals(new RingAdvance.Added<>(List.of(0, 1, 2, 3, 4, 5, 6, 7)), w.poll());
    }

    @Test
    void jumpingIdxIsAFaultAndTheWatcherStays() throws Exception {
        RingWatcher<Integer> w = RingWatcher.avail(ring, 100);
        memory.writeShort(0x1002, (short) 109);
        RingAdvance<Integer> jump = w.poll();
        assertEquals(new RingAdvance.Fault<Integer>(100, 109, 8), jump);
        assertEquals("idx jumped from 100 to 109, 9 entries in a queue of 8", ((RingAdvance.Fault<Integer>) jump).detail());
        assertEquals(100, w.lastSeen());
        memory.writeShort(0x1002, (short) 99); // backwards = 65535 ahead
        assertInstanceOf(RingAdvance.Fault.class, w.poll());
        w.resync(99);
        assertEquals(new RingAdvance.Added<>(List.of()), w.poll());
        assertThrows(IllegalArgumentException.class, () -> w.resync(65536));
    }

    @Test
    void usedElementsAcrossTheWrap() throws Exception {
        memory.writeShort(0x2002, (short) 65535);
        RingWatcher<UsedElement> w = RingWatcher.used(ring, 65535);
        ring.pushUsed(3, 24);
        ring.pushUsed(5, 408);
        assertEquals(new RingAdvance.Added<>(List.of(new UsedElement(3, 24), new UsedElement(5, 408))), w.poll());
        assertEquals(1, w.lastSeen());
    }
}
