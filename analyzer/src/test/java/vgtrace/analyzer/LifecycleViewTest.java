package vgtrace.analyzer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Blobs, resources, contexts, errors, frames and type_stats on {@link KnownTrace}. */
class LifecycleViewTest extends KnownTraceDatabase {

    private static List<String> rows(String sql) throws SQLException {
        return Sql.rows(db, sql);
    }

    @Test
    void blobLifecycleWithMapAndLeak() throws SQLException {
        assertEquals(List.of("50|HOST3D|8192|4100|CACHED|4500|4600|600|400|false",
                        "51|GUEST|4096|null|null|null|null|3300|null|true"),
                rows("""
                        SELECT resource_id, mem_type, size, map_ts, map_cache, unmap_ts, unref_ts, lifetime_ns,
                               mapped_ns, alive_at_end
                        FROM blobs ORDER BY create_seq"""));
    }

    @Test
    void reusedResourceIdStartsANewGeneration() throws SQLException {
        assertEquals(List.of("50|BLOB|0|0|4600|false", "51|BLOB|0|0|null|true", "50|2D|2|8192|null|true"),
                rows("""
                        SELECT resource_id, kind, transfers, bytes_transferred, unref_ts, alive_at_end
                        FROM resources ORDER BY create_seq"""));
        assertEquals(List.of("5200"), rows("SELECT backing_attach_ts FROM resources WHERE kind = '2D'"));
    }

    @Test
    void contextsWithCapsetAndDestroy() throws SQLException {
        assertEquals(List.of("1|VENUS|null|5|5|true", "2|VIRGL2|7000|1|1|false"),
                rows("SELECT ctx_id, capset, destroy_ts, submits, fenced, alive_at_end FROM contexts ORDER BY ctx_id"));
    }

    @Test
    void errorComesWithItsCommand() throws SQLException {
        assertEquals(List.of("RESP_ERR_INVALID_RESOURCE_ID|RESOURCE_FLUSH|999|10"),
                rows("SELECT error, command, resource_id, latency_ns FROM errors"));
    }

    @Test
    void failedFlushIsNoFrame() throws SQLException {
        assertEquals(List.of("0"), rows("SELECT count(*) FROM frames"));
    }

    @Test
    void typeStatsCountCommandsAndLatency() throws SQLException {
        assertEquals(List.of("SUBMIT_3D|6|6|5|0|500|1400", "MOVE_CURSOR|1|0|0|0|null|null"),
                rows("""
                        SELECT type_name, commands, fenced, responses, errors, p50_latency_ns, max_latency_ns
                        FROM type_stats WHERE type_name IN ('SUBMIT_3D', 'MOVE_CURSOR') ORDER BY commands DESC"""));
    }

    @Test
    void everyCommandTypeNameComesFromTheEnum() throws SQLException {
        assertEquals(List.of("39"), rows("SELECT count(*) FROM ctrl_types"));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM messages WHERE type IS NOT NULL AND type_kind IS NULL"));
    }
}
