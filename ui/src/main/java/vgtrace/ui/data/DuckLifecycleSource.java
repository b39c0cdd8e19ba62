package vgtrace.ui.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link LifecycleSource} over the analyzer's {@code resources} and {@code blobs} views. The views
 * attribute every command to its resource generation with an ASOF join over the whole trace, so
 * their rows are materialized once, on first use, into a table ordered for paging.
 */
public final class DuckLifecycleSource implements LifecycleSource {

    private static final String TABLE = """
            CREATE OR REPLACE TEMP TABLE ui_lifetimes AS
            SELECT row_number() OVER (ORDER BY r.create_ts, r.create_seq) - 1 AS row_index,
                   r.create_seq, r.resource_id, r.kind, r.ctx_id, b.mem_type, b.blob_flags, b.size,
                   r.width, r.height, r.create_ts, r.backing_attach_ts AS attach_ts, b.map_ts, b.unmap_ts,
                   r.unref_ts, r.create_ts + r.lifetime_ns AS end_ts, r.alive_at_end AS leaked,
                   coalesce(b.left_mapped OR b.mapped_ns >= quantile_cont(b.mapped_ns, 0.95) OVER (), false)
                       AS long_mapped
            FROM resources r LEFT JOIN blobs b USING (create_seq)
            ORDER BY row_index""";

    private final SqlRunner sql;
    private boolean built;

    public DuckLifecycleSource(SqlRunner sql) {
        this.sql = sql;
    }

    private synchronized SqlRunner table() {
        if (!built) {
            sql.execute(TABLE);
            built = true;
        }
        return sql;
    }

    @Override
    public long count() {
        return table().count("SELECT count(*) FROM ui_lifetimes");
    }

    @Override
    public Optional<TimeWindow> span() {
        return table().query("SELECT min(create_ts), max(end_ts) FROM ui_lifetimes",
                r -> r.next() && r.getObject(1) != null ? Optional.of(new TimeWindow(r.getLong(1), r.getLong(2) + 1))
                        : Optional.<TimeWindow>empty());
    }

    @Override
    public List<Lifetime> rows(long offset, int limit) {
        return table().query("SELECT * EXCLUDE (row_index) FROM ui_lifetimes WHERE row_index >= ? AND row_index < ?"
                + " ORDER BY row_index", r -> {
            List<Lifetime> rows = new ArrayList<>();
            while (r.next()) rows.add(lifetime(r));
            return rows;
        }, offset, offset + limit);
    }

    @Override
    public OptionalLong rowOf(long seq) {
        return table().query("""
                SELECT l.row_index FROM messages_raw m
                JOIN ui_lifetimes l ON l.resource_id = m.resource_id AND l.create_seq <= m.seq
                WHERE m.seq = ? ORDER BY l.create_seq DESC LIMIT 1""",
                r -> r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty(), seq);
    }

    private static Lifetime lifetime(ResultSet r) throws SQLException {
        return new Lifetime(r.getLong("create_seq"), r.getInt("resource_id"), r.getString("kind"),
                r.getInt("ctx_id"), r.getString("mem_type"), r.getInt("blob_flags"), r.getLong("size"),
                r.getInt("width"), r.getInt("height"), r.getLong("create_ts"), time(r, "attach_ts"),
                time(r, "map_ts"), time(r, "unmap_ts"), time(r, "unref_ts"), r.getLong("end_ts"),
                r.getBoolean("leaked"), r.getBoolean("long_mapped"));
    }

    private static long time(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Lifetime.NONE : v;
    }
}
