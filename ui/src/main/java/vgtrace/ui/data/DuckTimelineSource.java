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
 * size. Spans and errors come from the analyzer's {@code fences} and {@code commands} tables (built
 * at load and kept in its cache file), command ticks from {@code messages_raw}; zoomed out, ticks and
 * spans come from the {@link BinLevels} built at open.
 */
public final class DuckTimelineSource implements TimelineSource {

    /** Response codes 0x1200..0x12ff are errors. */
    static final int ERR_FIRST = 0x1200;
    static final int ERR_END = 0x1300;

    /** Failed commands: the analyzer's {@code commands} table pairs each command with its response. */
    private static final String ERRORS = "(SELECT ts_ns, queue, ctx_id, ring_idx FROM commands WHERE is_error)";

    /** Lane keys: the queue lanes group by queue, the ring lanes by (ctx_id, ring_idx) of ctx_id &lt;&gt; 0. */
    private static final String QUEUE_KEYS = "queue AS q, NULL::INTEGER AS c, NULL::SMALLINT AS r";
    private static final String RING_KEYS = "NULL::TINYINT AS q, ctx_id AS c, ring_idx AS r";

    private final SqlRunner sql;
    private final List<Lane> lanes;
    private final Map<Lane, Integer> laneIndex = new HashMap<>();
    private final TimeWindow extent;
    private final BinLevels levels;
    private final String fences;

    public DuckTimelineSource(SqlRunner sql) {
        this.sql = sql;
        this.extent = sql.query("SELECT min(ts_ns), max(ts_ns) FROM messages_raw",
                r -> r.next() && r.getObject(1) != null ? new TimeWindow(r.getLong(1), r.getLong(2) + 1)
                        : new TimeWindow(0, 1));
        this.fences = BinLevels.FENCES.formatted(extent.endNs() - 1);
        this.levels = new BinLevels(sql, extent, fences);
        this.lanes = readLanes(sql, levels.finestTicks());
        for (int i = 0; i < lanes.size(); i++) laneIndex.put(lanes.get(i), i);
    }

    /** The lanes, read from the finest tick bins (every command's keys are there, in far fewer rows). */
    private static List<Lane> readLanes(SqlRunner sql, String ticks) {
        List<Lane> lanes = new ArrayList<>(sql.query(
                "SELECT DISTINCT queue FROM " + ticks + " WHERE queue IS NOT NULL ORDER BY 1",
                r -> {
                    List<Lane> l = new ArrayList<>();
                    while (r.next()) l.add(new Lane.Queue(r.getInt(1)));
                    return l;
                }));
        lanes.addAll(sql.query("SELECT DISTINCT ctx_id, ring_idx FROM " + ticks
                + " WHERE ctx_id <> 0 ORDER BY ctx_id, ring_idx NULLS FIRST", r -> {
            List<Lane> l = new ArrayList<>();
            while (r.next()) l.add(new Lane.Ring(r.getInt(1), (Integer) nullable(r, 2)));
            return l;
        }));
        return List.copyOf(lanes);
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
        String errorTs = level.map(l -> l.binStart("ts_ns")).orElse("ts_ns");
        Map<Long, Long> errors = new HashMap<>();
        for (String keys : List.of(QUEUE_KEYS, RING_KEYS)) {
            sql.query("SELECT " + keys + ", " + b.column("ts") + " AS col, count(*) FROM (SELECT *, " + errorTs
                    + " AS ts FROM " + ERRORS + ") WHERE ts >= ? AND ts < ?" + ringFilter(keys) + " GROUP BY ALL", r -> {
                while (r.next()) {
                    Integer lane = laneOf(r);
                    if (lane != null) errors.put(key(lane, r.getInt(4)), r.getLong(5));
                }
                return null;
            }, window.startNs(), window.endNs());
        }
        List<TickBucket> ticks = new ArrayList<>();
        String from = level.map(BinLevels.Level::ticks).orElse(BinLevels.COMMANDS);
        for (String keys : List.of(QUEUE_KEYS, RING_KEYS)) {
            // Count per (lane, column, type) first, so the column's most frequent type is exact.
            sql.query("SELECT q, c, r, col, sum(tn), arg_max(type, tn) FROM (SELECT " + keys + ", "
                    + b.column("ts") + " AS col, type, sum(n) AS tn FROM " + from
                    + " WHERE ts >= ? AND ts < ?" + ringFilter(keys) + " GROUP BY ALL) GROUP BY ALL", r -> {
                while (r.next()) {
                    Integer lane = laneOf(r);
                    if (lane == null) continue;
                    int column = r.getInt(4);
                    ticks.add(new TickBucket(lane, column, r.getLong(5), r.getInt(6),
                            errors.getOrDefault(key(lane, column), 0L)));
                }
                return null;
            }, window.startNs(), window.endNs());
        }
        String spanRows = level.map(BinLevels.Level::spans).orElse(fences);
        List<SpanBucket> spans = sql.query("SELECT queue, ctx_id, ring_idx, " + b.clampedColumn("submit_ts")
                + " AS sc, max(" + b.clampedColumn("end_ts") + "), sum(n)::BIGINT, max(longest),"
                + " sum(unsignalled)::BIGINT, sum(errors)::BIGINT"
                + " FROM " + spanRows + " WHERE submit_ts < ? AND end_ts >= ? GROUP BY ALL ORDER BY ALL", r -> {
            List<SpanBucket> l = new ArrayList<>();
            while (r.next()) {
                int ctx = r.getInt(2);
                Lane lane = ctx == 0 ? new Lane.Queue(r.getInt(1)) : new Lane.Ring(ctx, (Integer) nullable(r, 3));
                Integer index = laneIndex.get(lane);
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

    /** The ring lanes' rows exclude context 0, whose commands only show on their queue lane. */
    private static String ringFilter(String keys) {
        return keys.equals(RING_KEYS) ? " AND ctx_id <> 0" : "";
    }

    /** The lane index of a row whose first three columns are (queue, ctx_id, ring_idx), one side null. */
    private Integer laneOf(ResultSet r) throws SQLException {
        Lane lane = r.getObject(1) != null ? new Lane.Queue(r.getInt(1))
                : new Lane.Ring(r.getInt(2), (Integer) nullable(r, 3));
        return laneIndex.get(lane);
    }

    private static long key(int lane, int column) {
        return ((long) lane << 32) | (column & 0xffffffffL);
    }

    private static Object nullable(ResultSet r, int column) throws SQLException {
        Object v = r.getObject(column);
        return v == null ? null : ((Number) v).intValue();
    }
}
