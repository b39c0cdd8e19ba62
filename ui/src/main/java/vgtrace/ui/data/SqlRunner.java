package vgtrace.ui.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The one door to the trace's DuckDB connection. A JDBC connection is not for concurrent use, and the
 * UI queries from the FX thread (table pages) and from a background thread (timeline frames), so
 * every statement runs under one lock. SQL failures become {@link DataAccessException}s.
 */
public final class SqlRunner {

    /** Reads a whole result set into a value. */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private final Connection connection;

    public SqlRunner(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code sql} with positional {@code params} and reads its result. */
    public synchronized <T> T query(String sql, ResultReader<T> reader, Object... params) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            try (ResultSet rows = s.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new DataAccessException(oneLine(e), e);
        }
    }

    /** Runs a statement that returns no rows (DDL). */
    public synchronized void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DataAccessException(oneLine(e), e);
        }
    }

    /** A query returning one number (0 when it returns null). */
    public long count(String sql, Object... params) {
        return query(sql, r -> r.next() ? r.getLong(1) : 0L, params);
    }

    /**
     * Runs any statement as typed by a user and keeps at most {@code maxRows} rows of its result.
     * Binary values become a hex summary; other non-numbers their text.
     */
    public synchronized QueryResult run(String statement, int maxRows) {
        long start = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            if (!s.execute(statement)) return QueryResult.none(System.nanoTime() - start);
            try (ResultSet r = s.getResultSet()) {
                ResultSetMetaData meta = r.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) columns.add(meta.getColumnLabel(c));
                List<List<Object>> rows = new ArrayList<>();
                boolean more = false;
                while (r.next()) {
                    if (rows.size() == maxRows) {
                        more = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) row.add(displayValue(r.getObject(c)));
                    rows.add(row);
                }
                return new QueryResult(columns, rows, more, System.nanoTime() - start);
            }
        } catch (SQLException e) {
            throw new DataAccessException(oneLine(e), e);
        }
    }

    private static Object displayValue(Object v) {
        return switch (v) {
            case null -> null;
            case Number n -> n;
            case Boolean b -> b;
            case byte[] bytes -> bytes.length + " bytes " + HexFormat.of().formatHex(bytes, 0, Math.min(16, bytes.length));
            default -> v.toString();
        };
    }

    /** DuckDB repeats context over several lines: the first is the message. */
    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
