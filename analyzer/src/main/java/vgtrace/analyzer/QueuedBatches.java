package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches that one thread hands over and a reader on another takes, as a stream for DuckDB to scan
 * while the trace is still being written. Handing over waits while a few batches are queued, so
 * memory stays bounded when DuckDB falls behind; {@link #abandon} ends the stream on both sides.
 */
final class QueuedBatches extends ArrowReader {

    /** Batches queued at most. */
    static final int QUEUED = 4;

    private final Schema schema;
    private final BlockingQueue<Optional<VectorSchemaRoot>> queue = new ArrayBlockingQueue<>(QUEUED);
    private volatile boolean abandoned;
    private boolean ended;

    QueuedBatches(BufferAllocator allocator, Schema schema) {
        super(allocator);
        this.schema = schema;
    }

    /** Hands {@code batch} (of this stream's schema) over; the reader closes it. Dropped once abandoned. */
    void put(VectorSchemaRoot batch) throws InterruptedIOException {
        handOver(Optional.of(batch));
    }

    /** Hands {@code batch} over if there is room now; false (and still the caller's) if not. */
    boolean offer(VectorSchemaRoot batch) {
        return !abandoned && queue.offer(Optional.of(batch));
    }

    /** No batch follows. */
    void end() throws InterruptedIOException {
        handOver(Optional.empty());
    }

    /** The reader takes no more: frees what is queued and drops what comes. */
    void abandon() {
        abandoned = true;
        List<Optional<VectorSchemaRoot>> queued = new ArrayList<>();
        queue.drainTo(queued);
        queued.forEach(b -> b.ifPresent(VectorSchemaRoot::close));
    }

    private void handOver(Optional<VectorSchemaRoot> batch) throws InterruptedIOException {
        try {
            while (!abandoned) {
                if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    if (abandoned) abandon(); // the reader quit while this was offered
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing a batch to the query store");
        }
        batch.ifPresent(VectorSchemaRoot::close);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (ended) return false;
        Optional<VectorSchemaRoot> next;
        try {
            do {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } while (next == null && !abandoned);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a batch");
        }
        if (next == null || next.isEmpty()) {
            ended = true;
            return false;
        }
        try (VectorSchemaRoot batch = next.get()) {
            VectorSchemaRoot root = getVectorSchemaRoot();
            for (int i = 0; i < batch.getFieldVectors().size(); i++) {
                batch.getVector(i).makeTransferPair(root.getVector(i)).transfer();
            }
            root.setRowCount(batch.getRowCount());
        }
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        abandon();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
