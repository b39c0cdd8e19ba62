package vgtrace.analyzer;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.BatchSpan;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceStreamReader;
import vgtrace.core.trace.Truncation;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Loads a trace into a DuckDB connection: its rows into {@code messages_raw} through the Arrow C
 * stream interface, each COMMAND row with its response's columns ({@link PairedBatches}), where each
 * batch starts into {@code _batches}, then {@code ctrl_types} and the views of {@link SqlModules}. A torn trace loads its complete batches; the core reader says how
 * many bytes it left. Whoever owns the connection (an in-memory {@link TraceDatabase}, a
 * {@link TraceCache} file) serves the tables.
 */
final class TraceLoader {

    /** What loading found: rows loaded, bytes of a torn tail left unread (0 for a complete file). */
    record Facts(long rows, long tornBytes) {
    }

    private TraceLoader() {
    }

    /** Loads the trace into {@code db} and installs the tables and views. */
    static Facts load(Path trace, DuckDBConnection db, LoadOptions options) throws IOException {
        try {
            options.progress().accept("pairing commands with responses in " + trace);
            long start = System.nanoTime();
            FirstPass pairs = FirstPass.of(trace);
            options.progress().accept(String.format("paired %,d commands in %.2f s; loading", pairs.commands(),
                    (System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            long tornBytes = readBatches(trace, db, options.payload(), pairs);
            return new Facts(install(db, pairs, start, options.progress()), tornBytes);
        } catch (SQLException e) {
            throw new IOException(trace + ": cannot load into DuckDB: " + DuckDb.oneLine(e), e);
        }
    }

    /**
     * With {@code _rows} and {@code _batches} in place: the fence table, {@code ctrl_types} and the
     * SQL modules; returns the rows loaded. {@code loadStart} is when the rows began to load, for the
     * progress line.
     */
    static long install(DuckDBConnection db, FirstPass pairs, long loadStart, Consumer<String> progress) throws SQLException {
        FenceRetirementTable.store(db, pairs.fences());
        long rows = DuckDb.count(db, "SELECT count(*) FROM messages_raw");
        progress.accept(String.format("loaded %,d rows in %.2f s; building tables and views", rows,
                (System.nanoTime() - loadStart) / 1e9));
        CtrlTypesTable.create(db);
        SqlModules.install(db, progress);
        return rows;
    }

    /** The trace's and the added columns with a value in some row, as the first pass found them. */
    static Set<String> columnsWithValues(FirstPass pairs) {
        Set<String> with = new HashSet<>(pairs.columnsWithValues());
        with.addAll(AddedColumns.withValues(pairs));
        return with;
    }

    /** Views {@code messages_raw} and {@code _rows_paired} over table {@code _rows} as {@code layout} stores it. */
    static void createViews(Statement s, RowsLayout layout) throws SQLException {
        s.execute("CREATE VIEW messages_raw AS SELECT " + layout.traceColumns() + " FROM _rows");
        s.execute("CREATE VIEW _rows_paired AS SELECT " + layout.traceColumns() + ", " + layout.addedColumns() + " FROM _rows");
    }

    /**
     * Streams the trace's batches into table {@code _rows} (the columns that hold a value, and the
     * first pass's columns) and makes {@code messages_raw} the view of every trace column over it,
     * {@code _rows_paired} the same with the first pass's columns; returns the bytes of a torn tail
     * (0 if none).
     */
    private static long readBatches(Path trace, DuckDBConnection db, boolean payload, FirstPass pairs)
            throws IOException, SQLException {
        BufferAllocator allocator = TraceMemory.root().newChildAllocator("analyzer " + trace, 0, Long.MAX_VALUE);
        Queue<BatchSpan> spans = new ConcurrentLinkedQueue<>(); // DuckDB pulls batches on its own threads
        try (allocator;
             TraceReader reader = TraceReader.open(trace);
             TraceStreamReader batches = reader.arrowReader(allocator, spans::add, payload);
             PairedBatches paired = new PairedBatches(allocator, batches, pairs);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, paired, stream);
            db.registerArrowStream("trace_stream", stream);
            try (Statement s = db.createStatement()) {
                // Batches may land out of order, so DuckDB's threads convert them in parallel (1.6x
                // faster here); queries order by seq, and later statements keep insertion order again.
                s.execute("SET preserve_insertion_order = false");
                RowsLayout layout = RowsLayout.of(paired.getVectorSchemaRoot().getSchema(), columnsWithValues(pairs), payload);
                s.execute("CREATE TABLE _rows AS SELECT " + layout.stored() + " FROM trace_stream");
                s.execute("RESET preserve_insertion_order");
                createViews(s, layout);
            } catch (SQLException e) {
                // The stream reports a broken batch as a failed scan: surface it as the trace's fault.
                throw new TraceFileException(TraceFileException.Kind.CORRUPT, trace + ": " + DuckDb.oneLine(e), e);
            }
            storeSpans(db, spans);
            return batches.truncation().map(Truncation::tornBytes).orElse(0L);
        }
    }

    /** Table {@code _batches}: where each batch starts in the trace file, for {@link TraceDatabase#row(long)}. */
    static void storeSpans(DuckDBConnection db, Collection<BatchSpan> spans) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE _batches (file_offset BIGINT, first_seq BIGINT, last_seq BIGINT)");
        }
        try (DuckDBAppender a = db.createAppender("_batches")) {
            for (BatchSpan b : spans) a.beginRow().append(b.fileOffset()).append(b.firstSeq()).append(b.lastSeq()).endRow();
        }
    }
}
