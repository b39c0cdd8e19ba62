package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.replay.VirglBackend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The committed QEMU capture (virglrenderer 1.1 under QEMU 10, through the shim) replayed in this
 * process on the machine's virglrenderer, with one thing of the capture changed before the GUEST
 * blob create (where Debian 12's 0.10.4 parts ways with 1.1): each change is the first divergence.
 */
class QemuCaptureReplayTest {

    static final Path CAPTURE = Path.of("..", "samples", "traces", "qemu-gl-capture.arrows");
    static final long LONG_STALL_NS = 60_000_000_000L;

    @TempDir
    static Path dir;
    static List<TraceEvent> rows;
    static Map<Long, TraceEvent> commands = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        rows = Traces.rows(CAPTURE);
        for (TraceEvent e : rows) if (e.kind() == EventKind.COMMAND) commands.put(e.seq(), e);
    }

    private static ReplayResult replay(Path trace) throws IOException {
        ReplayPlan plan = PlanLoader.load(trace, PlanLoader.Range.ALL);
        var options = new ReplayEngine.Options(ReplayEngine.Timing.ASAP, 256, LONG_STALL_NS, true, true);
        try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults().withDisplays(plan.displays().orElseThrow()))) {
            return new ReplayEngine(backend, options, ReplayListener.NONE).run(plan);
        }
    }

    private static TraceEvent first(Predicate<TraceEvent> p) {
        return rows.stream().filter(p).findFirst().orElseThrow();
    }

    private static TraceEvent withPayload(TraceEvent e, byte[] payload, Long hash) {
        return e.withContent(payload, hash);
    }

    private static long guestBlobCreate() {
        return first(e -> e.kind() == EventKind.COMMAND && e.header().type() == CtrlType.RESOURCE_CREATE_BLOB.code()).seq();
    }

    @Test
    void twoGlobalFenceSignalsSwappedAreAFenceDivergenceAtTheFenceSignalledOutOfOrder() throws IOException {
        List<TraceEvent> global = rows.stream().filter(e -> e.kind() == EventKind.FENCE && !e.header().hasRing()).limit(2).toList();
        long a = global.get(0).header().fenceId(), b = global.get(1).header().fenceId();
        Map<Long, Long> swapped = Map.of(global.get(0).seq(), b, global.get(1).seq(), a);
        Path edited = Traces.rewrite(CAPTURE, dir.resolve("fences-swapped.arrows"), e -> !swapped.containsKey(e.seq()) ? e
                : TraceEvent.fence(e.seq(), e.tsNs(), e.header().ctxId(), null, swapped.get(e.seq())));
        ReplayResult r = replay(edited);
        Divergence d = r.first().orElseThrow();
        TraceEvent fencedB = first(e -> e.kind() == EventKind.COMMAND && e.header().fenced() && !e.header().hasRing()
                && e.header().fenceId() == b);
        assertEquals(Divergence.Kind.FENCE, d.kind(), d.report());
        assertEquals(fencedB.seq(), d.seq(), d.report());
        assertTrue(d.expected().contains("fence " + b + " signalled before fence " + a), d.report());
    }

    @Test
    void aChangedReadBackIsAReadBackDivergenceAtItsTransfer() throws IOException {
        TraceEvent readBack = first(e -> e.kind() == EventKind.MEMORY && e.payload() != null
                && commands.get(e.pairSeq()).header().type() == CtrlType.TRANSFER_FROM_HOST_3D.code());
        byte[] bytes = readBack.payload().clone();
        bytes[7] ^= 0x40;
        Path edited = Traces.rewrite(CAPTURE, dir.resolve("readback.arrows"),
                e -> e.seq() == readBack.seq() ? withPayload(e, bytes, ContentHash.of(bytes)) : e);
        Divergence d = replay(edited).first().orElseThrow();
        assertEquals(Divergence.Kind.READBACK, d.kind(), d.report());
        assertEquals(readBack.pairSeq(), d.seq(), d.report());
    }

    @Test
    void aChangedResponseIsAResponseDivergenceAtItsCommand() throws IOException {
        TraceEvent response = first(e -> e.kind() == EventKind.RESPONSE
                && commands.get(e.pairSeq()).header().type() == CtrlType.CTX_CREATE.code());
        byte[] error = GpuCodec.encode(new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_OUT_OF_MEMORY)));
        Path edited = Traces.rewrite(CAPTURE, dir.resolve("response.arrows"),
                e -> e.seq() == response.seq() ? withPayload(e, error, null) : e);
        Divergence d = replay(edited).first().orElseThrow();
        assertEquals(Divergence.Kind.RESPONSE, d.kind(), d.report());
        assertEquals(response.pairSeq(), d.seq(), d.report());
        assertTrue(d.expected().startsWith("RESP_ERR_OUT_OF_MEMORY") && d.actual().startsWith("RESP_OK_NODATA"), d.report());
    }

    /**
     * The capture up to the GUEST blob create, then a ring-3 submit whose fence never signalled and
     * a ring-0 submit after it: the replay neither waits for the first nor answers it.
     */
    @Test
    void aFenceTheCaptureNeverSignalledIsNotWaitedForAndStaysUnanswered() throws IOException {
        long cut = guestBlobCreate();
        TraceEvent neverSignalled = first(e -> e.kind() == EventKind.COMMAND && e.header().hasRing()
                && e.header().ringIdx() != 0 && rows.stream().noneMatch(r -> r.kind() == EventKind.RESPONSE && r.pairSeq() == e.seq()));
        TraceEvent after = first(e -> e.kind() == EventKind.COMMAND && e.seq() > neverSignalled.seq() && e.header().hasRing()
                && e.header().ringIdx() == 0);
        Path edited = dir.resolve("never.arrows");
        TraceMetadata meta;
        try (TraceReader r = TraceReader.open(CAPTURE)) {
            meta = r.metadata();
        }
        try (TraceWriter w = TraceWriter.create(edited, meta, WriterOptions.DEFAULTS.withOverwrite(true))) {
            for (TraceEvent e : rows) {
                boolean ofAfter = e.seq() == after.seq() || e.pairSeq() == after.seq()
                        || e.kind() == EventKind.FENCE && e.header().hasRing() && e.header().fenceId() == after.header().fenceId();
                if (e.seq() < cut || e.seq() == neverSignalled.seq() || ofAfter) w.append(e);
            }
        }
        ReplayPlan plan = PlanLoader.load(edited, PlanLoader.Range.ALL);
        assertEquals(Set.of(neverSignalled.seq()), plan.fences().neverSignalled());
        ReplayResult r = replay(edited);
        assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
        assertEquals(r.issued() - 1, r.completed(), "every command but the never-signalled one completed");
        assertTrue(r.elapsedNs() < LONG_STALL_NS / 4, "the replay did not wait for the fence: " + r.elapsedNs() / 1_000_000 + " ms");
        assertTrue(r.checked().fences() > 0 && r.checked().readBacks() > 0, r.checked().toString());
    }
}
