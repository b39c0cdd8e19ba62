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

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a trace's cache file ({@link TraceCache}) while the trace is written, so that the trace is
 * queryable when its writer finishes instead of after a first open that reads it all again. The
 * writer hands over each batch it wrote ({@link BatchListener}); the first pass takes it in at once,
 * and DuckDB stores it on a thread of its own once {@link #HOLD_ROWS} rows have followed it, by which
 * time nearly all of its commands' responses have come. {@link #commit} corrects the few rows whose
 * response or guest memory came later, drops the columns no row used, builds the tables and views,
 * and names the file as {@link TraceCache#open} would, for the trace as it then is.
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
    private Schema schema;
    private volatile Exception failure;
    private boolean done;
    private boolean released;

    private LiveCache(Path file, Path tmp, DuckDBConnection db, LoadOptions options, int holdRows, int holdBatches) {
        this.file = file;
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
     * @throws IOException when no cache can be written beside {@code trace}
     */
    public static LiveCache start(Path trace, LoadOptions options) throws IOException {
        return start(trace, options, HOLD_ROWS, HOLD_BATCHES);
    }

    /** As {@link #start(Path, LoadOptions)}, storing a batch once {@code holdRows} rows or {@code holdBatches} batches follow it. */
    static LiveCache start(Path trace, LoadOptions options, int holdRows, int holdBatches) throws IOException {
        Path file = TraceCache.fileFor(trace.toAbsolutePath());
        Path tmp = TraceCache.buildingFile(file);
        TraceCache.deleteWithWal(tmp);
        return new LiveCache(file, tmp, DuckDb.connect(tmp, false), options, holdRows, holdBatches);
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
        List<FieldVector> vectors = new ArrayList<>(rows.getFieldVectors());
        vectors.addAll(added.vectors());
        VectorSchemaRoot withAdded = new VectorSchemaRoot(vectors);
        withAdded.setRowCount(n);
        if (queue == null) startStoring(withAdded.getSchema());
        queue.put(withAdded);
    }

    /** DuckDB's thread: one {@code CREATE TABLE} that scans the batches as they are handed over. */
    private void startStoring(Schema schema) {
        this.schema = schema;
        queue = new QueuedBatches(allocator, schema);
        stream = ArrowArrayStream.allocateNew(allocator);
        Data.exportArrayStream(allocator, queue, stream);
        String columns = storedAtFirst().stored();
        storing = Thread.ofPlatform().name("query store " + file.getFileName()).start(() -> {
            try (Statement s = db.createStatement()) {
                db.registerArrowStream("live_stream", stream);
                // Batches may land out of order, as in TraceLoader: queries order by seq.
                s.execute("SET preserve_insertion_order = false");
                s.execute("CREATE TABLE _rows AS SELECT " + columns + " FROM live_stream");
                s.execute("RESET preserve_insertion_order");
            } catch (SQLException | RuntimeException e) {
                failure = e;
                queue.abandon();
            }
        });
    }

    /** Every column but the payload: which of them hold a value is known only at the end. */
    private RowsLayout storedAtFirst() {
        Set<String> all = schema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        return RowsLayout.of(schema, all, false);
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
        if (held.isEmpty() && queue == null) return abandon("no rows");
        int[] late = pass.finish();
        while (!held.isEmpty() && failure == null) store(pass.exact());
        queue.end();
        try {
            storing.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return abandon("interrupted");
        }
        if (failure != null) return abandon(DuckDb.oneLine(failure));
        if (Files.size(trace) < options.cacheFromBytes()) return abandon(null);
        try {
            correct(late);
            RowsLayout layout = RowsLayout.of(schema, TraceLoader.columnsWithValues(pass), false);
            try (Statement s = db.createStatement()) {
                // As a first open stores them (RowsLayout): a column no row uses reads as typed nulls.
                for (String column : storedAtFirst().storedColumns()) {
                    if (!layout.storedColumns().contains(column)) s.execute("ALTER TABLE _rows DROP COLUMN \"" + column + '"');
                }
                TraceLoader.createViews(s, layout);
            }
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

    /** Writes the exact added columns of the commands whose rows were stored before their facts were complete. */
    private void correct(int[] late) throws SQLException {
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
            String set = added.vectors().stream().map(v -> '"' + v.getName() + "\" = l.\"" + v.getName() + '"')
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
