package vgtrace.ui.data;

import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vgtrace.ui.TestTraces;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Level-of-detail aggregation: at most one bucket per lane and column, and no command lost or counted twice. */
class TimelineBucketingTest {

    static TraceData data;
    static TimelineSource timeline;

    @BeforeAll
    static void open() {
        data = TestTraces.open(TestTraces.generated());
        timeline = data.timeline();
    }

    @AfterAll
    static void close() throws SQLException {
        data.close();
    }

    private static long commandsIn(TimeWindow w, String where) {
        return data.sql().count("SELECT count(*) FROM messages_raw WHERE kind = 'COMMAND' AND ts_ns >= ? AND ts_ns < ?"
                + where, w.startNs(), w.endNs());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 1280, 4000})
    void wholeTraceAtAnyWidth(int columns) {
        TimelineFrame frame = timeline.frame(timeline.extent(), columns);
        assertBucketsFit(frame);
        long queueTicks = frame.ticks().stream()
                .filter(t -> timeline.lanes().get(t.lane()) instanceof Lane.Queue).mapToLong(TickBucket::count).sum();
        assertEquals(commandsIn(timeline.extent(), ""), queueTicks, "every command lands on its queue lane once");
        long ringTicks = frame.ticks().stream()
                .filter(t -> timeline.lanes().get(t.lane()) instanceof Lane.Ring).mapToLong(TickBucket::count).sum();
        assertEquals(commandsIn(timeline.extent(), " AND ctx_id <> 0"), ringTicks);
        long errors = frame.ticks().stream().mapToLong(TickBucket::errors).sum();
        assertEquals(2 * data.sql().count("SELECT count(*) FROM errors WHERE command_seq IS NOT NULL AND ctx_id <> 0")
                + data.sql().count("SELECT count(*) FROM errors WHERE command_seq IS NOT NULL AND ctx_id = 0"), errors,
                "an error shows on its queue lane and, in a context, on its ring lane");
        long spans = frame.spans().stream().mapToLong(SpanBucket::count).sum();
        assertEquals(data.sql().count("SELECT count(*) FROM fences"), spans, "every fence span is drawn");
    }

    @Test
    void randomWindowsKeepTheirCounts() {
        TimeWindow extent = timeline.extent();
        List<Double> starts = Arbitraries.doubles().between(0, 0.99).sampleStream().limit(20).toList();
        for (double start : starts) {
            TimeWindow w = extent.zoom(Math.pow(10, -start * 4), start);
            int columns = 300 + (int) (start * 900);
            TimelineFrame frame = timeline.frame(w, columns);
            assertBucketsFit(frame);
            long ticks = frame.ticks().stream()
                    .filter(t -> timeline.lanes().get(t.lane()) instanceof Lane.Queue).mapToLong(TickBucket::count).sum();
            TimeWindow counted = ((DuckTimelineSource) timeline).countedWindow(w, columns);
            assertEquals(commandsIn(counted, ""), ticks, "window " + w + ", counted " + counted);
            assertTrue(Math.abs(counted.startNs() - w.startNs()) * columns <= w.spanNs(),
                    "a zoomed-out frame is off by less than a pixel");
        }
    }

    @Test
    void zoomedOutAndZoomedInFramesAgreeWhereTheyOverlap() {
        TimeWindow extent = timeline.extent();
        int columns = 500;
        // The whole trace comes from the pre-aggregated bins, a narrow window from the commands.
        TimeWindow narrow = extent.zoom(0.001, 0.5);
        assertEquals(narrow, ((DuckTimelineSource) timeline).countedWindow(narrow, columns), "raw rows when zoomed in");
        long wide = timeline.frame(extent, columns).ticks().stream().mapToLong(TickBucket::count).sum();
        long raw = timeline.frame(extent, 1_000_000).ticks().stream().mapToLong(TickBucket::count).sum();
        assertEquals(raw, wide, "bins and commands count the same whole trace");
    }

    @Test
    void lanesCoverQueuesAndRings() {
        List<Lane> lanes = timeline.lanes();
        assertTrue(lanes.contains(new Lane.Queue(0)));
        assertTrue(lanes.contains(new Lane.Queue(1)));
        assertTrue(lanes.stream().filter(l -> l instanceof Lane.Ring(int c, Integer r) && r != null).count() >= 12,
                "3 contexts x 4 rings: " + lanes);
    }

    @Test
    void nearestCommandIsOnTheLaneAndClose() {
        Lane ring = timeline.lanes().stream().filter(l -> l instanceof Lane.Ring(int c, Integer r) && r != null)
                .findFirst().orElseThrow();
        TimeWindow extent = timeline.extent();
        long mid = extent.startNs() + extent.spanNs() / 2;
        long seq = timeline.nearestCommand(ring, mid, extent.spanNs()).orElseThrow().seq();
        Lane.Ring r = (Lane.Ring) ring;
        assertEquals(1, data.sql().count("SELECT count(*) FROM messages_raw WHERE seq = ? AND ctx_id = ? AND ring_idx = ?",
                seq, r.ctx(), r.ring()));
        assertTrue(timeline.nearestCommand(ring, extent.endNs() + 1_000_000_000L, 10).isEmpty());
    }

    private static void assertBucketsFit(TimelineFrame frame) {
        Set<Long> seen = new HashSet<>();
        for (TickBucket t : frame.ticks()) {
            assertTrue(t.column() >= 0 && t.column() < frame.columns(), "column " + t.column());
            assertTrue(seen.add(((long) t.lane() << 32) | t.column()), "one tick bucket per lane and column");
            assertTrue(t.count() > 0 && t.errors() <= t.count());
        }
        seen.clear();
        for (SpanBucket s : frame.spans()) {
            assertTrue(s.startColumn() >= 0 && s.endColumn() < frame.columns() && s.startColumn() <= s.endColumn(), s.toString());
            assertTrue(seen.add(((long) s.lane() << 32) | s.startColumn()), "one span bucket per lane and start column");
        }
        int lanes = data.timeline().lanes().size();
        assertTrue(frame.ticks().size() <= (long) lanes * frame.columns());
    }
}
