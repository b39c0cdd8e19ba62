package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.os.EventFd;
import vgtrace.core.protocol.*;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.vhost.VirtioFeature;
import vgtrace.core.vhost.VhostCodec;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.vhost.VhostRequest;
import vgtrace.core.virtq.SplitRing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The proxy relays queues 0 and 1 through shadow rings: the guest sees a response only after it is
 * recorded, notification suppression on either side never stalls a ring, and a stopped ring hands over
 * what the back-end completed.
 */
class ShadowRingsTest {

    @TempDir
    Path dir;

    /** A response-sized buffer a guest might reuse: a header of type 0x500, which is no response. */
    private static final byte[] GARBAGE = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x500).array();

    private static byte[] fencedCreate(int resourceId, long fence) {
        return GpuCodec.encode(new ResourceCreate2d(CtrlHeader.fenced(CtrlType.RESOURCE_CREATE_2D, fence, 0, 0),
                resourceId, 1, 16, 16));
    }

    @Test
    void aResponseIsRecordedBeforeTheGuestCanReuseItsBuffer() throws Exception {
        ProxyHarness h = new ProxyHarness(dir, 1024);
        int[] takenEarly = new int[1];
        try (h) {
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            // the back-end completes both chains and calls once; meanwhile the guest takes every used
            // element it can see and reuses its response buffer at once
            h.backend.beforeCall = () -> {
                try {
                    takenEarly[0] += vmm.consumeUsed(0, GARBAGE);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            vmm.queue(0, fencedCreate(5, 1), 24);
            vmm.queue(0, fencedCreate(6, 2), 24);
            vmm.kick(0);
            vmm.awaitUsed(0, 2);
            h.finish();
        }
        List<TraceEvent> responses = kind(ProxyHarness.rows(h.trace), EventKind.RESPONSE);
        assertEquals(List.of(CtrlType.RESP_OK_NODATA.code(), CtrlType.RESP_OK_NODATA.code()),
                responses.stream().map(r -> r.header().type()).toList(), "the responses the back-end wrote, not the guest's reuse");
        assertEquals(List.of(1L, 2L), responses.stream().map(r -> r.header().fenceId()).toList());
        assertEquals(0, takenEarly[0], "the guest saw no used element before the proxy had relayed it");
        assertTrue(ProxyHarness.rows(h.trace).stream().anyMatch(e -> e.kind() == EventKind.METADATA
                && e.text().equals("queue0_responses=shadow")), "the trace says how responses were read");
    }

    @Test
    void theBackEndGetsTheShadowRegionAndTheFrontEndNoMemorySlots() throws Exception {
        try (ProxyHarness h = new ProxyHarness(dir, 1024)) {
            h.vmm.handshake();
            List<MemoryRegion> table = h.backend.regions;
            assertEquals(2, table.size());
            assertEquals(FakeFrontEnd.GPA, table.getFirst().guestPhysAddr());
            assertEquals(ShadowRegion.GPA, table.getLast().guestPhysAddr());
            assertEquals(ShadowRegion.USER_ADDR, table.getLast().userspaceAddr());
            h.vmm.send(new VhostMessage.Raw(FakeFrontEnd.header(VhostRequest.GET_PROTOCOL_FEATURES), new byte[0]));
            VhostMessage reply = VhostCodec.decode(h.vmm.channel.read().bytes(), 0);
            assertEquals(new VhostMessage.U64(reply.header(), FakeFrontEnd.PROTOCOL_FEATURES), reply,
                    "CONFIGURE_MEM_SLOTS, HOST_NOTIFIER and INBAND_NOTIFICATIONS are masked, every other bit passes");
            h.finish();
        }
    }

    @Test
    void noInterruptIsHonouredForTheGuestAndNeverStallsTheBackEnd() throws Exception {
        try (ProxyHarness h = new ProxyHarness(dir, 1024)) {
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            vmm.rings[0].setAvailFlags(SplitRing.AVAIL_F_NO_INTERRUPT);
            vmm.submit(0, fencedCreate(5, 1), 24);
            vmm.awaitUsed(0, 1); // the back-end was not told NO_INTERRUPT: it called, and the proxy relayed
            vmm.rings[0].setAvailFlags(0);
            vmm.submit(0, fencedCreate(6, 2), 24);
            vmm.awaitUsed(0, 2);
            // the proxy handles one call completely before the next kick: a first interrupt would be counted here
            assertEquals(1, awaitSignals(vmm.call[0]), "only the second completion interrupts the guest");
            h.finish();
        }
    }

    @Test
    void eventIdxOnBothSidesNeverStallsTheRing() throws Exception {
        try (ProxyHarness h = new ProxyHarness(dir, 1024)) {
            FakeFrontEnd vmm = h.vmm;
            vmm.features = FakeFrontEnd.FEATURES | VirtioFeature.RING_EVENT_IDX.mask();
            vmm.handshake();
            vmm.submit(0, fencedCreate(5, 1), 24);
            vmm.awaitUsed(0, 1);
            assertEquals(1, awaitSignals(vmm.call[0]), "the first completion after a start always interrupts");
            vmm.rings[0].setUsedEvent(2); // interrupt me once the used idx passes 2
            vmm.submit(0, fencedCreate(6, 2), 24);
            vmm.awaitUsed(0, 2);
            vmm.submit(0, fencedCreate(7, 3), 24);
            vmm.awaitUsed(0, 3);
            assertEquals(1, awaitSignals(vmm.call[0]), "no interrupt for used idx 2, one for 3");
            // the fakes kick and call only as avail_event and used_event allow: a proxy that left either
            // behind would stall here
            for (int i = 4; i <= 40; i++) {
                vmm.rings[0].setUsedEvent(i - 1);
                vmm.submit(0, fencedCreate(i + 4, i), 24);
                vmm.awaitUsed(0, i);
                assertEquals(1, awaitSignals(vmm.call[0]), "round " + i);
            }
            h.finish();
        }
        assertEquals(40, kind(ProxyHarness.rows(dir.resolve("capture.arrows")), EventKind.RESPONSE).size());
    }

    @Test
    void aStoppedRingHandsOverWhatTheBackEndCompletedAndRestartsAtItsBase() throws Exception {
        ProxyHarness h = new ProxyHarness(dir, 1024);
        try (h) {
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            vmm.submit(0, fencedCreate(5, 1), 24);
            vmm.awaitUsed(0, 1);
            h.backend.holdCalls = true;
            int held = vmm.submit(0, fencedCreate(6, 2), 24);
            awaitCommands(h.backend, 2);
            assertEquals(1, vmm.rings[0].usedIdx(), "completed, not called: still in the shadow");
            assertEquals(2, vmm.stopRing(0));
            assertEquals(2, vmm.rings[0].usedIdx(), "moved to the guest before the front-end got the reply");
            assertEquals(2, GpuCodec.decode(vmm.response(0, held, 24)).header().fenceId());
            h.backend.holdCalls = false;
            vmm.startRing(0, 2);
            int after = vmm.submit(0, fencedCreate(7, 3), 24);
            vmm.awaitUsed(0, 3);
            assertEquals(3, GpuCodec.decode(vmm.response(0, after, 24)).header().fenceId());
            h.finish();
        }
        List<TraceEvent> rows = ProxyHarness.rows(h.trace);
        List<TraceEvent> commands = kind(rows, EventKind.COMMAND), responses = kind(rows, EventKind.RESPONSE);
        assertEquals(3, commands.size());
        assertEquals(commands.stream().map(TraceEvent::seq).toList(), responses.stream().map(TraceEvent::pairSeq).toList());
        assertEquals(List.of(1L, 2L, 3L), responses.stream().map(r -> r.header().fenceId()).toList());
        assertTrue(kind(rows, EventKind.NOTE).isEmpty(), "no faults, no unanswered commands");
    }

    /** The interrupts that reached the guest, once at least one has (up to 10 s). */
    private static long awaitSignals(EventFd call) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long n;
        while ((n = call.drain()) == 0) {
            if (System.nanoTime() > deadline) return 0;
            LockSupport.parkNanos(20_000);
        }
        return n;
    }

    private static void awaitCommands(FakeBackend backend, int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (backend.commandTypes.size() < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("the back-end saw " + backend.commandTypes.size() + " commands");
            LockSupport.parkNanos(20_000);
        }
    }

    private static List<TraceEvent> kind(List<TraceEvent> rows, EventKind kind) {
        return rows.stream().filter(e -> e.kind() == kind).toList();
    }
}
