package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.ResourceFlush;
import vgtrace.core.protocol.Rect;
import vgtrace.core.trace.TraceMetadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

class ReplayEngineOrderTest {

    private static Step step(long seq, int requiredResponses, boolean captureAnswered) {
        byte[] wire = GpuCodec.encode(new ResourceFlush(CtrlHeader.fenced(CtrlType.RESOURCE_FLUSH, seq + 1, 0, -1),
                new Rect(0, 0, 16, 16), 1, 0));
        return new Step(seq, seq * 1000, 0, wire, List.of(),
                captureAnswered ? new Observed(FakeBackend.ok(), List.of(), List.of()) : Observed.NOTHING,
                requiredResponses, null);
    }

    private static ReplayPlan plan(List<Step> steps, int... responseOrder) {
        return new ReplayPlan(steps, responseOrder, TraceMetadata.of("test"), 0);
    }

    @Test
    void aCommandSentAfterAResponseWaitsForItAndTheRestPipelines() throws IOException {
        // Steps 0 and 1 went out together; the guest sent 2 and 3 only after 0's response (the first in
        // capture order) had arrived; 0 is fenced and answered late by the backend.
        List<Step> steps = List.of(step(0, 0, true), step(1, 0, true), step(2, 1, true), step(3, 1, true));
        FakeBackend backend = new FakeBackend(Set.of(0L), true);
        List<Long> issued = new ArrayList<>();
        ReplayListener spy = new ReplayListener() {
            @Override
            public void issued(Step s, long tsNs) {
                issued.add(s.seq());
                if (s.seq() >= 2) assertTrue(backend.completedOrder.contains(0L), "seq " + s.seq() + " issued before 0 answered");
            }
        };
        ReplayResult r = new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, spy).run(plan(steps, 0, 1, 2, 3));

        assertEquals(List.of(List.of(0L, 1L), List.of(2L, 3L)), backend.batches, "two batches: before and after the response");
        assertEquals(List.of(0L, 1L, 2L, 3L), issued);
        assertEquals(4, r.completed());
        assertTrue(r.divergences().isEmpty(), r.divergences().toString());
    }

    @Test
    void withoutCausalDependenciesEverythingGoesInOneBatch() throws IOException {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) steps.add(step(i, 0, true));
        FakeBackend backend = new FakeBackend(Set.of(), true);
        new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE)
                .run(plan(steps, steps.stream().mapToInt(s -> (int) s.seq()).toArray()));
        assertEquals(1, backend.batches.size());
        assertEquals(100, backend.batches.getFirst().size());
    }

    @Test
    void aResponseTheBackendNeverSendsIsReportedMissingAtItsSeq() throws IOException {
        FakeBackend never = new FakeBackend(Set.of(1L), false);
        List<Step> steps = List.of(step(0, 0, true), step(1, 0, true), step(2, 0, true));
        ReplayEngine.Options fast = new ReplayEngine.Options(ReplayEngine.Timing.ASAP, 256, 1_000_000, true, true);
        ReplayResult r = new ReplayEngine(never, fast, ReplayListener.NONE).run(plan(steps, 0, 1, 2));
        assertEquals(1, r.first().orElseThrow().seq());
        assertEquals(Divergence.Kind.MISSING_RESPONSE, r.first().orElseThrow().kind());
    }

    @Test
    void originalTimingKeepsTheCapturedGaps() throws IOException {
        long gap = 20_000_000;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Step s = step(i, 0, false);
            steps.add(new Step(s.seq(), i * gap, 0, s.wire(), List.of(), Observed.NOTHING, 0, null));
        }
        FakeBackend backend = new FakeBackend(Set.of(), true);
        ReplayResult r = new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS.withTiming(ReplayEngine.Timing.ORIGINAL),
                ReplayListener.NONE).run(plan(steps));
        assertEquals(4, backend.batches.size(), "each command waits for its gap, so none share a batch");
        assertTrue(r.elapsedNs() >= 3 * gap, "replay took " + r.elapsedNs() + " ns, captured gaps add up to " + 3 * gap);
    }
}
