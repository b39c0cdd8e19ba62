package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.*;
import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.virtq.Descriptor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The proxy between a fake VMM and a fake back-end, end to end through a real trace file. */
class VhostUserProxyTest {

    @TempDir
    Path dir;

    private static byte[] wire(GpuMessage m) {
        return GpuCodec.encode(m);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    @Test
    void everyCommandAndResponseIsRecordedPairedWithMemoryAndDisplay() throws Exception {
        byte[] backingA = pattern(4096, 1), backingB = pattern(4096, 2);
        ProxyHarness h = new ProxyHarness(dir, 1024);
        long a, b;
        try (h) {
            assertEquals("rw-------", h.socketMode);
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            a = vmm.put(backingA);
            b = vmm.put(backingB);
            // a 32x64 resource: 8 KiB of backing in two entries
            vmm.submit(0, wire(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), 7, 1, 32, 64)), 24);
            vmm.submit(0, wire(ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), 7,
                    List.of(MemEntry.of(a, 4096), MemEntry.of(b, 4096)))), 24);
            // rows 30..33, x 0..31: backing bytes 30*128 .. 33*128 + 128, across both entries
            vmm.submit(0, wire(new TransferToHost2d(CtrlHeader.fenced(CtrlType.TRANSFER_TO_HOST_2D, 5, 0, 0),
                    new Rect(0, 30, 32, 4), 30 * 128, 7, 0)), 24);
            vmm.submit(0, wire(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 32, 64), 7, 0)), 24);
            vmm.submit(1, wire(new MoveCursor(CtrlHeader.of(CtrlType.MOVE_CURSOR), new CursorPos(0, 10, 20, 0), 0, 0, 0, 0)), 24);
            vmm.awaitUsed(0, 4);
            vmm.awaitUsed(1, 1);
            vmm.readDisplay(1);
            assertEquals(2, vmm.err.drain(), "the err eventfd (set on both queues) reached the back-end unchanged");
            byte[] fenced = vmm.response(0, 4, 24);
            assertEquals(CtrlType.RESP_OK_NODATA.code(), GpuCodec.decode(fenced).header().type());
            assertEquals(5, GpuCodec.decode(fenced).header().fenceId(), "the back-end read guest memory through the passed memfd");
            assertEquals(CaptureResult.Outcome.VMM_CLOSED, h.finish().outcome());
        }
        List<TraceEvent> rows = ProxyHarness.rows(h.trace);
        List<TraceEvent> commands = kind(rows, EventKind.COMMAND), responses = kind(rows, EventKind.RESPONSE);
        assertEquals(List.of(CtrlType.RESOURCE_CREATE_2D, CtrlType.RESOURCE_ATTACH_BACKING, CtrlType.TRANSFER_TO_HOST_2D,
                CtrlType.RESOURCE_FLUSH, CtrlType.MOVE_CURSOR), commands.stream().map(e -> e.header().ctrlType()).toList());
        assertEquals(5, responses.size());
        Map<Long, TraceEvent> bySeq = rows.stream().collect(Collectors.toMap(TraceEvent::seq, Function.identity()));
        for (TraceEvent r : responses) {
            assertEquals(Pairing.CAPTURE, r.pairing());
            TraceEvent c = bySeq.get(r.pairSeq());
            assertEquals(EventKind.COMMAND, c.kind());
            assertEquals(c.queue(), r.queue());
            assertEquals(c.header().fenceId(), r.header().fenceId());
        }
        TraceEvent transfer = commands.get(2);
        TraceEvent memory = kind(rows, EventKind.MEMORY).getFirst();
        assertEquals(1, kind(rows, EventKind.MEMORY).size(), "one MEMORY row for the transfer");
        assertEquals(transfer.seq(), memory.pairSeq());
        byte[] expected = concat(Arrays.copyOfRange(backingA, 30 * 128, 4096), Arrays.copyOfRange(backingB, 0, 34 * 128 - 4096));
        assertArrayEquals(expected, memory.payload(), "the row holds exactly the bytes the transfer reads");
        List<GuestRange> expectedRanges = b == a + 4096 // the fake guest may place the two entries side by side
                ? List.of(new GuestRange(a + 30 * 128, 34 * 128 - 30 * 128))
                : List.of(new GuestRange(a + 30 * 128, 4096 - 30 * 128), new GuestRange(b, 34 * 128 - 4096));
        assertEquals(expectedRanges, memory.ranges(), "with the guest ranges of the backing entries they came from");
        TraceEvent update = kind(rows, EventKind.DISPLAY).getFirst();
        assertEquals("UPDATE", update.text());
        assertEquals(ContentHash.of(FakeBackend.UPDATE_PIXELS), update.contentHash());
        assertTrue(rows.stream().anyMatch(e -> e.kind() == EventKind.METADATA && e.text().equals("features=0x140000003")));
    }

    @Test
    void commandsAndResponsesAreStoredAsTheBytesOnTheWire() throws Exception {
        // Odd header padding and ring byte, a nonzero struct padding, then bytes the codec ignores.
        CtrlHeader odd = new CtrlHeader(CtrlType.RESOURCE_FLUSH.code(), CtrlHeader.FLAG_INFO_RING_IDX, 0, 0, 0x5a, 0xabcdef);
        byte[] flush = wire(new ResourceFlush(odd, new Rect(1, 2, 3, 4), 9, 0x7777));
        byte[] sent = concat(flush, pattern(13, 5));
        ProxyHarness h = new ProxyHarness(dir, 1024);
        byte[] answered;
        try (h) {
            h.vmm.handshake();
            int head = h.vmm.submit(0, sent, 24);
            h.vmm.awaitUsed(0, 1);
            answered = h.vmm.response(0, head, 24);
            assertEquals(CaptureResult.Outcome.VMM_CLOSED, h.finish().outcome());
        }
        List<TraceEvent> rows = ProxyHarness.rows(h.trace);
        TraceEvent command = kind(rows, EventKind.COMMAND).getFirst();
        assertArrayEquals(sent, command.payload(), "the payload is what the guest sent, trailing bytes included");
        assertEquals(odd, command.header());
        assertEquals(Integer.valueOf(9), command.fields().resourceId());
        assertArrayEquals(answered, kind(rows, EventKind.RESPONSE).getFirst().payload());
    }

    @Test
    void garbageDescriptorsBecomeFaultRowsAndForwardingGoesOn() throws Exception {
        ProxyHarness h = new ProxyHarness(dir, 1024);
        try (h) {
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            var ring = vmm.rings[0];
            ring.writeDescriptor(100, new Descriptor(FakeFrontEnd.GPA, 24, Descriptor.F_NEXT, 100)); // loop
            vmm.submitHead(0, 100);
            ring.writeDescriptor(101, new Descriptor(0xffff_ffff_ffff_f000L, 4096, 0, 0)); // outside memory
            vmm.submitHead(0, 101);
            vmm.submitHead(0, 60000); // head beyond the queue
            ring.writeDescriptor(102, new Descriptor(FakeFrontEnd.GPA + 0x200000, 3, 0, 0)); // 3 bytes: no header
            vmm.submitHead(0, 102);
            vmm.awaitUsed(0, 4);
            vmm.submit(0, wire(new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))), 408);
            vmm.awaitUsed(0, 5);
            assertEquals(CaptureResult.Outcome.VMM_CLOSED, h.finish().outcome());
        }
        List<TraceEvent> rows = ProxyHarness.rows(h.trace);
        String notes = kind(rows, EventKind.NOTE).stream().map(TraceEvent::text).collect(Collectors.joining("\n"));
        assertTrue(notes.contains("LOOP"), notes);
        assertTrue(notes.contains("OUT_OF_MEMORY_RANGE"), notes);
        assertTrue(notes.contains("BAD_INDEX"), notes);
        assertTrue(notes.contains("of 3 bytes does not decode"), notes);
        assertEquals(1, kind(rows, EventKind.COMMAND).size());
        TraceEvent response = kind(rows, EventKind.RESPONSE).getFirst();
        assertEquals(kind(rows, EventKind.COMMAND).getFirst().seq(), response.pairSeq());
    }

    @Test
    void backendDeathGivesAClearReportAndAClosedReadableTrace() throws Exception {
        ProxyHarness h = new ProxyHarness(dir, 1024);
        CaptureResult result;
        try (h) {
            h.vmm.handshake();
            h.vmm.submit(0, wire(new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))), 408);
            h.vmm.awaitUsed(0, 1);
            h.backend.die();
            result = h.result.get();
            h.session.close();
        }
        assertEquals(CaptureResult.Outcome.BACKEND_DIED, result.outcome());
        assertEquals("the back-end closed its vhost-user socket", result.detail());
        List<TraceEvent> rows = ProxyHarness.rows(h.trace);
        assertEquals(1, kind(rows, EventKind.RESPONSE).size());
        assertEquals("back-end died: the back-end closed its vhost-user socket", kind(rows, EventKind.NOTE).getLast().text());
    }

    private static List<TraceEvent> kind(List<TraceEvent> rows, EventKind kind) {
        return rows.stream().filter(e -> e.kind() == kind).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
