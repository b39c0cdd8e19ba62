package vgtrace.core.trace;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static vgtrace.core.trace.TraceFileException.Kind.EMPTY;
import static vgtrace.core.trace.TraceFileException.Kind.NOT_ARROW;
import static vgtrace.core.trace.TraceFileException.Kind.NOT_FOUND;
import static vgtrace.core.trace.TraceFileException.Kind.UNREADABLE;

/**
 * The one way a trace file is read: an Arrow stream reader that checks the schema at open, checks
 * every batch it loads (buffers, non-null columns, increasing seq), and stops cleanly at a torn tail,
 * recording a {@link Truncation}. Anything else wrong becomes a {@link TraceFileException}.
 * It owns a child allocator with a limit, so a corrupt length cannot allocate without bound.
 */
public final class TraceStreamReader extends ArrowStreamReader {

    private final Path path;
    private final BufferAllocator memory;
    private final BoundedMessageReader messages;
    private final CheckedDecompression decompression;
    private TraceMetadata metadata;
    private Truncation truncation;
    private boolean done;
    private long rowsRead;
    private long lastSeq = TraceEvent.NO_SEQ;
    private Consumer<BatchSpan> spans = span -> { };
    private boolean payloadSkipped;
    /** Decompresses half of each compressed batch; started with the first one. */
    private ExecutorService helper;

    private TraceStreamReader(Path path, BoundedMessageReader messages, BufferAllocator memory,
                              CheckedDecompression decompression) {
        super(messages, memory, decompression);
        this.path = path;
        this.memory = memory;
        this.messages = messages;
        this.decompression = decompression;
    }

