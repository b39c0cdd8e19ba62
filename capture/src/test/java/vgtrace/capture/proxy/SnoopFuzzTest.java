package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.Mmap;
import vgtrace.core.protocol.*;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.vhost.VhostHeader;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.virtq.Descriptor;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.SplitRing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fuzzes the proxy's snooping path (QueueSnooper, TrafficRecorder, BackingTracker over a real
 * read-only mapping): hostile descriptor tables, avail and used rings with idx jumps, and commands
 * whose fields (backing entries, transfer rectangles and offsets) are random. Every input must be
 * snooped without an exception reaching the caller; every row must be well-formed.
 */
class SnoopFuzzTest {

    static final int INPUTS = 20_000, QUEUE = 16;
    static final long GPA = 0x8000_0000L, VA = 0x7e00_0000_0000L, SIZE = 1 << 20, DATA = GPA + 0x10000;

    @Test
    void hostileRingsNeverBreakTheSnooper() throws IOException, vgtrace.core.virtq.RingLayoutException {
        List<TraceEvent> rows = new ArrayList<>();
        RowWriter collect = new RowWriter() {
            @Override
            public void append(TraceEvent event) {
                rows.add(event);
            }

            @Override
            public void tick(long nowNs) {
            }

            @Override
            public long rowsInFile() {
                return rows.size();
            }

            @Override
            public void close() {
            }
        };
        SplittableRandom rnd = new SplittableRandom(42);
        long unexpected = 0;
        String first = null;
        try (Arena arena = Arena.ofShared(); Fd memfd = MemFd.create("fuzz", SIZE, false);
             GuestMemoryMap map = new GuestMemoryMap()) {
            MemorySegment ram = Mmap.map(memfd, 0, SIZE, Mmap.Access.READ_WRITE, arena);
            GuestMemory guest = GuestMemory.of(new GuestMemory.Region(GPA, ram));
            map.replace(List.of(new MemoryRegion(GPA, SIZE, VA, 0)), List.of(memfd));
            SplitRing ring = SplitRing.open(guest, QUEUE, GPA, GPA + 0x1000, GPA + 0x2000);
            Recorder recorder = new Recorder(collect, 1 << 20);
            TrafficRecorder traffic = new TrafficRecorder(recorder, map, new CaptureCounters());
            QueueSnooper snooper = new QueueSnooper(0, map, traffic);
            VhostHeader h = VhostHeader.request(0, 0);
            snooper.setSize(QUEUE);
            snooper.setAddr(new VhostMessage.VringAddr(h, 0, 0, VA, VA + 0x2000, VA + 0x1000, 0));
            snooper.start();
            for (int i = 0; i < INPUTS; i++) {
                try {
                    mutate(rnd, ring, guest);
                    snooper.snoop();
                } catch (RuntimeException | vgtrace.core.virtq.GuestMemoryException e) {
                    unexpected++;
                    if (first == null) first = "input " + i + ": " + e;
                }
            }
            recorder.close();
        }
        assertEquals(0, unexpected, first);
        long commands = rows.stream().filter(e -> e.kind() == EventKind.COMMAND).count();
        long faults = rows.stream().filter(e -> e.kind() == EventKind.NOTE).count();
        long memory = rows.stream().filter(e -> e.kind() == EventKind.MEMORY).count();
        assertTrue(commands > 1000 && faults > 1000, "the fuzz reaches both paths: " + commands + " / " + faults);
        for (TraceEvent e : rows) if (e.kind() == EventKind.MEMORY) assertTrue(e.fields().size() <= TrafficRecorder.ROW_BYTES);
        System.out.printf("snoop fuzz: %,d inputs, %,d rows: %,d commands, %,d memory rows, %,d faults, 0 unexpected%n",
                INPUTS, rows.size(), commands, memory, faults);
    }

    /** One hostile step: random descriptors and commands, then avail/used entries or idx jumps. */
    private static void mutate(SplittableRandom rnd, SplitRing ring, GuestMemory guest)
            throws vgtrace.core.virtq.GuestMemoryException {
        for (int d = 0; d < QUEUE; d++) {
            if (rnd.nextInt(4) != 0) continue;
            long addr = switch (rnd.nextInt(5)) {
                case 0 -> rnd.nextLong();
                case 1 -> GPA + SIZE - rnd.nextInt(64);
                default -> DATA + rnd.nextInt(0x40000);
            };
            int len = rnd.nextInt(6) == 0 ? rnd.nextInt() : rnd.nextInt(512);
            ring.writeDescriptor(d, new Descriptor(addr, len, rnd.nextInt(8), rnd.nextInt(QUEUE + 4)));
        }
        if (rnd.nextInt(2) == 0) guest.write(DATA + rnd.nextInt(0x40000), command(rnd));
        if (rnd.nextInt(2) == 0) { // a well-formed chain around a command with random fields
            int head = rnd.nextInt(QUEUE), reply = (head + 1) % QUEUE;
            byte[] cmd = command(rnd);
            long at = DATA + 0x40000 + rnd.nextInt(0x1000);
            guest.write(at, cmd);
            ring.writeDescriptor(head, new Descriptor(at, cmd.length, Descriptor.F_NEXT, reply));
            ring.writeDescriptor(reply, new Descriptor(DATA + 0x50000, 24, Descriptor.F_WRITE, 0));
            ring.pushAvail(head);
        }
        int heads = rnd.nextInt(4);
        for (int k = 0; k < heads; k++) ring.pushAvail(rnd.nextInt(8) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(QUEUE));
        int used = rnd.nextInt(3);
        for (int k = 0; k < used; k++) ring.pushUsed(rnd.nextInt(QUEUE + 2), rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(64));
        if (rnd.nextInt(50) == 0) guest.writeShort(ring.availAddr() + 2, (short) rnd.nextInt());
        if (rnd.nextInt(50) == 0) guest.writeShort(ring.usedAddr() + 2, (short) rnd.nextInt());
    }

    /** A command that moves the backing tracker: create, attach (random entries), transfer (random rect). */
    private static byte[] command(SplittableRandom rnd) {
        int res = rnd.nextInt(4);
        GpuMessage m = switch (rnd.nextInt(3)) {
            case 0 -> new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), res, 1,
                    rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(1, 512), rnd.nextInt(300));
            case 1 -> ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), res, List.of(
                    MemEntry.of(rnd.nextInt(2) == 0 ? rnd.nextLong() : DATA + rnd.nextInt(0x40000), rnd.nextInt(0x20000)),
                    MemEntry.of(DATA + rnd.nextInt(0x40000), rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(0x40000))));
            default -> new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D),
                    new Rect(rnd.nextInt(), rnd.nextInt(), rnd.nextInt(64), rnd.nextInt(64)),
                    rnd.nextInt(8) == 0 ? rnd.nextLong() : rnd.nextLong(0x8000), res, 0);
        };
        return GpuCodec.encode(m);
    }
}
