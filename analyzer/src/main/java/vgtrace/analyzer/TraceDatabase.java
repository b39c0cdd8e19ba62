package vgtrace.analyzer;

import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.BatchSpan;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A trace opened in an embedded, offline DuckDB: the rows in table {@code messages_raw}, type names
 * in {@code ctrl_types}, and the views of {@link SqlModules}, as {@link TraceLoader} made them in
 * memory or a current {@link TraceCache} file holds them; served from here (SQL, rows by seq).
 */
public final class TraceDatabase implements AutoCloseable {

    private final Path trace;
    private final DuckDBConnection db;
    private final TraceLoader.Facts facts;
    private final boolean fromCache;

    private TraceDatabase(Path trace, DuckDBConnection db, TraceLoader.Facts facts, boolean fromCache) {
        this.trace = trace;
        this.db = db;
        this.facts = facts;
        this.fromCache = fromCache;
    }

    /**
     * Starts loading DuckDB's native library (70 MB, about 0.15 s) on a daemon thread, so that a
     * command about to open a trace overlaps it with its own start; the first {@link #open} waits
     * for it to finish, as class initialization does.
     */
    public static void warmUp() {
        Thread.ofPlatform().daemon().name("duckdb warm-up").start(DuckDb::loadDriver);
    }

    /** Opens {@code trace} with {@link LoadOptions#DEFAULTS}. */
    public static TraceDatabase open(Path trace) throws IOException {
        return open(trace, LoadOptions.DEFAULTS);
    }

    /**
     * Opens {@code trace}: from its cache file when that is current, else by loading it.
     *
     * @throws TraceFileException when the file is not a readable trace
     * @throws IOException        when DuckDB cannot load it
     */
    public static TraceDatabase open(Path trace, LoadOptions options) throws IOException {
        if (Files.isRegularFile(trace) && Files.size(trace) >= options.cacheFromBytes()) {
            TraceCache.Opened c = TraceCache.open(trace, options);
            if (c != null) return new TraceDatabase(trace, c.connection(), c.facts(), c.reused());
        }
        DuckDBConnection db = DuckDb.connect(null, false);
        try {
            TraceLoader.Facts facts = TraceLoader.load(trace, db, options);
            return new TraceDatabase(trace, db, facts, false);
        } catch (IOException | RuntimeException e) {
            DuckDb.closeQuietly(db, e);
            throw e;
        }
    }

    /**
     * True when opening {@code trace} with {@code options} would load it (a first open, seconds per
     * million rows), false when it would reuse a current cache file or the trace is small enough to
     * load in memory at once.
     */
    public static boolean needsLoad(Path trace, LoadOptions options) throws IOException {
        return Files.isRegularFile(trace) && Files.size(trace) >= options.cacheFromBytes()
                && !TraceCache.isCurrent(trace, options);
    }

    /**
     * Row {@code seq} as the trace file holds it, wire bytes and guest memory included (the tables
     * leave them out): read from the one batch that holds it; empty when no loaded batch does.
     */
    public Optional<TraceEvent> row(long seq) throws IOException {
        BatchSpan span;
        try (PreparedStatement q = db.prepareStatement(
                "SELECT file_offset, first_seq, last_seq FROM _batches WHERE ? BETWEEN first_seq AND last_seq")) {
            q.setLong(1, seq);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) return Optional.empty();
                span = new BatchSpan(r.getLong(1), r.getLong(2), r.getLong(3));
            }
        } catch (SQLException e) {
            throw new IOException(trace + ": cannot look up row " + seq + ": " + DuckDb.oneLine(e), e);
        }
        try (TraceReader reader = TraceReader.open(trace)) {
            reader.seek(span);
            while (reader.hasNext()) {
                TraceEvent e = reader.next();
                if (e.seq() >= seq) return e.seq() == seq ? Optional.of(e) : Optional.empty();
            }
            return Optional.empty();
        }
    }

    /** The trace file. */
    public Path trace() {
        return trace;
    }

    /** Rows loaded. */
    public long rows() {
        return facts.rows();
    }

    /** Bytes after the last complete batch of a torn trace that were not loaded; 0 for a complete file. */
    public long tornBytes() {
        return facts.tornBytes();
    }

    /** True when the tables came from a current cache file instead of a fresh load. */
    public boolean fromCache() {
        return fromCache;
    }

    /** The connection, for running SQL; it stays owned by this database. */
    public Connection connection() {
        return db;
    }

    /** Runs a query that returns one number. */
    public long count(String sql) throws SQLException {
        return DuckDb.count(db, sql);
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
