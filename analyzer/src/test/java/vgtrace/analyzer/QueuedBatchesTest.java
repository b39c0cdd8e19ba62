package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import vgtrace.core.trace.TraceMemory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-over between a trace's writer and DuckDB's scan while a cache is built as the trace is written. */
class QueuedBatchesTest {

    private static final Schema SCHEMA = new Schema(List.of(Field.nullable("seq", new ArrowType.Int(64, true))));

    @Test
    void batchesArriveInOrderAndAFullQueueRefusesWithoutWaiting() throws IOException {
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            try (QueuedBatches queue = new QueuedBatches(allocator, SCHEMA)) {
                for (int i = 0; i < QueuedBatches.QUEUED; i++) assertTrue(queue.offer(batch(allocator, i)), "room for " + i);
                VectorSchemaRoot refused = batch(allocator, 99);
                assertFalse(queue.offer(refused), "full: a capture's writer is told at once, never kept waiting");
                refused.close();
                List<Long> read = new ArrayList<>();
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        while (queue.loadNextBatch()) read.add(((BigIntVector) queue.getVectorSchemaRoot().getVector(0)).get(0));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                queue.put(batch(allocator, 4)); // a bulk writer waits for room
                queue.end();
                reader.join();
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L), read);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(0, allocator.getAllocatedMemory(), "every batch freed");
        }
    }

    @Test
    void abandoningFreesWhatIsQueuedAndEndsTheScan() throws IOException {
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            try (QueuedBatches queue = new QueuedBatches(allocator, SCHEMA)) {
                queue.put(batch(allocator, 1));
                queue.abandon();
                assertFalse(queue.loadNextBatch(), "the scan ends");
                queue.put(batch(allocator, 2)); // dropped, not kept waiting
                VectorSchemaRoot refused = batch(allocator, 3);
                assertFalse(queue.offer(refused), "refused once abandoned, and still the caller's");
                refused.close();
            }
            assertEquals(0, allocator.getAllocatedMemory(), "what was queued and what came after is freed");
        }
    }

    /** A one-row batch holding {@code value}. */
    private static VectorSchemaRoot batch(BufferAllocator allocator, long value) {
        BigIntVector v = new BigIntVector("seq", allocator);
        v.allocateNew(1);
        v.set(0, value);
        v.setValueCount(1);
        return VectorSchemaRoot.of(v);
    }
}
