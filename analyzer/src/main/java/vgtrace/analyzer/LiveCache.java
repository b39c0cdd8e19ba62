package vgtrace.analyzer;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.BatchListener;
import vgtrace.core.trace.BatchSpan;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceSchema;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a trace's cache file ({@link TraceCache}) while the trace is written, so that the trace is
 * queryable when its writer finishes instead of after a first open that reads it all again. The
 * writer hands over each batch it wrote ({@link BatchListener}); the first pass takes it in at once,
 * and DuckDB stores it on a thread of its own once {@link #HOLD_ROWS} rows have followed it, by which
 * time nearly all of its commands' responses have come; the table holds the columns the batches use
 * so far. {@link #commit} corrects the few rows whose response or guest memory came later, leaves the
 * table with the columns a first open would store, builds the other tables and the views, and names
 * the file as {@link TraceCache#open} would, for the trace as it then is.
 *
 * <p>The trace matters more than its cache: a failing store never fails the writer. It stops taking
 * batches, and {@link #commit} says why and leaves no cache, so the first open builds one.
 */
public final class LiveCache implements BatchListener, AutoCloseable {

    /** Rows that follow a batch before it is stored (one full batch of a bulk writer). */
    static final int HOLD_ROWS = 1 << 16;
    /** Batches held at most: a quiet capture writes a small batch a second. */
    static final int HOLD_BATCHES = 64;

    /** A batch taken in but not yet stored, and its commands' numbers. */
    private record Held(VectorSchemaRoot rows, int firstCommand, int endCommand) {
    }

    private final Path file;
    private final Path tmp;
    private final LoadOptions options;
    /** Whether the writer may wait for DuckDB (else a store that falls behind is given up). */
    private final boolean mayWait;
    private final int holdRows;
    private final int holdBatches;
    private final BufferAllocator allocator;
    private final DuckDBConnection db;
    private final FirstPass pass = new FirstPass();
    private final List<BatchSpan> spans = new ArrayList<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final long start = System.nanoTime();
    private long heldRows;
    private QueuedBatches queue;
    private ArrowArrayStream stream;
    private Thread storing;
    /** Every column a batch may hold: the trace's and the added ones. */
    private Schema schema;
    /** The columns table {@code _rows} has so far, in {@link #schema}'s order. */
    private List<String> stored = List.of();
    private int statements;
    private volatile Exception failure;
    private boolean done;
    private boolean released;

    private LiveCache(Path file, Path tmp, DuckDBConnection db, LoadOptions options, boolean mayWait, int holdRows, int holdBatches) {
        this.file = file;
        this.mayWait = mayWait;
        this.tmp = tmp;
        this.db = db;
        this.options = options;
        this.holdRows = holdRows;
        this.holdBatches = holdBatches;
        this.allocator = TraceMemory.root().newChildAllocator("query store " + file, 0, Long.MAX_VALUE);
    }

    /**
     * Starts the cache of the trace that will be at {@code trace} once written (its writer may write
     * elsewhere first and move it there), as {@link TraceDatabase#open(Path, LoadOptions)} with
     * {@code options} would reuse it (their payload choice is ignored: the cache leaves it out, as the
     * default does).
     *
     * @param mayWait whether the writer may wait while DuckDB catches up (a bulk writer); a capture's
     *                must not, so when DuckDB falls {@link QueuedBatches#QUEUED} batches behind, the
     *                cache is given up instead
     * @throws IOException when no cache can be written beside {@code trace}
     */
    public static LiveCache start(Path trace, LoadOptions options, boolean mayWait) throws IOException {
        return start(trace, options, mayWait, HOLD_ROWS, HOLD_BATCHES);
    }

    /** As {@link #start(Path, LoadOptions, boolean)}, storing a batch once {@code holdRows} rows or {@code holdBatches} batches follow it. */
    static LiveCache start(Path trace, LoadOptions options, boolean mayWait, int holdRows, int holdBatches) throws IOException {
        Path file = TraceCache.fileFor(trace.toAbsolutePath());
        Path tmp = TraceCache.buildingFile(file);
        TraceCache.deleteWithWal(tmp);
        return new LiveCache(file, tmp, DuckDb.connect(tmp, false), options, mayWait, holdRows, holdBatches);
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void written(VectorSchemaRoot rows, BatchSpan span) {
        if (failure != null || done) {
            rows.close();
            return;
        }
        try {
            take(rows, span);
        } catch (IOException | RuntimeException e) {
            failure = e; // the trace goes on without its cache
            if (queue != null) queue.abandon();
        }
    }

    private void take(VectorSchemaRoot rows, BatchSpan span) throws IOException {
        int firstCommand = pass.commands();
        try {
            pass.accept(rows);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
        spans.add(span);
        held.add(new Held(rows, firstCommand, pass.commands()));
        heldRows += rows.getRowCount();
        while (!held.isEmpty() && (heldRows - held.getFirst().rows().getRowCount() >= holdRows || held.size() > holdBatches)) {
            store(pass.settle(held.getFirst().endCommand()));
        }
    }

    /** Hands the oldest held batch, with its added columns as {@code facts} give them, to DuckDB. */
    private void store(FirstPass.CommandFacts facts) throws IOException {
        Held batch = held.removeFirst();
        VectorSchemaRoot rows = batch.rows();
        int n = rows.getRowCount();
        heldRows -= n;
        AddedColumns added = new AddedColumns(allocator);
        added.fill(rows.getVector(TraceColumn.KIND.columnName()), n, pass, facts, batch.firstCommand());
        // The writer hands over only the trace columns with a value; of the added ones, some may be empty.
        Map<String, FieldVector> vectors = new LinkedHashMap<>();
        for (FieldVector v : rows.getFieldVectors()) vectors.put(v.getName(), v);
        Set<String> withValues = new HashSet<>(vectors.keySet());
        for (FieldVector v : added.vectors()) {
            vectors.put(v.getName(), v);
            if (v.getNullCount() < n) withValues.add(v.getName());
        }
        if (schema == null) {
            List<Field> fields = new ArrayList<>(TraceSchema.SCHEMA.getFields());
            added.vectors().forEach(v -> fields.add(v.getField()));
            schema = new Schema(fields);
        }
        List<String> needed = RowsLayout.of(schema, withValues, false).storedColumns();
        if (!new HashSet<>(stored).containsAll(needed)) widen(needed);
        List<FieldVector> columns = new ArrayList<>();
        for (String name : stored) {
            FieldVector v = vectors.remove(name);
            columns.add(v != null ? v : nulls(schema.findField(name), n)); // a column this batch leaves out
        }
        vectors.values().forEach(FieldVector::close); // empty in this batch, or the payload
        VectorSchemaRoot batchRows = new VectorSchemaRoot(columns);
        batchRows.setRowCount(n);
        if (failure != null) {
            batchRows.close();
            return;
        }
        if (mayWait) {
            queue.put(batchRows);
        } else if (!queue.offer(batchRows)) {
            batchRows.close();
            throw new IOException("DuckDB fell behind the capture");
        }
    }

    /** A column of {@code rows} nulls. */
    private FieldVector nulls(Field field, int rows) {
        FieldVector v = field.createVector(allocator);
        v.setInitialCapacity(rows);
        v.allocateNew();
        v.setValueCount(rows);
        return v;
    }

    /**
     * Stores the {@code needed} columns from here on besides those stored so far: the first batch
     * starts table {@code _rows} with the columns it uses, and a batch that uses another ends the scan,
     * adds the column (null in the rows before) and starts another. DuckDB's load costs about as much
     * for a column that is null in every row as for a full one, and header-only imports leave most empty.
     */
    private void widen(List<String> needed) throws IOException {
        Set<String> union = new HashSet<>(stored);
        union.addAll(needed);
        List<String> columns = schema.getFields().stream().map(Field::getName).filter(union::contains).toList();
        boolean first = queue == null;
        if (!first) {
            endStatement();
            if (failure != null) return;
            try {
                addColumns(columns.stream().filter(c -> !stored.contains(c)).toList());
            } catch (SQLException e) {
                failure = e;
                return;
            }
        }
        stored = columns;
        queue = new QueuedBatches(allocator, new Schema(columns.stream().map(schema::findField).toList()));
        stream = ArrowArrayStream.allocateNew(allocator);
        Data.exportArrayStream(allocator, queue, stream);
        String name = "live_stream_" + statements++;
        String select = "SELECT " + RowsLayout.quoted(columns) + " FROM " + name;
        String sql = first ? "CREATE TABLE _rows AS " + select : "INSERT INTO _rows (" + RowsLayout.quoted(columns) + ") " + select;
        ArrowArrayStream scanned = stream;
        QueuedBatches fed = queue;
        storing = Thread.ofPlatform().name("query store " + file.getFileName()).start(() -> {
            try (Statement s = db.createStatement()) {
                db.registerArrowStream(name, scanned);
                // Batches may land out of order, as in TraceLoader: queries order by seq.
                s.execute("SET preserve_insertion_order = false");
                s.execute(sql);
                s.execute("RESET preserve_insertion_order");
            } catch (SQLException | RuntimeException e) {
                failure = e;
                fed.abandon();
            }
        });
    }

    /** Ends the running scan once it has stored what was handed over. */
    private void endStatement() throws IOException {
        queue.end();
        try {
            storing.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the query store caught up");
        }
        stream.close();
        stream = null;
    }

    private void addColumns(List<String> columns) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String c : columns) {
                s.execute("ALTER TABLE _rows ADD COLUMN \"" + c + "\" " + RowsLayout.duckType(schema.findField(c)));
            }
        }
    }

    /**
     * The trace is complete and at the path {@link #start} named: stores what is held, finishes the
     * tables and views and renames the cache into place. When the store failed, or the trace is too
     * small to be cached ({@link LoadOptions#cacheFromBytes()}), says so and leaves no cache.
     *
     * @return true when the cache is in place
     */
    public boolean commit(Path trace) throws IOException {
        done = true;
        if (Files.size(trace) < options.cacheFromBytes()) return abandon(null);
        if (held.isEmpty() && queue == null && failure == null) return abandon("no rows");
        long end = System.nanoTime();
        int[] late = pass.finish();
        while (!held.isEmpty() && failure == null) store(pass.exact());
        if (queue != null && failure == null) endStatement();
        if (failure != null) return abandon(DuckDb.oneLine(failure));
        options.progress().accept(String.format("stored %,d batches as they were written, the last %.2f s after the trace's end",
                spans.size(), (System.nanoTime() - end) / 1e9));
        try {
            // As a first open stores them (RowsLayout): a column the exact facts leave empty reads as typed nulls.
            RowsLayout layout = RowsLayout.of(schema, TraceLoader.columnsWithValues(pass), false);
            addColumns(layout.storedColumns().stream().filter(c -> !stored.contains(c)).toList());
            try (Statement s = db.createStatement()) {
                for (String column : stored) {
                    if (!layout.storedColumns().contains(column)) s.execute("ALTER TABLE _rows DROP COLUMN \"" + column + '"');
                }
                TraceLoader.createViews(s, layout);
            }
            correct(late, layout.storedColumns());
            TraceLoader.storeSpans(db, spans);
            long rows = TraceLoader.install(db, pass, start, options.progress());
            TraceCache.commit(db, tmp, file, TraceCache.key(trace, false), new TraceLoader.Facts(rows, 0), options.progress());
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            return abandon(DuckDb.oneLine(e));
        } finally {
            release();
        }
    }

    /**
     * Writes the exact added columns (those stored) of the commands whose rows were stored before
     * their facts were complete.
     */
    private void correct(int[] late, List<String> storedColumns) throws SQLException {
        if (late.length == 0) return;
        options.progress().accept(String.format("%,d commands stored before their response or guest memory came: correcting them", late.length));
        try (AddedColumns added = new AddedColumns(allocator);
             BigIntVector seq = new BigIntVector(TraceColumn.SEQ.columnName(), allocator);
             ArrowArrayStream lateStream = ArrowArrayStream.allocateNew(allocator)) {
            added.fill(late, pass, pass.exact());
            seq.allocateNew(late.length);
            for (int i = 0; i < late.length; i++) seq.set(i, pass.commandSeq(late[i]));
            seq.setValueCount(late.length);
            List<FieldVector> vectors = new ArrayList<>(List.of(seq));
            vectors.addAll(added.vectors());
            VectorSchemaRoot root = new VectorSchemaRoot(vectors);
            root.setRowCount(late.length);
            QueuedBatches rows = new QueuedBatches(allocator, root.getSchema());
            rows.put(root);
            rows.end();
            Data.exportArrayStream(allocator, rows, lateStream);
            db.registerArrowStream("late_stream", lateStream);
            String set = added.vectors().stream().map(FieldVector::getName).filter(storedColumns::contains)
                    .map(c -> '"' + c + "\" = l.\"" + c + '"')
                    .collect(Collectors.joining(", "));
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TEMP TABLE _late AS SELECT * FROM late_stream");
                s.execute("UPDATE _rows SET " + set + " FROM _late l WHERE _rows.seq = l.seq");
                s.execute("DROP TABLE _late");
            }
        } catch (InterruptedIOException e) {
            throw new IllegalStateException("cannot happen: the queue has room", e);
        }
    }

    private boolean abandon(String why) throws IOException {
        if (why != null) options.progress().accept("no query store for " + file + " (" + why + "): the first open will build it");
        try {
            TraceCache.abandon(db, tmp, failure);
        } finally {
            release();
        }
        return false;
    }

    private void release() {
        if (released) return;
        released = true;
        held.forEach(h -> h.rows().close());
        held.clear();
        if (queue != null) queue.abandon();
        if (stream != null) stream.close();
        allocator.close();
    }

    /** Leaves no cache when {@link #commit} was not called (the writer failed). */
    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        if (storing != null) {
            queue.end(); // the scan ends with what it has, and the file is deleted
            try {
                storing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        abandon(null);
    }
}
