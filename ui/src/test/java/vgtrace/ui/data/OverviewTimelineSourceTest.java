package vgtrace.ui.data;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vgtrace.ui.TestTraces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overview read from the trace file agrees with the DuckDB-backed timeline on everything it
 * shows: the lanes, and per lane the commands, errors and fence spans (counted, longest, unsignalled)
 * over any window made of whole bins, for a torn trace too. Only columns within a bin may differ.
 */
class OverviewTimelineSourceTest {

    static TraceData data;
    static OverviewTimelineSource overview;

    @BeforeAll
    static void open() throws IOException {
        Path trace = TestTraces.generated();
        data = TestTraces.open(trace);
        overview = OverviewTimelineSource.read(trace);
    }

    @AfterAll
    static void close() throws SQLException {
        data.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"generated", "rings-guest.arrows", "vhost-user-capture.arrows"})
    void lanesAndExtentAreTheDatabases(String name) throws Exception {
        Path trace = name.equals("generated") ? TestTraces.generated() : TestTraces.sample(name);
        try (TraceData db = TestTraces.open(trace)) {
            OverviewTimelineSource o = OverviewTimelineSource.read(trace);
            assertEquals(db.timeline().lanes(), o.lanes());
            assertEquals(db.timeline().extent(), o.extent());
            assertPerLaneTotalsAgree(db.timeline(), o, o.extent(), 100);
        }
    }

    @Test
    void aTornTraceGivesTheOverviewOfItsCompleteBatches(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(TestTraces.generated());
        Path torn = dir.resolve("torn.arrows");
        int cut = whole.length * 2 / 3;
        Files.write(torn, Arrays.copyOf(whole, cut));
        long tornBatchAt;
        try (TraceData complete = TestTraces.open(TestTraces.generated())) {
            tornBatchAt = complete.sql().count("SELECT max(file_offset) FROM _batches WHERE file_offset < ?", cut);
        }
        try (TraceData db = TestTraces.open(torn)) {
            assertEquals(cut - tornBatchAt, db.tornBytes(), "from the start of the batch the cut tore to the cut");
            OverviewTimelineSource o = OverviewTimelineSource.read(torn);
            assertEquals(db.timeline().lanes(), o.lanes());
            assertEquals(db.timeline().extent(), o.extent());
            assertPerLaneTotalsAgree(db.timeline(), o, o.extent(), 100);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 1280})
    void wholeTraceTotalsAgreePerLaneAtAnyWidth(int columns) {
        assertPerLaneTotalsAgree(data.timeline(), overview, overview.extent(), columns);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1000, 4000})
    void aZoomedWindowOfWholeBinsAgrees(int firstBin) {
        TimeWindow e = overview.extent();
        long bin = Math.ceilDiv(e.spanNs(), OverviewTimelineSource.BINS);
        TimeWindow w = new TimeWindow(e.startNs() + firstBin * bin, Math.min(e.endNs(), e.startNs() + (firstBin + 96) * bin));
        TimelineFrame frame = overview.frame(w, 640);
        Set<Long> seen = new HashSet<>();
        for (TickBucket t : frame.ticks()) {
            assertTrue(seen.add(((long) t.lane() << 32) | t.column()), "one tick bucket per lane and column");
            assertTrue(t.column() >= 0 && t.column() < 640);
        }
        long commands = frame.ticks().stream().filter(t -> overview.lanes().get(t.lane()) instanceof Lane.Queue)
                .mapToLong(TickBucket::count).sum();
        assertEquals(data.sql().count("SELECT count(*) FROM messages_raw WHERE kind = 'COMMAND' AND queue IS NOT NULL"
                + " AND ts_ns >= ? AND ts_ns < ?", w.startNs(), w.endNs()), commands);
    }

    private static void assertPerLaneTotalsAgree(TimelineSource db, TimelineSource o, TimeWindow w, int columns) {
        TimelineFrame expected = db.frame(w, columns), actual = o.frame(w, columns);
        List<Lane> lanes = db.lanes();
        for (var field : Map.<String, ToLongFunction<TickBucket>>of("commands", TickBucket::count, "errors", TickBucket::errors).entrySet()) {
            assertEquals(perLane(expected.ticks(), TickBucket::lane, field.getValue()),
                    perLane(actual.ticks(), TickBucket::lane, field.getValue()), field.getKey() + " per lane");
        }
        for (var field : Map.<String, ToLongFunction<SpanBucket>>of("spans", SpanBucket::count,
                "unsignalled", SpanBucket::unsignalled, "span errors", SpanBucket::errors).entrySet()) {
            assertEquals(perLane(expected.spans(), SpanBucket::lane, field.getValue()),
                    perLane(actual.spans(), SpanBucket::lane, field.getValue()), field.getKey() + " per lane");
        }
        assertEquals(perLaneMax(expected.spans()), perLaneMax(actual.spans()), "longest span per lane " + lanes);
    }

    private static <B> Map<Integer, Long> perLane(List<B> buckets, ToLongFunction<B> lane, ToLongFunction<B> value) {
        return buckets.stream().collect(Collectors.groupingBy(b -> (int) lane.applyAsLong(b), Collectors.summingLong(value::applyAsLong)));
    }

    private static Map<Integer, Long> perLaneMax(List<SpanBucket> spans) {
        return spans.stream().collect(Collectors.toMap(SpanBucket::lane, SpanBucket::longestNs, Math::max));
    }
}
