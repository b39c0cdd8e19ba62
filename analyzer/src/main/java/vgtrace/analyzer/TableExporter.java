package vgtrace.analyzer;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Writes a table or view of a {@link TraceDatabase} to Parquet or CSV with DuckDB's COPY. */
public final class TableExporter {

    /** File formats COPY writes. */
    public enum Format { PARQUET, CSV }

    private TableExporter() {
    }

    /** What may be exported: the raw rows, the type table and every view. */
    public static List<String> exportable() {
        List<String> names = new ArrayList<>(List.of("messages_raw", "ctrl_types"));
        names.addAll(SqlModules.MODULES);
        return names;
    }

    /**
     * Writes {@code table} to {@code file}; returns the rows written.
     *
     * @throws IllegalArgumentException when {@code table} is not one of {@link #exportable()}
     */
    public static long export(TraceDatabase db, String table, Format format, Path file) throws SQLException {
        if (!exportable().contains(table)) {
            throw new IllegalArgumentException("unknown table or view '" + table + "'; one of " + exportable());
        }
        String options = format == Format.PARQUET ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
        try (Statement s = db.connection().createStatement()) {
            return s.executeUpdate("COPY (SELECT * FROM " + table + ") TO '" + file.toString().replace("'", "''")
                    + "' (" + options + ")");
        }
    }
}
