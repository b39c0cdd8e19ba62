package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import static org.junit.jupiter.api.Assertions.*;

class TraceSummaryTest {

    private static TraceEvent submit(long seq, int ctx, int ring, long fence) {
        return TraceEvent.command(seq, seq * 1000, 0, CtrlHeader.fenced(CtrlType.SUBMIT_3D, fence, ctx, ring),
                MessageFields.NONE, null);
    }

    private static TraceEvent ok(long seq, long commandSeq) {
        return TraceEvent.response(seq, seq * 1000, 0, commandSeq, CtrlHeader.of(CtrlType.RESP_OK_NODATA),
                MessageFields.NONE, null, Pairing.CAPTURE);
    }

    @Test
    void countsFencesPerTimelineAndThoseNeverAnswered() {
        TraceSummary s = new TraceSummary();
        s.accept(submit(0, 2, 0, 1));
        s.accept(submit(1, 2, 3, 2));
        s.accept(submit(2, 2, 0, 3));
        s.accept(ok(3, 0));
        s.accept(ok(4, 2));
        s.accept(submit(5, 5, -1, 4));
        assertEquals(3, s.timelines().size());
        assertEquals(2, s.timelines().get("ctx 2 ring 0").fenced());
        assertEquals(0, s.timelines().get("ctx 2 ring 0").unanswered());
        assertEquals(1, s.timelines().get("ctx 2 ring 3").unanswered());
        assertEquals(1, s.timelines().get("ctx 5 ring -").unanswered());
        assertEquals(4, s.fencedCommands());
        assertEquals(5_000, s.durationNs());
    }

    @Test
    void tracksResourcesAliveAtTheEnd() {
        TraceSummary s = new TraceSummary();
        s.accept(TraceEvent.command(0, 0, 0, CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D),
                MessageFields.builder().resourceId(7).build(), null));
        s.accept(TraceEvent.command(1, 1, 0, CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D),
                MessageFields.builder().resourceId(8).build(), null));
        s.accept(TraceEvent.command(2, 2, 0, CtrlHeader.of(CtrlType.RESOURCE_UNREF),
                MessageFields.builder().resourceId(7).build(), null));
        assertEquals(java.util.Set.of(8), s.liveResources());
        assertEquals(2, s.resourcesCreated());
    }
}
