package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.replay.VirglBackend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed proxy capture's display UPDATEs carry no flush: each goes to the flush that made it,
 * and every one is compared with what the replay shows (on virglrenderer: the flushed rectangle
 * clipped to the scanout, as QEMU's back-end sends it).
 */
class CapturedFramesTest {

    static final Path CAPTURE = Path.of("..", "samples", "traces", "vhost-user-capture.arrows");

    @TempDir
    Path dir;

    private static ReplayResult replayOnVirgl(Path trace) throws IOException {
        ReplayPlan plan = PlanLoader.load(trace, PlanLoader.Range.ALL);
        try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults().withDisplays(plan.displays().orElseThrow()))) {
            return new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
        }
    }

    private static List<Step> flushesOf(ReplayPlan plan) {
        return plan.steps().stream().filter(s -> s.text().startsWith(CtrlType.RESOURCE_FLUSH.name())).toList();
    }

    private static List<TraceEvent> updates(List<TraceEvent> rows) {
        return rows.stream().filter(r -> r.kind() == EventKind.DISPLAY && "UPDATE".equals(r.text())).toList();
    }

    @Test
    void eachCapturedUpdateBelongsToItsFlushInOrder() throws IOException {
        ReplayPlan plan = PlanLoader.load(CAPTURE, PlanLoader.Range.ALL);
        List<Step> flushes = flushesOf(plan);
        assertEquals(flushes.getLast().seq(), plan.framesKnownThrough(), "known through the last flush");
        List<TraceEvent> updates = updates(Traces.rows(CAPTURE));
        assertEquals(10, flushes.size());
        assertEquals(flushes.size(), updates.size(), "one UPDATE a flush: one scanout shows the flushed resource");
        for (int i = 0; i < flushes.size(); i++) {
            List<Observed.FrameKey> frames = flushes.get(i).captured().frames();
            assertEquals(1, frames.size(), flushes.get(i).text());
            assertEquals(updates.get(i).contentHash(), frames.getFirst().hash(), flushes.get(i).text());
        }
    }

    @Test
    void everyCapturedFrameMatchesTheReplayIncludingPartialFlushes() throws IOException {
        ReplayResult r = replayOnVirgl(CAPTURE);
        assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
        assertEquals(10, r.frames());
    }

    @Test
    void aCapturedFrameTheReplayDoesNotShowIsADivergenceAtItsFlush() throws IOException {
        List<TraceEvent> updates = updates(Traces.rows(CAPTURE));
        TraceEvent square = updates.stream().filter(u -> u.fields().width() == 64).findFirst().orElseThrow();
        Path damaged = Traces.rewrite(CAPTURE, dir.resolve("other-frame.arrows"),
                e -> e.seq() == square.seq() ? withHash(e, e.contentHash() + 1) : e);
        ReplayResult r = replayOnVirgl(damaged);
        Divergence d = r.first().orElseThrow();
        assertEquals(Divergence.Kind.FRAME, d.kind(), d.report());
        assertTrue(d.command().startsWith("RESOURCE_FLUSH") && d.command().contains("64x64"), d.report());
        assertTrue(d.expected().contains(Verifier.hex(square.contentHash() + 1)), d.report());
    }

    @Test
    void commandsPipelinedWithADivergenceAreCountedAndNoneIsIssuedAfterIt() throws IOException {
        List<TraceEvent> rows = Traces.rows(CAPTURE);
        TraceEvent transfer = rows.stream().filter(e -> e.kind() == EventKind.COMMAND
                && e.header().ctrlType() == CtrlType.TRANSFER_TO_HOST_2D).findFirst().orElseThrow();
        Path changed = Traces.rewrite(CAPTURE, dir.resolve("error.arrows"), e ->
                e.kind() == EventKind.RESPONSE && e.pairSeq() == transfer.seq()
                        ? MessageRows.response(e.seq(), e.tsNs(), 0, e.pairSeq(),
                        new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_UNSPEC)), Pairing.CAPTURE) : e);
        ReplayPlan plan = PlanLoader.load(changed, PlanLoader.Range.ALL);
        ReplayResult r = replayOnVirgl(changed);
        assertEquals(transfer.seq(), r.first().orElseThrow().seq());
        // the guest sent the next commands before this response came back: they went out with it
        long pipelined = plan.steps().stream().filter(s -> s.seq() > transfer.seq()
                && s.requiredResponses() <= plan.steps().stream().filter(x -> x.seq() <= transfer.seq()).count() - 1).count();
        assertTrue(pipelined > 0, "the capture pipelines after its first transfer");
        assertEquals(r.issued() - plan.steps().stream().filter(s -> s.seq() <= transfer.seq()).count(), r.issuedPast());
        assertTrue(r.issuedPast() > 0 && r.issuedPast() < plan.steps().size() - 1, "some, not all: " + r.issuedPast());
    }

    private static TraceEvent withHash(TraceEvent e, long hash) {
        return e.withContent(e.payload(), hash);
    }
}
