package vgtrace.capture.proxy;

import net.jqwik.api.*;
import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.*;
import vgtrace.core.trace.GuestRange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which guest memory a transfer reads, for honest and for hostile commands. */
class BackingTrackerTest {

    private static BackingTracker withResource(int id, int width, List<MemEntry> backing) {
        BackingTracker t = new BackingTracker();
        t.observe(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), id, 1, width, 64));
        t.observe(ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), id, backing));
        return t;
    }

    private static TransferToHost2d transfer(int id, Rect r, long offset) {
        return new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D), r, offset, id, 0);
    }

    @Test
    void aSubRectangleReadsItsRowsOneStrideApart() {
        BackingTracker t = withResource(1, 100, List.of(MemEntry.of(0x10000, 400 * 64)));
        var reads = t.reads(transfer(1, new Rect(10, 2, 20, 3), 2 * 400 + 10 * 4));
        assertEquals(List.of(new GuestRange(0x10000 + 840, 80), new GuestRange(0x10000 + 1240, 80),
                new GuestRange(0x10000 + 1640, 80)), reads.ranges());
        assertFalse(reads.clipped());
    }

    @Test
    void aFullWidthTransferIsOneSpan() {
        BackingTracker t = withResource(1, 100, List.of(MemEntry.of(0x10000, 400 * 64)));
        assertEquals(List.of(new GuestRange(0x10000 + 400, 400 * 3)), t.reads(transfer(1, new Rect(0, 1, 100, 3), 400)).ranges());
    }

    @Test
    void aHugeHeightIsClippedNotLooped() {
        BackingTracker t = withResource(1, 1000, List.of(MemEntry.of(0x10000, 1 << 30)));
        var reads = t.reads(transfer(1, new Rect(0, 0, 1, -1), 0));
        assertTrue(reads.clipped());
        assertEquals(BackingTracker.MAX_ROWS, reads.ranges().size());
    }

    @Test
    void rangesFollowTheScatterListAndStopAtItsEnd() {
        BackingTracker t = withResource(1, 16, List.of(MemEntry.of(0x1000, 100), MemEntry.of(0x9000, 100)));
        var reads = t.reads(transfer(1, new Rect(0, 0, 16, 64), 50));
        assertEquals(List.of(new GuestRange(0x1000 + 50, 50), new GuestRange(0x9000, 100)), reads.ranges());
        assertTrue(reads.clipped(), "the transfer asks for more than the 200 backing bytes");
    }

    @Test
    void detachedOrUnknownResourcesReadNothing() {
        BackingTracker t = withResource(1, 16, List.of(MemEntry.of(0x1000, 4096)));
        t.observe(new ResourceDetachBacking(CtrlHeader.of(CtrlType.RESOURCE_DETACH_BACKING), 1, 0));
        assertTrue(t.reads(transfer(1, new Rect(0, 0, 16, 1), 0)).ranges().isEmpty());
        assertTrue(t.reads(transfer(2, new Rect(0, 0, 16, 1), 0)).ranges().isEmpty());
    }

    @Property(tries = 2000)
    void hostileTransfersStayInsideTheBackingAndTheLimit(@ForAll int width, @ForAll int x, @ForAll int y,
                                                         @ForAll int w, @ForAll int h, @ForAll long offset,
                                                         @ForAll("backings") List<MemEntry> backing) {
        BackingTracker t = withResource(3, width, backing);
        var reads = t.reads(transfer(3, new Rect(x, y, w, h), offset));
        long size = backing.stream().mapToLong(e -> Integer.toUnsignedLong(e.length())).sum();
        assertTrue(reads.bytes() <= Math.min(size, BackingTracker.MAX_BYTES));
        for (GuestRange r : reads.ranges()) {
            assertTrue(r.length() > 0);
            assertTrue(backing.stream().anyMatch(e -> Long.compareUnsigned(r.gpa(), e.addr()) >= 0
                    && r.gpa() - e.addr() + r.length() <= Integer.toUnsignedLong(e.length())), "inside one entry");
        }
    }

    @Provide
    Arbitrary<List<MemEntry>> backings() {
        return Combinators.combine(Arbitraries.longs().between(0, 1L << 40), Arbitraries.integers().between(0, 1 << 20))
                .as(MemEntry::of).list().ofMaxSize(6);
    }
}