    /**
     * Opens {@code path} and checks its schema.
     *
     * @throws TraceFileException NOT_FOUND, UNREADABLE, EMPTY, NOT_ARROW, NOT_A_TRACE, NEWER_VERSION or CORRUPT
     */
    static TraceStreamReader open(Path path, BufferAllocator parent) throws TraceFileException {
        FileChannel file = openFile(path);
        BufferAllocator memory = null;
        TraceStreamReader reader = null;
        try {
            long size = file.size();
            checkStart(path, file, size);
            // Batches are slices of what was read; the room beyond the file size is for decoding.
            long limit = Math.max(256L << 20, 4 * size);
            memory = parent.newChildAllocator("trace-reader " + path, 0, limit);
            reader = new TraceStreamReader(path, new BoundedMessageReader(path, file, memory), memory,
                    new CheckedDecompression());
            reader.metadata = TraceSchema.check(path, reader.readCheckedSchema());
            return reader;
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, memory, file);
            if (e instanceof TraceFileException t) throw t;
            throw new TraceFileException(UNREADABLE, path + ": cannot read" + TraceFileException.oneLine(e), e);
        }
    }

    TraceMetadata metadata() {
        return metadata;
    }

    /** Set once the batches are exhausted if the stream ended without its end-of-stream marker. */
    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    /** Bytes from {@code at}, where the torn batch began, to the end of the file. */
    private long tornBytes(long at) {
        try {
            return Math.max(0, messages.size() - at);
        } catch (IOException e) {
            return 0; // the file went away while being read: nothing more is known of its tail
        }
    }

    Path path() {
        return path;
    }

    /**
     * Leaves the payload column's bytes on disk from now on: its values read as null. For consumers
     * that do not want them (SQL loading), which then read a tenth of a capture's bytes.
     */
    void skipPayload() throws TraceFileException {
        int index = 0;
        for (Field f : readCheckedSchema().getFields()) {
            if (f.getName().equals(TraceColumn.PAYLOAD.columnName())) {
                messages.skipBuffer(index + 2); // validity, offsets, then the bytes
                payloadSkipped = true;
                return;
            }
            index += bufferCount(f);
        }
    }

    private static int bufferCount(Field f) {
        int n = TypeLayout.getTypeBufferCount(f.getType());
        for (Field child : f.getChildren()) n += bufferCount(child);
        return n;
    }

    /** Tells {@code listener} where each batch loaded from now on starts and which rows it holds. */
    void onBatch(Consumer<BatchSpan> listener) {
        spans = listener;
    }

    /** Goes on reading at the batch {@code span} names (an earlier read of this file reported it). */
    void seek(BatchSpan span) throws TraceFileException {
        try {
            getVectorSchemaRoot(); // the schema is read before any batch
            messages.position(span.fileOffset());
        } catch (IOException e) {
            throw new TraceFileException(UNREADABLE, path + ": cannot seek" + TraceFileException.oneLine(e), e);
        }
        done = false;
        lastSeq = TraceEvent.NO_SEQ;
        rowsRead = 0;
    }

    @Override
    public boolean loadNextBatch() throws TraceFileException {
        if (done) return false;
        long at = 0;
        try {
            at = messages.position();
            if (!super.loadNextBatch()) {
                done = true;
                return false;
            }
            RuntimeException undecompressed = decompression.takeFailure();
            if (undecompressed != null) {
                throw TraceFileException.corrupt(path, "a buffer that does not decompress after row " + rowsRead, undecompressed);
            }
            VectorSchemaRoot root = getVectorSchemaRoot();
            if (payloadSkipped) {
                // Its bytes were never read (a compressed file's read as an empty buffer): null every
                // value and make every one empty, so nothing reads them.
                FieldVector payload = root.getVector(TraceColumn.PAYLOAD.columnName());
                payload.getValidityBuffer().setZero(0, payload.getValidityBuffer().capacity());
                payload.getOffsetBuffer().setZero(0, payload.getOffsetBuffer().capacity());
            }
            checkBatch(root);
            if (root.getRowCount() > 0) {
                BigIntVector seq = (BigIntVector) root.getVector(TraceColumn.SEQ.columnName());
                spans.accept(new BatchSpan(at, seq.get(0), lastSeq));
            }
            return true;
        } catch (TornTailException e) {
            done = true;
            truncation = new Truncation(rowsRead, lastSeq, tornBytes(at), path + ": " + e.getMessage() + " (after " + rowsRead
                    + " rows)");
            return false;
        } catch (TraceFileException e) {
            done = true;
            throw e;
        } catch (IOException | RuntimeException e) {
            done = true;
            throw TraceFileException.corrupt(path, "unreadable batch after row " + rowsRead, e);
        }
    }

    /** A ZSTD batch is decompressed on two threads before Arrow loads it. */
    @Override
    protected void loadRecordBatch(ArrowRecordBatch batch) {
        // The raw byte: a damaged one names no codec, and Arrow's loader reports that (closing the batch).
        if (batch.getBodyCompression().getCodec() != CompressionType.ZSTD) {
            super.loadRecordBatch(batch);
            return;
        }
        if (helper == null) {
            helper = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("trace-reader " + path.getFileName()).factory());
        }
        ArrowRecordBatch plain;
        try {
            plain = decompression.decompressed(batch, memory, helper);
        } finally {
            batch.close();
        }
        super.loadRecordBatch(plain);
    }

    @Override
    public void close() throws IOException {
        try {
            if (helper != null) helper.close();
            super.close();
        } finally {
            messages.releaseLastBody();
            memory.close();
        }
    }

    private Schema readCheckedSchema() throws TraceFileException {
        try {
            return getVectorSchemaRoot().getSchema();
        } catch (TornTailException e) {
            throw TraceFileException.corrupt(path, "the file ends inside its schema");
        } catch (IOException | RuntimeException e) {
            throw new TraceFileException(NOT_ARROW, path + ": not an Arrow IPC stream (no schema"
                    + TraceFileException.oneLine(e) + ")", e);
        }
    }

    private void checkBatch(VectorSchemaRoot root) throws TraceFileException {
        ValueVectorUtility.validate(root);
        int rows = root.getRowCount();
        for (FieldVector v : root.getFieldVectors()) {
            if (!v.getField().isNullable() && v.getNullCount() > 0) {
                throw TraceFileException.corrupt(path, "nulls in column " + v.getName() + " after row " + rowsRead);
            }
            if (v instanceof BaseVariableWidthVector var) {
                checkOffsets(var.getName(), var.getOffsetBuffer(), var.getValueCount(), var.getDataBuffer().capacity());
            }
            if (v instanceof ListVector list) checkList(list);
        }
        BigIntVector seq = (BigIntVector) root.getVector(TraceColumn.SEQ.columnName());
        long last = lastSeq;
        for (int i = 0; i < rows; i++) {
            long s = seq.get(i);
            if (rowsRead + i > 0 && s <= last) {
                throw TraceFileException.corrupt(path, "seq " + s + " follows " + last + " at row " + (rowsRead + i));
            }
            last = s;
        }
        rowsRead += rows;
        lastSeq = last;
    }

    /**
     * Offsets must rise and stay inside the data buffer, or reading a value would leave it. (Arrow's
     * validateFull checks this too but formats a message per value, which costs more than the read.)
     */
    private void checkOffsets(String column, ArrowBuf offsets, int values, long limit) throws TraceFileException {
        int previous = values == 0 ? 0 : offsets.getInt(0);
        if (previous < 0) throw TraceFileException.corrupt(path, "negative offset in column " + column);
        for (int i = 1; i <= values; i++) {
            int next = offsets.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH);
            if (next < previous || next > limit) {
                throw TraceFileException.corrupt(path, "bad offset " + next + " in column " + column
                        + " after row " + rowsRead);
            }
            previous = next;
        }
    }

    /** A list's offsets stay inside its elements, and no element or element field is null. */
    private void checkList(ListVector list) throws TraceFileException {
        FieldVector elements = list.getDataVector();
        checkOffsets(list.getName(), list.getOffsetBuffer(), list.getValueCount(), elements.getValueCount());
        List<FieldVector> parts = new ArrayList<>(elements.getChildrenFromFields());
        parts.add(elements);
        for (FieldVector part : parts) {
            if (part.getNullCount() > 0) {
                throw TraceFileException.corrupt(path, "nulls in the elements of column " + list.getName()
                        + " after row " + rowsRead);
            }
        }
    }

    private static FileChannel openFile(Path path) throws TraceFileException {
        if (Files.isDirectory(path)) throw new TraceFileException(UNREADABLE, path + ": is a directory, not a trace");
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TraceFileException(NOT_FOUND, path + ": no such trace file", e);
        } catch (AccessDeniedException e) {
            throw new TraceFileException(UNREADABLE, path + ": permission denied", e);
        } catch (IOException e) {
            throw new TraceFileException(UNREADABLE, path + ": cannot open" + TraceFileException.oneLine(e), e);
        }
    }

    /** An Arrow stream starts with a continuation marker; anything else is not one. */
    private static void checkStart(Path path, FileChannel file, long size) throws IOException {
        if (size == 0) throw new TraceFileException(EMPTY, path + ": empty file (0 bytes), not a trace");
        ByteBuffer start = ByteBuffer.allocate((int) Math.min(size, 6));
        while (start.hasRemaining()) {
            if (file.read(start, start.position()) < 0) break;
        }
        byte[] b = start.array();
        if ("ARROW1".equals(new String(b, StandardCharsets.ISO_8859_1))) {
            throw new TraceFileException(NOT_ARROW, path + ": an Arrow IPC file, not a stream (.arrows) trace");
        }
        if (b.length < 4 || (b[0] & b[1] & b[2] & b[3]) != (byte) 0xff) {
            throw new TraceFileException(NOT_ARROW, path + ": not an Arrow IPC stream (no stream marker at byte 0)");
        }
    }

    private static void closeQuietly(TraceStreamReader reader, BufferAllocator memory, FileChannel file) {
        try {
            if (reader != null) reader.close();
            else if (memory != null) memory.close();
        } catch (IOException | RuntimeException ignored) {
            // the open already failed; that error is the one to report
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // as above
        }
    }
}
