package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one trace file: an Arrow IPC stream of {@link TraceEvent} rows, in batches (see
 * {@link WriterOptions} for when a batch is written). Each batch goes to the OS in channel writes as
 * it is complete, so a crash loses at most the batch being filled. Not thread-safe: call every
 * method, {@link #flushIfOlderThan} included, from one thread.
 */
public final class TraceWriter implements TraceSink, AutoCloseable {

    private final Path path;
    private final WriterOptions options;
    private final FileChannel channel;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final ArrowStreamWriter arrow;
    private final RowEncoder encoder;
    private final long maxAgeNs;
    private int rows;
    private long bytes;
    private long batchStartNs;
    private long lastSeq = Long.MIN_VALUE;
    private long rowsWritten;
    private IOException failure;
    private boolean closed;

    private TraceWriter(Path path, WriterOptions options, FileChannel channel, BufferAllocator allocator,
                        VectorSchemaRoot root) {
        this.path = path;
        this.options = options;
        this.channel = channel;
        this.allocator = allocator;
        this.root = root;
        this.maxAgeNs = options.maxBatchAge().toNanos();
        this.arrow = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(), channel,
                IpcOption.DEFAULT, options.compression().factory(), options.compression().codec());
        this.encoder = new RowEncoder(root);
    }

    /**
     * Creates {@code path} with mode 0600 (atomically: it never exists with wider permissions) and
     * writes the schema with {@code metadata}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when the file exists and {@code options} do not say overwrite
     * @throws IOException                when the file cannot be created or written
     */
    public static TraceWriter create(Path path, TraceMetadata metadata, WriterOptions options) throws IOException {
        Objects.requireNonNull(metadata, "metadata");
        if (options.overwrite()) Files.deleteIfExists(path);
        FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        BufferAllocator allocator = null;
        VectorSchemaRoot root = null;
        try {
            allocator = TraceMemory.root().newChildAllocator("trace-writer " + path, 0, Long.MAX_VALUE);
            root = VectorSchemaRoot.create(TraceSchema.withMetadata(metadata), allocator);
            for (FieldVector v : root.getFieldVectors()) {
                v.setInitialCapacity(options.batchRows());
                v.allocateNew();
            }
            TraceWriter w = new TraceWriter(path, options, channel, allocator, root);
            w.arrow.start();
            return w;
        } catch (IOException | RuntimeException e) {
            if (root != null) root.close();
            if (allocator != null) allocator.close();
            channel.close();
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
        bytes += encoder.encode(rows, event);
        rows++;
        lastSeq = event.seq();
        if (rows >= options.batchRows() || bytes >= options.batchBytes() || now - batchStartNs >= maxAgeNs) {
            writeBatch();
        }
    }

    /**
     * Writes the batch if its first row is at least {@code maxBatchAge} older than {@code nowNs}
     * (on the options' clock). A capture calls this from a timer so that a quiet guest's rows still
     * reach the disk.
     *
     * @return true when a batch was written
     */
    public boolean flushIfOlderThan(long nowNs) throws IOException {
        checkOpen();
        if (rows == 0 || nowNs - batchStartNs < maxAgeNs) return false;
        writeBatch();
        return true;
    }

    /** Writes the rows appended so far as a batch, if any. */
    public void flush() throws IOException {
        checkOpen();
        if (rows > 0) writeBatch();
    }

    /** Rows written to the file so far (not counting the batch being filled). */
    public long rowsWritten() {
        return rowsWritten;
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
                arrow.end();
            }
        } catch (IOException e) {
            throw writeError(path, e);
        } finally {
            release();
        }
    }

    private void writeBatch() throws IOException {
        root.setRowCount(rows);
        try {
            arrow.writeBatch();
        } catch (IOException e) {
            failure = writeError(path, e);
            throw failure;
        }
        rowsWritten += rows;
        rows = 0;
        bytes = 0;
        for (FieldVector v : root.getFieldVectors()) v.reset();
    }

    private void checkOpen() throws IOException {
        if (closed) throw new IllegalStateException(path + ": trace writer is closed");
        if (failure != null) throw new IOException(path + ": trace writer failed earlier: " + failure.getMessage());
    }

    private void release() throws IOException {
        closed = true;
        try {
            root.close();
            allocator.close();
        } finally {
            channel.close();
        }
    }

    private static IOException writeError(Path path, IOException e) {
        return new IOException(path + ": cannot write trace" + TraceFileException.oneLine(e), e);
    }
}
