package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.replay.VirglBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The scripted sample recorded on virglrenderer, then replayed on it: clean, deterministic, and damage is found. */
class VirglReplayTest {

    @TempDir
    static Path dir;
    static Path sample;
    static List<TraceEvent> rows;
    static Map<Long, TraceEvent> bySeq;

    @BeforeAll
    static void record() throws IOException {
        sample = dir.resolve("sample.arrows");
        try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults())) {
            ReplayResult r = SampleRecorder.record(backend, sample, 3, true);
            assertEquals(r.issued(), r.completed(), "every scripted command completed");
        }
        rows = Traces.rows(sample);
        bySeq = rows.stream().collect(Collectors.toMap(TraceEvent::seq, Function.identity()));
    }

    private static ReplayResult replay(Path trace) throws IOException {
        ReplayPlan plan = PlanLoader.load(trace, PlanLoader.Range.ALL);
        try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults())) {
            return new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
        }
    }

    private static CtrlType commandType(TraceEvent row) {
        return bySeq.get(row.pairSeq()).header().ctrlType();
    }

    @Test
    void theSameTraceReplayedTwiceGivesIdenticalHashesAndNoDivergence() throws IOException {
        ReplayResult first = replay(sample);
        ReplayResult second = replay(sample);
        assertTrue(first.divergences().isEmpty(), () -> first.first().orElseThrow().report());
        assertEquals(first.digest(), second.digest());
        assertEquals(first.issued(), first.completed());
        assertTrue(first.frames() >= 4 && first.readBacks() >= 4, first.frames() + " frames, " + first.readBacks() + " read-backs");
    }

    @Test
    void aMemoryRowThatFailsItsHashIsReportedAtItsCommand() throws IOException {
        TraceEvent victim = rows.stream().filter(e -> e.kind() == EventKind.MEMORY && e.payload() != null
                && commandType(e) == CtrlType.TRANSFER_TO_HOST_2D).findFirst().orElseThrow();
        Path damaged = Traces.rewrite(sample, dir.resolve("bad-memory.arrows"), e -> {
            if (e.seq() != victim.seq()) return e;
            byte[] bytes = e.payload().clone();
            bytes[100] ^= 0x5a;
            return e.withContent(bytes, e.contentHash());
        });
        ReplayResult r = replay(damaged);
        Divergence d = r.first().orElseThrow();
        assertEquals(victim.pairSeq(), d.seq(), d.report());
        assertEquals(Divergence.Kind.MEMORY, d.kind());
        assertEquals(0, r.issuedPast(), "seen before its command is sent: nothing after it goes out");
        assertEquals(victim.pairSeq(), rows.stream().filter(e -> e.kind() == EventKind.COMMAND).limit(r.issued())
                .reduce((a, b) -> b).orElseThrow().seq(), "the last command issued is the divergent one");
    }

    @Test
    void guestMemoryChangedConsistentlyShowsInTheNextFrame() throws IOException {
        TraceEvent victim = rows.stream().filter(e -> e.kind() == EventKind.MEMORY && e.payload() != null
                && commandType(e) == CtrlType.TRANSFER_TO_HOST_2D && e.fields().resourceId() == SampleRecorder.SCANOUT_RES)
                .skip(1).findFirst().orElseThrow();
        long flush = rows.stream().filter(e -> e.kind() == EventKind.COMMAND && e.seq() > victim.seq()
                && e.header().ctrlType() == CtrlType.RESOURCE_FLUSH).findFirst().orElseThrow().seq();
        Path changed = Traces.rewrite(sample, dir.resolve("other-pixels.arrows"), e -> {
            if (e.seq() != victim.seq()) return e;
            byte[] bytes = e.payload().clone();
            bytes[4 * 64 * 10 + 40] ^= 0x7f;
            return e.withContent(bytes, ContentHash.of(bytes));
        });
        Divergence d = replay(changed).first().orElseThrow();
        assertEquals(flush, d.seq(), d.report());
        assertEquals(Divergence.Kind.FRAME, d.kind());
        assertFalse(d.leading().isEmpty());
    }

    @Test
    void aChangedResponseIsDivergentAtItsCommand() throws IOException {
        TraceEvent ctxCreate = rows.stream().filter(e -> e.kind() == EventKind.COMMAND
                && e.header().ctrlType() == CtrlType.CTX_CREATE).findFirst().orElseThrow();
        Path changed = Traces.rewrite(sample, dir.resolve("other-response.arrows"), e ->
                e.kind() == EventKind.RESPONSE && e.pairSeq() == ctxCreate.seq()
                        ? MessageRows.response(e.seq(), e.tsNs(), 0, e.pairSeq(),
                        new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_UNSPEC)), Pairing.CAPTURE)
                        : e);
        Divergence d = replay(changed).first().orElseThrow();
        assertEquals(ctxCreate.seq(), d.seq());
        assertEquals(Divergence.Kind.RESPONSE, d.kind());
        assertTrue(d.expected().startsWith("RESP_ERR_UNSPEC") && d.actual().startsWith("RESP_OK_NODATA"), d.report());
    }

    @Test
    void aReplayWrittenAsATraceDiffsCleanAgainstItsSourceAndNotAgainstAnotherRun() throws IOException {
        Path replayed = dir.resolve("replayed.arrows");
        ReplayPlan plan = PlanLoader.load(sample, PlanLoader.Range.ALL);
        try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults());
             var writer = vgtrace.core.trace.TraceWriter.create(replayed, plan.metadata(),
                     vgtrace.core.trace.WriterOptions.DEFAULTS.withOverwrite(true))) {
            new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, new ReplayedTrace(writer, false)).run(plan);
        }
        TraceDiff.Result same = TraceDiff.compare(plan, PlanLoader.load(replayed, PlanLoader.Range.ALL), TraceDiff.Match.EXACT);
        assertTrue(same.first().isEmpty(), () -> same.first().orElseThrow().report());
        assertEquals(plan.steps().size(), same.compared());
        ReplayPlan shorter = PlanLoader.load(sample, new PlanLoader.Range(0, plan.steps().get(20).seq()));
        TraceDiff.Result cut = TraceDiff.compare(plan, shorter, TraceDiff.Match.EXACT);
        assertEquals(Divergence.Kind.COMMAND, cut.first().orElseThrow().kind());
        assertNotEquals(0, cut.compared());
    }

    @Test
    void theCommittedSampleReplaysClean() throws IOException {
        Path committed = Path.of("..", "samples", "traces", "virgl-sample.arrows");
        assertTrue(Files.exists(committed), "samples/traces/virgl-sample.arrows is committed");
        ReplayResult r = replay(committed);
        assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
        assertEquals(r.issued(), r.completed());
    }
}
