package vgtrace.analyzer;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.BatchSpan;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A trace opened in an embedded, offline DuckDB: the rows in table {@code messages_raw}, type names
 * in {@code ctrl_types}, and the views of {@link SqlModules}. The trace is read once through the
 * Arrow C stream interface and materialized, in memory or into a {@link TraceCache} file; a torn
 * trace loads its complete batches.
 */
public final class TraceDatabase implements AutoCloseable {

    /** DuckDB's memory cap: keeps the process within the 4 GB goal; a cache build spills to disk. */
    static final String MEMORY_LIMIT = "2GB";
    /** Arrow's end-of-stream marker: continuation token, then a zero length. */
    private static final byte[] END_OF_STREAM = {-1, -1, -1, -1, 0, 0, 0, 0};

    private final Path trace;
    private final DuckDBConnection db;
    private final LoadFacts facts;
    private final boolean fromCache;

    /** What loading found: rows loaded, bytes of a torn tail left unread (0 for a complete file). */
    record LoadFacts(long rows, long tornBytes) {
    }

    private TraceDatabase(Path trace, DuckDBConnection db, LoadFacts facts, boolean fromCache) {
        this.trace = trace;
        this.db = db;
        this.facts = facts;
        this.fromCache = fromCache;
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
        DuckDBConnection db = connect(null, false);
        try {
            LoadFacts facts = build(trace, db, options);
            return new TraceDatabase(trace, db, facts, false);
        } catch (IOException | RuntimeException e) {
            closeQuietly(db, e);
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

    /** Loads the trace into {@code db} and installs the tables and views. */
    static LoadFacts build(Path trace, DuckDBConnection db, LoadOptions options) throws IOException {
        try {
            options.progress().accept("loading " + trace);
            long tornBytes = load(trace, db, options.payload());
            long rows = count(db, "SELECT count(*) FROM messages_raw");
            options.progress().accept(String.format("loaded %,d rows; building tables and views", rows));
            CtrlTypesTable.create(db);
            SqlModules.install(db, options.progress());
            return new LoadFacts(rows, tornBytes);
        } catch (SQLException e) {
            throw new IOException(trace + ": cannot load into DuckDB: " + oneLine(e), e);
        }
    }

    /**
     * A DuckDB connection that never downloads or loads extensions on its own: in memory when
     * {@code file} is null.
     */
    static DuckDBConnection connect(Path file, boolean readOnly) throws IOException {
        try {
            Properties p = new Properties();
            if (readOnly) p.setProperty("duckdb.read_only", "true");
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file), p);
            try (Statement s = c.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
                s.execute("SET temp_directory = '" + spillDirectory().toString().replace("'", "''") + "'");
            }
            return c.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new IOException("cannot open DuckDB" + (file == null ? "" : " file " + file) + ": " + oneLine(e), e);
        }
    }

    /**
     * Where DuckDB spills when it reaches its memory limit: a private directory in the system temp
     * directory (DuckDB's default is {@code .tmp} in the working directory, a repository checkout).
     */
    private static Path spillDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vgtrace-duckdb-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first.
            }
        }
        return dir;
    }

    /** Streams the trace's batches into {@code messages_raw}; returns the bytes of a torn tail (0 if none). */
    private static long load(Path trace, DuckDBConnection db, boolean payload) throws IOException, SQLException {
        BufferAllocator allocator = TraceMemory.root().newChildAllocator("analyzer " + trace, 0, Long.MAX_VALUE);
        Queue<BatchSpan> spans = new ConcurrentLinkedQueue<>(); // DuckDB pulls batches on its own threads
        try (allocator;
             TraceReader reader = TraceReader.open(trace);
             ArrowReader batches = reader.arrowReader(allocator, spans::add, payload);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, batches, stream);
            db.registerArrowStream("trace_stream", stream);
            try (Statement s = db.createStatement()) {
                // Batches may land out of order, so DuckDB's threads convert them in parallel (1.6x
                // faster here); queries order by seq, and later statements keep insertion order again.
                s.execute("SET preserve_insertion_order = false");
                s.execute("CREATE TABLE messages_raw AS SELECT * " + (payload ? "" : "EXCLUDE (payload) ")
                        + "FROM trace_stream");
                s.execute("RESET preserve_insertion_order");
            } catch (SQLException e) {
                // The stream reports a broken batch as a failed scan: surface it as the trace's fault.
                throw new TraceFileException(TraceFileException.Kind.CORRUPT, trace + ": " + oneLine(e), e);
            }
            storeSpans(db, spans);
            return unreadTail(trace, batches.bytesRead());
        }
    }

    /** Table {@code _batches}: where each batch starts in the trace file, for {@link #row(long)}. */
    private static void storeSpans(DuckDBConnection db, Queue<BatchSpan> spans) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE _batches (file_offset BIGINT, first_seq BIGINT, last_seq BIGINT)");
        }
        try (DuckDBAppender a = db.createAppender("_batches")) {
            for (BatchSpan b : spans) a.beginRow().append(b.fileOffset()).append(b.firstSeq()).append(b.lastSeq()).endRow();
        }
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
            throw new IOException(trace + ": cannot look up row " + seq + ": " + oneLine(e), e);
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
        return count(db, sql);
    }

    static long count(Connection db, String sql) throws SQLException {
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

    static void closeQuietly(Connection db, Exception failure) {
        try {
            db.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
