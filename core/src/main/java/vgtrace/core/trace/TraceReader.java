package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a trace file row by row. A torn file (the writer died) yields every complete batch and then
 * reports a {@link #truncation()}; it never throws for that. A file that is not a readable trace
 * throws {@link TraceFileException} with a kind, at open or at the batch where it breaks.
 * Fast consumers take batches with {@link #arrowReader(BufferAllocator)}.
 */
public final class TraceReader implements AutoCloseable {

    private final TraceStreamReader stream;
    private final VectorSchemaRoot batch;
    private final RowDecoder decoder;
    private TraceMetadata metadata;
    private int row;
    private int rowsInBatch;

    private TraceReader(TraceStreamReader stream) throws IOException {
        this.stream = stream;
        this.batch = stream.getVectorSchemaRoot();
        this.decoder = new RowDecoder(batch);
        this.metadata = stream.metadata();
    }

    /**
     * Opens a trace and reads its schema and metadata.
     *
     * @throws TraceFileException NOT_FOUND, UNREADABLE, EMPTY, NOT_ARROW, NOT_A_TRACE, NEWER_VERSION or CORRUPT
     */
    public static TraceReader open(Path path) throws TraceFileException {
        TraceStreamReader stream = TraceStreamReader.open(path, TraceMemory.root());
        try {
            return new TraceReader(stream);
        } catch (IOException | RuntimeException e) {
            try {
                stream.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw TraceFileException.corrupt(path, "cannot set up reading", e);
        }
    }

    /** The file's metadata with the METADATA rows read so far merged in. */
    public TraceMetadata metadata() {
        return metadata;
    }

    /** @throws TraceFileException CORRUPT when the next batch breaks the format */
    public boolean hasNext() throws TraceFileException {
        while (row >= rowsInBatch) {
            if (!stream.loadNextBatch()) return false;
            row = 0;
            rowsInBatch = batch.getRowCount();
            decoder.startBatch();
        }
        return true;
    }

    /**
     * The next row.
     *
     * @throws TraceFileException     CORRUPT when the row or its batch breaks the format
     * @throws NoSuchElementException after the last row
     */
    public TraceEvent next() throws TraceFileException {
        if (!hasNext()) throw new NoSuchElementException("no more rows in " + stream.path());
        int at = row++;
        try {
            TraceEvent e = decoder.decode(at);
            if (e.kind() == EventKind.METADATA) metadata = metadata.withRow(e.text());
            return e;
        } catch (RuntimeException e) {
            throw TraceFileException.corrupt(stream.path(), "bad row " + (at + 1) + " of its batch", e);
        }
    }

    /** Set once the rows are exhausted if the stream ended without its end-of-stream marker. */
    public Optional<Truncation> truncation() {
        return stream.truncation();
    }

    /**
     * A second, independent reader of the same file that yields whole batches from {@code allocator}
     * (under a child allocator it closes with the reader), stopping cleanly at a torn tail. The
     * caller closes it. Its batches are checked as {@link #next()}'s are, except for row contents.
     */
    public TraceStreamReader arrowReader(BufferAllocator allocator) throws TraceFileException {
        return arrowReader(allocator, span -> { }, true);
    }

    /**
     * {@link #arrowReader(BufferAllocator)} that also reports each batch it loads, for a later
     * {@link #seek}; without {@code payload}, that column reads as null and its bytes stay on disk.
     * Once its batches are exhausted, its {@link TraceStreamReader#truncation()} says whether the
     * file was torn, and where.
     */
    public TraceStreamReader arrowReader(BufferAllocator allocator, Consumer<BatchSpan> spans, boolean payload)
            throws TraceFileException {
        TraceStreamReader reader = TraceStreamReader.open(stream.path(), allocator);
        try {
            reader.onBatch(spans);
            if (!payload) reader.skipPayload();
            return reader;
        } catch (TraceFileException | RuntimeException e) {
            try {
                reader.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Continues reading at the batch {@code span} names, as an earlier read of the same file reported it;
     * {@link #metadata()} keeps what was merged so far. A span of another file reads as corrupt.
     */
    public void seek(BatchSpan span) throws TraceFileException {
        stream.seek(span);
        row = 0;
        rowsInBatch = 0;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
