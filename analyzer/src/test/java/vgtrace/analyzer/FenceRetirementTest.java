package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The loader's fence retirement ({@link FenceRetirement}) gives the rows of the two window functions
 * it replaced, kept here as the reference (with ties on the signal time broken towards the nearer
 * fence, which the windows left unspecified), on the bundled and generated traces and on a timeline
 * whose fence ids go backwards.
 */
class FenceRetirementTest {

    private static final String WINDOWS = """
            WITH s AS (
              SELECT seq, CASE WHEN flags & 2 = 2 THEN ctx_id END AS timeline_ctx, ring_idx, fence_id,
                     response_ts_ns AS signal_ts
              FROM _commands WHERE fenced),
            w AS (
              SELECT seq,
                min(signal_ts) OVER later AS retired_ts,
                arg_min(seq, CASE WHEN signal_ts IS NOT NULL THEN (signal_ts, fence_id, seq) END) OVER later AS retired_by_seq,
                max(signal_ts) OVER earlier AS earlier_max_signal_ts
              FROM s
              WINDOW later AS (PARTITION BY timeline_ctx, ring_idx ORDER BY fence_id DESC, seq DESC
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                     earlier AS (PARTITION BY timeline_ctx, ring_idx ORDER BY fence_id, seq
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
            SELECT w.*, coalesce(c.n - 1, 0) AS retired_count
            FROM w LEFT JOIN (SELECT retired_by_seq, count(*) AS n FROM w WHERE retired_by_seq IS NOT NULL GROUP BY 1) c
              ON c.retired_by_seq = w.seq
            ORDER BY seq""";

    private static final String LOADED = "SELECT * FROM _fence_retirement ORDER BY seq";

    @TempDir
    static Path dir;

    static Stream<Path> traces() throws IOException {
        return GeneratedTraces.withSamples(dir, WriterOptions.DEFAULTS, SyntheticTrace.real(10_000, 3),
                SyntheticTrace.of(8_000, 4));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void sameRowsAsTheWindows(Path trace) throws IOException, SQLException {
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.IN_MEMORY)) {
            assertEquals(Sql.rows(db, WINDOWS), Sql.rows(db, LOADED), trace.toString());
        }
    }

    @Test
    void fenceIdsThatGoBackAndEqualSignalTimes() throws IOException, SQLException {
        TraceBuilder b = new TraceBuilder();
        // ring 0 of context 2: ids 5, 3, 4 in that order; 5 answers first and retires the other two
        long f5 = b.command(10, CtrlType.SUBMIT_3D, TraceBuilder.FENCE_RING, 5, 2, 0, MessageFields.NONE);
        long f3 = b.command(20, CtrlType.SUBMIT_3D, TraceBuilder.FENCE_RING, 3, 2, 0, MessageFields.NONE);
        long f4 = b.command(30, CtrlType.SUBMIT_3D, TraceBuilder.FENCE_RING, 4, 2, 0, MessageFields.NONE);
        b.ok(60, f5);
        b.ok(100, f4);
        b.ok(100, f3);
        // ring 1: ids 7 and 8 answer at the same time: each retires itself
        long f7 = b.command(40, CtrlType.SUBMIT_3D, TraceBuilder.FENCE_RING, 7, 2, 1, MessageFields.NONE);
        long f8 = b.command(41, CtrlType.SUBMIT_3D, TraceBuilder.FENCE_RING, 8, 2, 1, MessageFields.NONE);
        b.ok(200, f8);
        b.ok(200, f7);
        // the global timeline: one fence, never answered
        long g = b.command(50, CtrlType.TRANSFER_TO_HOST_2D, TraceBuilder.FENCE, 6, 0, 0, MessageFields.NONE);
        try (TraceDatabase db = TraceDatabase.open(b.write(dir.resolve("back.arrows")), LoadOptions.IN_MEMORY)) {
            assertEquals(Sql.rows(db, WINDOWS), Sql.rows(db, LOADED));
            assertEquals(List.of(
                            f5 + "|60|" + f5 + "|2|false|false",
                            f3 + "|60|" + f5 + "|0|true|true",
                            f4 + "|60|" + f5 + "|0|true|true",
                            f7 + "|200|" + f7 + "|0|false|true",
                            f8 + "|200|" + f8 + "|0|false|true",
                            g + "|null|null|0|false|null"),
                    Sql.rows(db, "SELECT seq, retired_ts, retired_by_seq, retired_count, retired_early, in_order "
                            + "FROM fences ORDER BY seq"));
        }
    }
}
