package vgtrace.analyzer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A generated trace: the views' counts against the same counts computed in Java from TraceReader. */
class GeneratedTraceCrossCheckTest {

    @TempDir
    static Path dir;
    static TraceDatabase db;
    static final List<TraceEvent> rows = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path file = dir.resolve("generated.arrows");
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("generator"), WriterOptions.DEFAULTS)) {
            new TraceGenerator(new SyntheticTrace(30_000, 7, 3, 4, 200, 5, SyntheticTrace.Shape.MIXED), w).run();
        }
        try (TraceReader r = TraceReader.open(file)) {
            while (r.hasNext()) rows.add(r.next());
        }
        db = TraceDatabase.open(file, LoadOptions.IN_MEMORY);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static Map<Long, TraceEvent> responsesByCommand() {
        Map<Long, TraceEvent> m = new HashMap<>();
        for (TraceEvent e : rows) if (e.kind() == EventKind.RESPONSE) m.put(e.pairSeq(), e);
        return m;
    }

    private static boolean isError(TraceEvent response) {
        return response != null && CtrlType.lookup(response.header().type()).kind() == CtrlType.Kind.RESPONSE_ERR;
    }

    @Test
    void rowAndCommandCounts() throws SQLException {
        assertEquals(rows.size(), db.rows());
        long commands = rows.stream().filter(e -> e.kind() == EventKind.COMMAND).count();
        assertEquals(commands, db.count("SELECT count(*) FROM commands"));
        long errors = rows.stream().filter(e -> e.kind() == EventKind.RESPONSE && isError(e)).count();
        assertTrue(errors > 6, "the generator makes errors");
        assertEquals(errors, db.count("SELECT count(*) FROM errors"));
        assertEquals(errors, db.count("SELECT count(*) FROM errors WHERE command IS NOT NULL"));
    }

    @Test
    void fencesPerTimelineAndTotalLatency() throws SQLException {
        Map<Long, TraceEvent> responses = responsesByCommand();
        Map<String, Long> perTimeline = new TreeMap<>();
        long latencySum = 0;
        for (TraceEvent e : rows) {
            if (e.kind() != EventKind.COMMAND || (e.header().flags() & 1) == 0) continue;
            perTimeline.merge(e.header().ctxId() + "|" + e.ringIdx(), 1L, Long::sum);
            TraceEvent r = responses.get(e.seq());
            if (r != null) latencySum += r.tsNs() - e.tsNs();
        }
        Map<String, Long> fromSql = new TreeMap<>();
        for (String row : Sql.rows(db, "SELECT ctx_id || '|' || coalesce(ring_idx::VARCHAR, 'null'), fences FROM rings")) {
            String[] p = row.split("\\|");
            fromSql.put(p[0] + "|" + p[1], Long.parseLong(p[2]));
        }
        assertEquals(perTimeline, fromSql);
        assertEquals(latencySum, db.count("SELECT sum(latency_ns) FROM fences"));
        // The generator signals every timeline in order: nothing overtakes, nothing is retired early.
        assertEquals(0, db.count("SELECT count(*) FROM fences WHERE in_order = false OR retired_early"));
    }

    @Test
    void blobsAndLeaks() throws SQLException {
        Map<Long, TraceEvent> responses = responsesByCommand();
        Set<Integer> live = new HashSet<>();
        long created = 0;
        for (TraceEvent e : rows) {
            if (e.kind() != EventKind.COMMAND || isError(responses.get(e.seq()))) continue;
            CtrlType t = CtrlType.lookup(e.header().type());
            if (t == CtrlType.RESOURCE_CREATE_BLOB) {
                created++;
                live.add(e.fields().resourceId());
            } else if (t == CtrlType.RESOURCE_UNREF) {
                live.remove(e.fields().resourceId());
            }
        }
        assertEquals(created, db.count("SELECT count(*) FROM blobs"));
        assertTrue(!live.isEmpty(), "the generator leaks blobs");
        assertEquals(live.size(), db.count("SELECT count(*) FROM blobs WHERE alive_at_end"));
    }

    @Test
    void typeStatsAddUpToCommands() throws SQLException {
        assertEquals(db.count("SELECT count(*) FROM commands"), db.count("SELECT sum(commands) FROM type_stats"));
        assertEquals(CtrlType.values().length - 13 + 1, db.count("SELECT count(*) FROM type_stats"),
                "26 command types and the undefined one");
    }
}
