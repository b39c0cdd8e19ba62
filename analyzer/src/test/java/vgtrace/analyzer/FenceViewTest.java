package vgtrace.analyzer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fences and rings views on {@link KnownTrace}: latency, retirement, order, unsignalled fences. */
class FenceViewTest extends KnownTraceDatabase {

    private static List<String> rows(String sql) throws SQLException {
        return Sql.rows(db, sql);
    }

    @Test
    void latencyIsSubmitToOwnSignal() throws SQLException {
        assertEquals(List.of("10|1000|1500|500", "11|1050|1300|250", "12|1100|2500|1400", "13|1200|2000|800",
                        "14|1400|1900|500", "20|3000|null|null"),
                rows("SELECT fence_id, submit_ts, signal_ts, latency_ns FROM fences ORDER BY fence_id"));
    }

    @Test
    void laterFenceRetiresEarlierOutstandingOnItsTimelineOnly() throws SQLException {
        assertEquals(List.of("10|1500|false|0", "11|1300|false|0", "12|2000|true|0", "13|2000|false|1",
                        "14|1900|false|0", "20|null|false|0"),
                rows("SELECT fence_id, retired_ts, retired_early, retired_count FROM fences ORDER BY fence_id"));
        assertEquals(List.of("13"), rows("""
                SELECT r.fence_id FROM fences f JOIN fences r ON r.seq = f.retired_by_seq WHERE f.fence_id = 12"""));
    }

    @Test
    void overtakingFenceIsOutOfOrder() throws SQLException {
        assertEquals(List.of("10|true", "11|true", "12|true", "13|false", "14|true", "20|null"),
                rows("SELECT fence_id, in_order FROM fences ORDER BY fence_id"));
    }

    @Test
    void fenceWithoutRingIsOnTheDeviceWideTimeline() throws SQLException {
        assertEquals(List.of("2|global|null|null"),
                rows("SELECT ctx_id, timeline, timeline_ctx, ring_idx FROM fences WHERE fence_id = 14"));
    }

    @Test
    void ringsSummarizeEachTimeline() throws SQLException {
        assertEquals(List.of("global|null|null|1|1|0|0|0|0|500|500|null", "ctx 1 ring 0|1|0|4|3|1|1|1|1|1400|800|1800",
                        "ctx 1 ring 1|1|1|1|1|0|0|0|0|250|250|null"),
                rows("""
                        SELECT timeline, ctx_id, ring_idx, fences, signalled, unsignalled, never_retired, retired_early,
                               out_of_order, max_latency_ns, p50_latency_ns::BIGINT, max_submit_gap_ns
                        FROM rings"""));
    }
}
