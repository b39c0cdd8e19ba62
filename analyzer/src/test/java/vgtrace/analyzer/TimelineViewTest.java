package vgtrace.analyzer;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The timeline module's lanes, ticks, errors and spans on {@link KnownTrace}. */
class TimelineViewTest extends KnownTraceDatabase {

    private static List<String> rows(String sql) throws SQLException {
        return Sql.rows(db, sql);
    }

    @Test
    void lanesAreTheQueuesThenTheRingsOfContextsOtherThanZero() throws SQLException {
        assertEquals(List.of("0|null|null", "null|1|null", "null|1|0", "null|1|1", "null|2|null"),
                rows("SELECT queue, ctx_id, ring_idx FROM timeline"));
    }

    @Test
    void aCommandTicksOnItsQueueAndOnItsRingUnlessItsContextIsZero() throws SQLException {
        assertEquals(List.of(String.valueOf(db.count("SELECT count(*) FROM commands")
                        + db.count("SELECT count(*) FROM commands WHERE ctx_id <> 0"))),
                rows("SELECT count(*) FROM timeline_ticks"));
        assertEquals(List.of("0|null|null|5000"), rows("SELECT queue, ctx_id, ring_idx, ts FROM timeline_errors"));
    }

    @Test
    void aFenceNeverSignalledSpansToTheEndOfTheTrace() throws SQLException {
        assertEquals(List.of("6|1"), rows("SELECT count(*), sum(unsignalled) FROM timeline_spans"));
        assertEquals(List.of("null|1|0|3000|8000|5000"), rows("""
                SELECT queue, ctx_id, ring_idx, submit_ts, end_ts, longest FROM timeline_spans WHERE unsignalled = 1"""));
        assertEquals(List.of("null|2|null|1400|1900|500"), rows("""
                SELECT queue, ctx_id, ring_idx, submit_ts, end_ts, longest FROM timeline_spans WHERE ctx_id = 2"""));
    }
}
