package vgtrace.ui.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TimelineSource} over the trace's DuckDB tables. Every frame is a handful of GROUP BY queries
 * over time buckets, so a frame holds at most one row per lane and pixel column whatever the trace's
 * size. Lanes, ticks, errors and spans are the analyzer's timeline module's ({@code timeline},
 * {@code timeline_ticks}, {@code timeline_errors}, {@code timeline_spans}), each row keyed by its
 * lane; zoomed out, ticks and spans come from the {@link BinLevels} built at open.
 */
public final class DuckTimelineSource implements TimelineSource {

    private final SqlRunner sql;
    private final List<Lane> lanes;
    private final Map<Lane, Integer> laneIndex = new HashMap<>();
    private final TimeWindow extent;
    private final BinLevels levels;

    public DuckTimelineSource(SqlRunner sql) {
        this.sql = sql;
        this.extent = sql.query("SELECT min(ts_ns), max(ts_ns) FROM messages_raw",
                r -> r.next() && r.getObject(1) != null ? new TimeWindow(r.getLong(1), r.getLong(2) + 1)
                        : new TimeWindow(0, 1));
        this.levels = new BinLevels(sql, extent);
        this.lanes = sql.query("SELECT queue, ctx_id, ring_idx FROM timeline", r -> {
            List<Lane> l = new ArrayList<>();
            while (r.next()) l.add(laneOf(r));
            return List.copyOf(l);
        });
        for (int i = 0; i < lanes.size(); i++) laneIndex.put(lanes.get(i), i);
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    @Override
    public TimeWindow extent() {
        return extent;
    }

    @Override
    public TimelineFrame frame(TimeWindow window, int columns) {
        if (columns <= 0) return TimelineFrame.empty(window, 0);
        Bucketing b = new Bucketing(window, columns);
        var level = levels.levelFor(window, columns);
        // Errors are bucketed like the ticks (by bin start when zoomed out), so each lands on its tick.
        String errorTs = level.map(l -> l.binStart("ts")).orElse("ts");
        Map<Long, Long> errors = new HashMap<>();
        sql.query("SELECT queue, ctx_id, ring_idx, " + b.column("ts") + " AS col, count(*) FROM (SELECT queue, ctx_id,"
                + " ring_idx, " + errorTs + " AS ts FROM timeline_errors) WHERE ts >= ? AND ts < ? GROUP BY ALL", r -> {
            while (r.next()) {
                Integer lane = laneIndex.get(laneOf(r));
                if (lane != null) errors.put(key(lane, r.getInt(4)), r.getLong(5));
            }
            return null;
        }, window.startNs(), window.endNs());
        List<TickBucket> ticks = new ArrayList<>();
        String from = level.map(BinLevels.Level::ticks).orElse(BinLevels.TICKS);
        // Count per (lane, column, type) first, so the column's most frequent type is exact.
        sql.query("SELECT queue, ctx_id, ring_idx, col, sum(tn), arg_max(type, tn) FROM (SELECT queue, ctx_id, ring_idx, "
                + b.column("ts") + " AS col, type, sum(n) AS tn FROM " + from
                + " WHERE ts >= ? AND ts < ? GROUP BY ALL) GROUP BY ALL", r -> {
            while (r.next()) {
                Integer lane = laneIndex.get(laneOf(r));
                if (lane == null) continue;
                int column = r.getInt(4);
                ticks.add(new TickBucket(lane, column, r.getLong(5), r.getInt(6), errors.getOrDefault(key(lane, column), 0L)));
            }
            return null;
        }, window.startNs(), window.endNs());
        String spanRows = level.map(BinLevels.Level::spans).orElse(BinLevels.SPANS);
        List<SpanBucket> spans = sql.query("SELECT queue, ctx_id, ring_idx, " + b.clampedColumn("submit_ts")
                + " AS sc, max(" + b.clampedColumn("end_ts") + "), sum(n)::BIGINT, max(longest),"
                + " sum(unsignalled)::BIGINT, sum(errors)::BIGINT"
                + " FROM " + spanRows + " WHERE submit_ts < ? AND end_ts >= ? GROUP BY ALL ORDER BY ALL", r -> {
            List<SpanBucket> l = new ArrayList<>();
            while (r.next()) {
                Integer index = laneIndex.get(laneOf(r));
                if (index != null) {
                    l.add(new SpanBucket(index, r.getInt(4), r.getInt(5), r.getLong(6), r.getLong(7), r.getLong(8),
                            r.getLong(9)));
                }
            }
            return l;
        }, window.endNs(), window.startNs());
        return new TimelineFrame(window, columns, ticks, spans);
    }

    /** The window whose commands {@link #frame} counts: {@code window} itself, or bin-aligned when zoomed out. */
    TimeWindow countedWindow(TimeWindow window, int columns) {
        return levels.levelFor(window, columns).map(l -> l.covered(window)).orElse(window);
    }

    @Override
    public Optional<MessageRef> nearestCommand(Lane lane, long ts, long toleranceNs) {
        String where = switch (lane) {
            case Lane.Queue q -> "queue = " + q.queue();
            case Lane.Ring(int ctx, Integer ring) -> "ctx_id = " + ctx
                    + (ring == null ? " AND ring_idx IS NULL" : " AND ring_idx = " + ring);
        };
        return sql.query("SELECT seq, ts_ns FROM messages_raw WHERE kind = 'COMMAND' AND " + where
                        + " AND ts_ns BETWEEN ? AND ? ORDER BY abs(ts_ns - ?), seq LIMIT 1",
                r -> r.next() ? Optional.of(new MessageRef(r.getLong(1), r.getLong(2))) : Optional.<MessageRef>empty(),
                ts - toleranceNs, ts + toleranceNs, ts);
    }

    /** The lane of a row whose first three columns are its lane keys (queue, ctx_id, ring_idx), one side null. */
    private static Lane laneOf(ResultSet r) throws SQLException {
        return r.getObject(1) != null ? new Lane.Queue(r.getInt(1)) : new Lane.Ring(r.getInt(2), (Integer) nullable(r, 3));
    }

    private static long key(int lane, int column) {
        return ((long) lane << 32) | (column & 0xffffffffL);
    }

    private static Object nullable(ResultSet r, int column) throws SQLException {
        Object v = r.getObject(column);
        return v == null ? null : ((Number) v).intValue();
    }
}
