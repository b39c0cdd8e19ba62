package vgtrace.analyzer;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A trace opened in an embedded, offline DuckDB: the rows in table {@code messages_raw}, type names
 * in {@code ctrl_types}, and the views of {@link SqlModules}. The trace is read once through the
 * Arrow C stream interface and materialized; a torn trace loads its complete batches.
 */
public final class TraceDatabase implements AutoCloseable {

    /** Arrow's end-of-stream marker: continuation token, then a zero length. */
    private static final byte[] END_OF_STREAM = {-1, -1, -1, -1, 0, 0, 0, 0};

    private final Path trace;
    private final DuckDBConnection db;
    private final long rows;
    private final long tornBytes;

    private TraceDatabase(Path trace, DuckDBConnection db, long rows, long tornBytes) {
        this.trace = trace;
        this.db = db;
        this.rows = rows;
        this.tornBytes = tornBytes;
    }

    /** Opens {@code trace} quietly. */
    public static TraceDatabase open(Path trace) throws IOException {
        return open(trace, message -> { });
    }

    /**
     * Opens {@code trace}, reporting the steps of a long load to {@code progress}.
     *
     * @throws TraceFileException when the file is not a readable trace
     * @throws IOException        when DuckDB cannot load it
     */
    public static TraceDatabase open(Path trace, Consumer<String> progress) throws IOException {
        DuckDBConnection db = connect();
        try {
            progress.accept("loading " + trace);
            long tornBytes = load(trace, db);
            CtrlTypesTable.create(db);
            SqlModules.install(db);
            long rows = count(db, "SELECT count(*) FROM messages_raw");
            progress.accept(String.format("loaded %,d rows", rows));
            return new TraceDatabase(trace, db, rows, tornBytes);
        } catch (SQLException e) {
            closeQuietly(db, e);
            throw new IOException(trace + ": cannot load into DuckDB: " + oneLine(e), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(db, e);
            throw e;
        }
    }

    /** An in-memory DuckDB that never downloads or loads extensions on its own. */
    static DuckDBConnection connect() throws IOException {
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = c.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
            }
            return c.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new IOException("cannot start DuckDB: " + oneLine(e), e);
        }
    }

    /** Streams the trace's batches into {@code messages_raw}; returns the bytes of a torn tail (0 if none). */
    private static long load(Path trace, DuckDBConnection db) throws IOException, SQLException {
        BufferAllocator allocator = TraceMemory.root().newChildAllocator("analyzer " + trace, 0, Long.MAX_VALUE);
        try (allocator;
             TraceReader reader = TraceReader.open(trace);
             ArrowReader batches = reader.arrowReader(allocator);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, batches, stream);
            db.registerArrowStream("trace_stream", stream);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE messages_raw AS SELECT * FROM trace_stream");
            } catch (SQLException e) {
                // The stream reports a broken batch as a failed scan: surface it as the trace's fault.
                throw new TraceFileException(TraceFileException.Kind.CORRUPT, trace + ": " + oneLine(e), e);
            }
            return unreadTail(trace, batches.bytesRead());
        }
    }

    /** Bytes after the last batch read, not counting the end-of-stream marker of a complete file. */
    private static long unreadTail(Path trace, long bytesRead) throws IOException {
        long tail = Math.max(0, Files.size(trace) - bytesRead);
        if (tail != END_OF_STREAM.length) return tail;
        try (FileChannel ch = FileChannel.open(trace)) {
            ByteBuffer last = ByteBuffer.allocate(END_OF_STREAM.length);
            ch.read(last, bytesRead);
            return Arrays.equals(last.array(), END_OF_STREAM) ? 0 : tail;
        }
    }

    /** The trace file. */
    public Path trace() {
        return trace;
    }

    /** Rows loaded. */
    public long rows() {
        return rows;
    }

    /** Bytes after the last complete batch of a torn trace that were not loaded; 0 for a complete file. */
    public long tornBytes() {
        return tornBytes;
    }

    /** The connection, for running SQL; it stays owned by this database. */
    public Connection connection() {
        return db;
    }

    /** Runs a query that returns one number. */
    public long count(String sql) throws SQLException {
        return count(db, sql);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    /** The first line of a DuckDB error, which repeats context over several lines. */
    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    private static void closeQuietly(Connection db, Exception failure) {
        try {
            db.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
