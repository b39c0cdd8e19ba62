package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.Mmap;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.vhost.VhostHeader;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.virtq.Descriptor;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.SplitRing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fuzzes the relay (ShadowQueue over a real memfd guest and a real shadow region): a hostile guest
 * (random descriptors, avail entries and idx jumps, random flags and event fields) and a hostile
 * back-end (random used elements and idx jumps). No input may throw, and after every kick and call
 * the indices are mirrored: the shadow avail idx is the guest's, the guest's used idx the shadow's.
 */
class ShadowQueueFuzzTest {

    static final int INPUTS = 20_000, QUEUE = 16;
    static final long GPA = 0x8000_0000L, VA = 0x7e00_0000_0000L, SIZE = 1 << 20;

    @Test
    void hostileIndicesOnBothSidesAreRelayedMirroredAndNeverThrow() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        long unexpected = 0, notes = 0;
        String first = null;
        Recorder recorder = new Recorder(new RowWriter() {
            @Override
            public void append(TraceEvent event) {
            }

            @Override
            public void tick(long nowNs) {
            }

            @Override
            public long rowsInFile() {
                return 0;
            }

            @Override
            public void close() {
            }
        }, 1 << 20);
        try (Arena arena = Arena.ofShared(); Fd memfd = MemFd.create("fuzz", SIZE, false);
             GuestMemoryMap map = new GuestMemoryMap(); ShadowRegion region = ShadowRegion.create(1)) {
            MemorySegment ram = Mmap.map(memfd, 0, SIZE, Mmap.Access.READ_WRITE, arena);
            GuestMemory.Region guestRam = new GuestMemory.Region(GPA, ram);
            map.replace(List.of(new MemoryRegion(GPA, SIZE, VA, 0)), List.of(memfd));
            SplitRing guest = SplitRing.open(GuestMemory.of(guestRam), QUEUE, GPA, GPA + 0x1000, GPA + 0x2000);
            SplitRing backend = SplitRing.open(GuestMemory.of(guestRam, region.memory()), QUEUE, GPA,
                    region.availGpa(0), region.usedGpa(0));
            CaptureCounters counters = new CaptureCounters();
            QueueSnooper snooper = new QueueSnooper(0, map, new TrafficRecorder(recorder, map, counters));
            ShadowQueue shadow = new ShadowQueue(0, region, map, snooper);
            var addr = new VhostMessage.VringAddr(VhostHeader.request(0, 0), 0, 0, VA, VA + 0x2000, VA + 0x1000, 0);
            snooper.setSize(QUEUE);
            snooper.setAddr(addr);
            snooper.start();
            shadow.setSize(QUEUE);
            shadow.setEventIdx(true);
            assertNotNull(shadow.redirect(addr));
            shadow.start();
            for (int i = 0; i < INPUTS; i++) {
                try {
                    if (i % 1000 == 0) shadow.setEventIdx(rnd.nextBoolean());
                    mutateGuest(rnd, guest);
                    shadow.kick();
                    assertEquals(guest.availIdx(), backend.availIdx(), "input " + i + ": avail mirrored");
                    shadow.recordKicked(); // walks the hostile chains the kick published
                    mutateBackend(rnd, backend);
                    shadow.call();
                    assertEquals(backend.usedIdx(), guest.usedIdx(), "input " + i + ": used mirrored");
                } catch (RuntimeException | vgtrace.core.virtq.GuestMemoryException e) {
                    unexpected++;
                    if (first == null) first = "input " + i + ": " + e;
                }
            }
            notes = counters.faults.get();
        }
        recorder.close();
        assertEquals(0, unexpected, first);
        assertTrue(notes > 100, "idx jumps and bad chains were reported: " + notes);
        System.out.printf("shadow relay fuzz: %,d inputs, %,d faults reported, 0 unexpected%n", INPUTS, notes);
    }

    private static void mutateGuest(SplittableRandom rnd, SplitRing guest) throws vgtrace.core.virtq.GuestMemoryException {
        for (int d = 0; d < QUEUE; d++) {
            if (rnd.nextInt(4) != 0) continue;
            long addr = rnd.nextInt(3) == 0 ? rnd.nextLong() : GPA + 0x10000 + rnd.nextInt(0x1000);
            guest.writeDescriptor(d, new Descriptor(addr, rnd.nextInt(64), rnd.nextInt(8), rnd.nextInt(QUEUE + 4)));
        }
        int heads = rnd.nextInt(4);
        for (int k = 0; k < heads; k++) guest.pushAvail(rnd.nextInt(8) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(QUEUE));
        if (rnd.nextInt(40) == 0) guest.publishAvailIdx(rnd.nextInt(0x10000)); // a jump past the queue size
        if (rnd.nextInt(10) == 0) guest.setAvailFlags(rnd.nextInt(0x10000));
        if (rnd.nextInt(10) == 0) guest.setUsedEvent(rnd.nextInt(0x10000));
        if (rnd.nextInt(40) == 0) guest.publishUsedIdx(rnd.nextInt(0x10000)); // the guest scribbles on its used idx
    }

    private static void mutateBackend(SplittableRandom rnd, SplitRing backend) {
        int used = rnd.nextInt(4);
        for (int k = 0; k < used; k++) backend.pushUsed(rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(QUEUE), rnd.nextInt(64));
        if (rnd.nextInt(40) == 0) backend.publishUsedIdx(rnd.nextInt(0x10000));
    }
}
