package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one trace file: an Arrow IPC stream of {@link TraceEvent} rows, in batches (see
 * {@link WriterOptions} for when a batch is written). Each batch goes to the OS in channel writes as
 * it is complete, so a crash loses at most the batch being filled (and, with
 * {@link WriterOptions#background()}, the one being compressed). Not thread-safe: call every method,
 * {@link #flushIfOlderThan} included, from one thread; the background thread is the writer's own.
 */
public final class TraceWriter implements TraceSink, AutoCloseable {

    /** A batch's vectors and the encoder that fills them. */
    private record Batch(VectorSchemaRoot root, RowEncoder encoder) {
        static Batch allocate(Schema schema, BufferAllocator allocator, int rows) {
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
            try {
                for (FieldVector v : root.getFieldVectors()) {
                    v.setInitialCapacity(rows);
                    v.allocateNew();
                }
                return new Batch(root, new RowEncoder(root));
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
        }

        void reset() {
            for (FieldVector v : root.getFieldVectors()) v.reset();
        }

        /**
         * Moves the columns with a value in some row out into a root of {@code target}'s, gives them
         * fresh vectors here and resets the rest for the next batch.
         */
        VectorSchemaRoot takeRows(BufferAllocator target, int capacity) {
            int rows = root.getRowCount();
            List<FieldVector> taken = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
                if (v.getNullCount() == rows) {
                    v.reset();
                    continue;
                }
                TransferPair move = v.getTransferPair(target);
                move.transfer();
                taken.add((FieldVector) move.getTo());
                v.setInitialCapacity(capacity);
                v.allocateNew();
            }
            VectorSchemaRoot out = new VectorSchemaRoot(taken);
            out.setRowCount(rows);
            root.setRowCount(0);
            return out;
        }
    }

    private final Path path;
    private final WriterOptions options;
    private final FileChannel channel;
    private final BufferAllocator allocator;
    private final BatchOutput output;
    private final long maxAgeNs;
    /** The background thread, or null when batches are written in the caller's thread. */
    private final ExecutorService background;
    /** Sees each written batch, or null. */
    private final BatchListener listener;
    private Batch filling;
    /** With a background thread: the batch it writes (until {@link #inFlight} is done), else free. */
    private Batch spare;
    private Future<?> inFlight;
    private int rows;
    private long bytes;
    private long batchStartNs;
    private long lastSeq = Long.MIN_VALUE;
    private final AtomicLong rowsWritten = new AtomicLong();
    private IOException failure;
    private boolean closed;

    private TraceWriter(Path path, WriterOptions options, FileChannel channel, BufferAllocator allocator,
                        Batch filling, Batch spare, BatchListener listener) {
        this.path = path;
        this.listener = listener;
        this.options = options;
        this.channel = channel;
        this.allocator = allocator;
        this.filling = filling;
        this.spare = spare;
        this.maxAgeNs = options.maxBatchAge().toNanos();
        this.output = new BatchOutput(channel, options.compression().newCodec());
        this.background = spare == null ? null : Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("trace-writer " + path.getFileName()).factory());
    }

    /**
     * Creates {@code path} with mode 0600 (atomically: it never exists with wider permissions) and
     * writes the schema with {@code metadata}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the file exists and {@code options} do not say overwrite
     * @throws IOException                when the file cannot be created or written
     */
    public static TraceWriter create(Path path, TraceMetadata metadata, WriterOptions options) throws IOException {
        return create(path, metadata, options, null);
    }

    /**
     * As {@link #create(Path, TraceMetadata, WriterOptions)}, handing each batch to {@code listener}
     * (if not null) once it is on disk.
     */
    public static TraceWriter create(Path path, TraceMetadata metadata, WriterOptions options, BatchListener listener)
            throws IOException {
        Schema schema = TraceSchema.withMetadata(Objects.requireNonNull(metadata, "metadata"));
        if (options.overwrite()) Files.deleteIfExists(path);
        FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        BufferAllocator allocator = null;
        Batch filling = null;
        Batch spare = null;
        TraceWriter w;
        try {
            allocator = TraceMemory.root().newChildAllocator("trace-writer " + path, 0, Long.MAX_VALUE);
            filling = Batch.allocate(schema, allocator, options.batchRows());
            if (options.background()) spare = Batch.allocate(schema, allocator, options.batchRows());
            w = new TraceWriter(path, options, channel, allocator, filling, spare, listener);
        } catch (RuntimeException e) {
            if (filling != null) filling.root().close();
            if (spare != null) spare.root().close();
            if (allocator != null) allocator.close();
            channel.close();
            throw e;
        }
        try {
            w.output.start(schema);
            return w;
        } catch (IOException | RuntimeException e) {
            w.release();
            if (e instanceof IOException io) throw writeError(path, io);
            throw e;
        }
    }

    /**
     * Adds a row; writes the batch when it is full or old.
     *
     * @throws IllegalArgumentException when {@code seq} does not increase or a value does not fit its column
     * @throws IOException              when the batch cannot be written (the writer is then failed)
     */
    public void append(TraceEvent event) throws IOException {
        checkOpen();
        if (event.seq() <= lastSeq) {
            throw new IllegalArgumentException("seq " + event.seq() + " after " + lastSeq + ": seq must increase");
        }
        long now = options.nanoClock().getAsLong();
        if (rows == 0) batchStartNs = now;
        bytes += filling.encoder().encode(rows, event);
        rows++;
        lastSeq = event.seq();
        if (rows >= options.batchRows() || bytes >= options.batchBytes() || now - batchStartNs >= maxAgeNs) {
            writeBatch();
        }
    }

    /**
     * Writes the batch if its first row is at least {@code maxBatchAge} older than {@code nowNs}
     * (on the options' clock), and waits until it is written. A capture calls this from a timer so
     * that a quiet guest's rows still reach the disk.
     *
     * @return true when a batch was written
     */
    public boolean flushIfOlderThan(long nowNs) throws IOException {
        checkOpen();
        if (rows == 0 || nowNs - batchStartNs < maxAgeNs) return false;
        writeBatch();
        awaitInFlight();
        return true;
    }

    /** Writes the rows appended so far as a batch, if any, and waits until every batch is written. */
    public void flush() throws IOException {
        checkOpen();
        if (rows > 0) writeBatch();
        awaitInFlight();
    }

    /** Rows written to the file so far (not counting the batch being filled, nor one still being written). */
    public long rowsWritten() {
        return rowsWritten.get();
    }

    public Path path() {
        return path;
    }

    /** Writes the last batch and the end-of-stream marker, closes the file and frees memory. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            if (failure == null) {
                if (rows > 0) writeBatch();
                awaitInFlight();
                try {
                    output.end();
                } catch (IOException e) {
                    throw fail(e);
                }
            }
        } finally {
            release();
        }
    }

    /** Hands the filled batch over: written here, or by the background thread while the spare fills. */
    private void writeBatch() throws IOException {
        filling.root().setRowCount(rows);
        if (background == null) {
            write(filling);
        } else {
            awaitInFlight();
            Batch full = filling;
            inFlight = background.submit(() -> {
                write(full);
                return null;
            });
            filling = spare;
            spare = full;
        }
        rows = 0;
        bytes = 0;
    }

    private void write(Batch batch) throws IOException {
        int rows = batch.root().getRowCount();
        try {
            long offset = output.write(batch.root());
            if (listener != null) {
                BigIntVector seq = (BigIntVector) batch.root().getVector(TraceColumn.SEQ.columnName());
                BatchSpan span = new BatchSpan(offset, seq.get(0), seq.get(rows - 1));
                listener.written(batch.takeRows(listener.allocator(), options.batchRows()), span); // leaves fresh vectors
            } else {
                batch.reset();
            }
        } catch (IOException | RuntimeException e) {
            if (background == null) throw fail(e);
            throw e; // the caller's thread fails the writer when it learns of it
        }
        rowsWritten.addAndGet(rows);
    }

    /** Waits for the background thread's batch; its failure fails the writer here, in the caller's thread. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) return;
        Future<?> write = inFlight;
        inFlight = null;
        try {
            write.get();
        } catch (ExecutionException e) {
            throw fail(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new InterruptedIOException("interrupted while a batch was being written"));
        }
    }

    private IOException fail(Throwable cause) {
        failure = writeError(path, cause);
        return failure;
    }

    private void checkOpen() throws IOException {
        if (closed) throw new IllegalStateException(path + ": trace writer is closed");
        if (failure != null) throw new IOException(path + ": trace writer failed earlier: " + failure.getMessage());
    }

    /** Frees memory once the background thread, if any, has finished what it was writing. */
    private void release() throws IOException {
        closed = true;
        try {
            if (background != null) background.close();
            filling.root().close();
            if (spare != null) spare.root().close();
            allocator.close();
        } finally {
            channel.close();
        }
    }

    private static IOException writeError(Path path, Throwable e) {
        return new IOException(path + ": cannot write trace" + TraceFileException.oneLine(e), e);
    }
}
