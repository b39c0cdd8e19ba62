package vgtrace.analyzer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-generation tables of contexts and resources (each command's generation found by the
 * loader's first pass, the tables filtering on type codes) give the rows the range joins on type
 * names gave: that SQL is kept here, word for word but for the views' names, and
 * both run on the bundled traces and on generated ones, the real-shaped one reusing every id.
 */
class ReusedIdsEquivalenceTest {

    /** The former {@code _context_steps}: each command joined to its id's creates by a seq range. */
    private static final String OLD_CONTEXT_STEPS = """
            WITH creates AS (
              SELECT create_seq, ctx_id,
                     lead(create_seq, 1, 9223372036854775807) OVER (PARTITION BY ctx_id ORDER BY create_seq) AS next_create_seq
              FROM _context_creates)
            SELECT
              k.create_seq,
              min(c.ts_ns) FILTER (c.type_name = 'CTX_DESTROY' AND NOT c.is_error) AS destroy_ts,
              count(DISTINCT c.resource_id) FILTER (c.type_name = 'CTX_ATTACH_RESOURCE' AND NOT c.is_error) AS attached_resources,
              count(*) FILTER (c.type_name = 'CTX_DETACH_RESOURCE' AND NOT c.is_error) AS detaches,
              count(*) FILTER (c.type_name = 'SUBMIT_3D') AS submits,
              count(*) FILTER (c.fenced) AS fenced,
              count(*) FILTER (c.is_error) AS errors,
              count(DISTINCT c.ring_idx) AS rings_seen
            FROM commands c
            JOIN creates k ON c.ctx_id = k.ctx_id AND c.seq > k.create_seq AND c.seq < k.next_create_seq
            GROUP BY k.create_seq""";

    /**
     * The former {@code _resource_steps} over the former {@code _resource_events}, on the commands'
     * names (the module now filters on type codes) and with the former sum of each command's MEMORY
     * rows (the loader sums them now).
     */
    private static final String OLD_RESOURCE_STEPS = """
            WITH creates AS (
              SELECT create_seq, resource_id,
                     lead(create_seq, 1, 9223372036854775807) OVER (PARTITION BY resource_id ORDER BY create_seq) AS next_create_seq
              FROM _resource_creates),
            command_memory AS (
              SELECT pair_seq AS seq, sum(size) AS bytes
              FROM messages_raw
              WHERE kind = 'MEMORY' AND pair_seq IS NOT NULL
              GROUP BY pair_seq),
            named_commands AS (
              SELECT c.seq, c.ts_ns, c.type_name, c.ctx_id, c.resource_id, c.response_seq, c.map_info, m.bytes
              FROM commands c
              LEFT JOIN command_memory m ON m.seq = c.seq
              WHERE c.resource_id IS NOT NULL AND NOT c.is_error),
            events AS (
              SELECT r.create_seq, e.*
              FROM named_commands e
              JOIN creates r ON e.resource_id = r.resource_id AND e.seq > r.create_seq AND e.seq < r.next_create_seq)
            SELECT
              create_seq,
              min(ts_ns) FILTER (type_name = 'RESOURCE_ATTACH_BACKING') AS backing_attach_ts,
              min(ts_ns) FILTER (type_name = 'RESOURCE_DETACH_BACKING') AS backing_detach_ts,
              count(*) FILTER (type_name = 'CTX_ATTACH_RESOURCE') AS ctx_attaches,
              min(ts_ns) FILTER (type_name = 'RESOURCE_MAP_BLOB') AS map_ts,
              arg_min(map_info, ts_ns) FILTER (type_name = 'RESOURCE_MAP_BLOB') AS map_info,
              max(ts_ns) FILTER (type_name = 'RESOURCE_UNMAP_BLOB') AS unmap_ts,
              min(ts_ns) FILTER (type_name = 'RESOURCE_UNREF') AS unref_ts,
              count(*) FILTER (type_name LIKE 'TRANSFER_%') AS transfers,
              coalesce(sum(bytes), 0) AS bytes_transferred,
              count(*) FILTER (type_name IN ('SET_SCANOUT', 'SET_SCANOUT_BLOB')) AS scanouts,
              count(*) FILTER (type_name = 'RESOURCE_FLUSH') AS flushes
            FROM events
            GROUP BY create_seq""";

    @TempDir
    static Path dir;

    static Stream<Path> traces() throws IOException {
        return GeneratedTraces.withSamples(dir, WriterOptions.DEFAULTS, SyntheticTrace.real(40_000, 3),
                new SyntheticTrace(40_000, 5, 4, 2, 300, 10, SyntheticTrace.Shape.REAL), SyntheticTrace.of(20_000, 9));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void sameRowsAsTheRangeJoins(Path trace) throws IOException, SQLException {
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.IN_MEMORY)) {
            assertSame(db, OLD_CONTEXT_STEPS, "_context_steps", trace);
            assertSame(db, OLD_RESOURCE_STEPS, "_resource_steps", trace);
            if (trace.getFileName().toString().startsWith("REAL")) {
                long reused = db.count("SELECT count(*) - count(DISTINCT resource_id) FROM resources");
                assertTrue(reused > 300, trace + ": resource ids come back (" + reused + " re-creates)");
                assertTrue(db.count("SELECT count(*) - count(DISTINCT ctx_id) FROM contexts") > 20, trace + ": context ids come back");
            }
        }
    }

    private static void assertSame(TraceDatabase db, String oldSql, String table, Path trace) throws SQLException {
        List<String> before = Sql.rows(db, oldSql + " ORDER BY create_seq");
        List<String> after = Sql.rows(db, "SELECT * FROM " + table + " ORDER BY create_seq");
        assertEquals(before, after, trace + ": " + table);
        if (trace.getFileName().toString().startsWith("REAL")) assertTrue(after.size() > 20, trace + ": " + table + " has rows");
    }
}
