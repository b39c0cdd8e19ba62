package vgtrace.ui.data;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link MessagePage} over the trace table {@code messages_raw}, paged with LIMIT/OFFSET in seq order;
 * type names come from {@link CtrlType} rather than a join. The table leaves wire bytes out (they
 * are most of a trace); a selected row's come from the trace file.
 */
public final class DuckMessagePage implements MessagePage {

    /** The wire bytes (or guest bytes) of row {@code seq} as the trace file holds them; null when none. */
    @FunctionalInterface
    public interface PayloadSource {
        byte[] payloadOf(long seq);
    }

    private static final String COLUMNS = "seq, ts_ns, kind, queue, type, ctx_id, ring_idx, flags, fence_id,"
            + " resource_id, pair_seq";

    private final SqlRunner sql;
    private final PayloadSource payloads;

    public DuckMessagePage(SqlRunner sql, PayloadSource payloads) {
        this.sql = sql;
        this.payloads = payloads;
    }

    @Override
    public long count(MessageFilter filter) {
        return sql.count("SELECT count(*) FROM messages_raw" + filter.where(), filter.params());
    }

    @Override
    public List<MessageRow> rows(MessageFilter filter, long offset, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM messages_raw" + filter.where() + " ORDER BY seq LIMIT ? OFFSET ?",
                r -> {
                    List<MessageRow> rows = new ArrayList<>();
                    while (r.next()) rows.add(row(r));
                    return rows;
                }, filter.params(limit, offset));
    }

    @Override
    public OptionalLong indexOf(MessageFilter filter, long seq) {
        String where = filter.where();
        String and = where.isEmpty() ? " WHERE " : where + " AND ";
        long matches = sql.count("SELECT count(*) FROM messages_raw" + and + "seq = ?", filter.params(seq));
        if (matches == 0) return OptionalLong.empty();
        return OptionalLong.of(sql.count("SELECT count(*) FROM messages_raw" + and + "seq < ?", filter.params(seq)));
    }

    @Override
    public Optional<MessageDetail> detail(long seq) {
        return sql.query("SELECT * FROM messages_raw WHERE seq = ?", r -> {
            if (!r.next()) return Optional.<MessageDetail>empty();
            MessageRow row = row(r);
            Map<String, Object> columns = new LinkedHashMap<>();
            ResultSetMetaData meta = r.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String name = meta.getColumnLabel(c);
                Object value = r.getObject(c);
                if (value != null) columns.put(name, value);
            }
            byte[] payload = payloads.payloadOf(seq);
            return Optional.of(new MessageDetail(row, payload == null ? new byte[0] : payload, columns, partner(row),
                    r.getString("text")));
        }, seq);
    }

    @Override
    public List<String> typeNames() {
        return sql.query("SELECT DISTINCT type FROM messages_raw WHERE type IS NOT NULL ORDER BY 1", r -> {
            List<String> names = new ArrayList<>();
            while (r.next()) names.add(CtrlType.nameOf(r.getInt(1)));
            return names;
        });
    }

    /** A response's command is its pair_seq; a command's response is the response that points back at it. */
    private OptionalLong partner(MessageRow row) {
        if (row.kind().equals("RESPONSE")) {
            return row.pairSeq() == null ? OptionalLong.empty() : OptionalLong.of(row.pairSeq());
        }
        if (!row.kind().equals("COMMAND")) return OptionalLong.empty();
        // The analyzer's pairing, kept in seq order: a lookup, where searching pair_seq scans every row.
        return sql.query("SELECT response_seq FROM commands WHERE seq = ? AND response_seq IS NOT NULL",
                r -> r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty(), row.seq());
    }

    private static MessageRow row(ResultSet r) throws SQLException {
        Integer type = integer(r, "type");
        boolean fenced = (r.getInt("flags") & CtrlHeader.FLAG_FENCE) != 0;
        boolean error = type != null && CtrlType.isError(type);
        return new MessageRow(r.getLong("seq"), r.getLong("ts_ns"), r.getString("kind"), integer(r, "queue"),
                type == null ? null : CtrlType.nameOf(type), integer(r, "ctx_id"), integer(r, "ring_idx"),
                fenced ? r.getLong("fence_id") : null, integer(r, "resource_id"),
                r.getObject("pair_seq") == null ? null : r.getLong("pair_seq"), error);
    }

    private static Integer integer(ResultSet r, String column) throws SQLException {
        Object v = r.getObject(column);
        return v == null ? null : ((Number) v).intValue();
    }
}
