package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer hands each written batch to its listener: the file's rows, where the file has them. */
class BatchListenerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "background={0}")
    @ValueSource(booleans = {false, true})
    void theListenerSeesEveryBatchAsTheFileHoldsIt(boolean background) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) rows.addAll(TraceSamples.everyKindFull(rows.size()));
        Path file = dir.resolve("t.arrows");
        List<String> seen = new ArrayList<>();
        List<BatchSpan> spans = new ArrayList<>();
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("listener", 0, Long.MAX_VALUE)) {
            BatchListener listener = closingAfter(allocator, (batch, span) -> {
                seen.add(cells(batch));
                spans.add(span);
            });
            try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("t"),
                    WriterOptions.DEFAULTS.withBatchRows(97).withBackground(background), listener)) {
                for (TraceEvent e : rows) w.append(e);
            }
            assertEquals(0, allocator.getAllocatedMemory(), "the listener closed what it was given");
        }
        List<String> read = new ArrayList<>();
        List<BatchSpan> readSpans = new ArrayList<>();
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("reader", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file);
             TraceStreamReader batches = r.arrowReader(allocator, readSpans::add, true)) {
            while (batches.loadNextBatch()) read.add(cells(batches.getVectorSchemaRoot()));
        }
        assertEquals((rows.size() + 96) / 97, seen.size());
        assertEquals(read, seen, "the same rows, batch for batch, after the writer reused its vectors");
        assertEquals(readSpans, spans, "the same file offsets and seq ranges as the reader finds");
    }

    @Test
    void onlyTheColumnsWithAValueAreHandedOver() throws IOException {
        List<List<String>> columns = new ArrayList<>();
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("listener", 0, Long.MAX_VALUE)) {
            BatchListener listener = closingAfter(allocator,
                    (batch, span) -> columns.add(batch.getFieldVectors().stream().map(FieldVector::getName).toList()));
            try (TraceWriter w = TraceWriter.create(dir.resolve("notes.arrows"), TraceMetadata.of("t"),
                    WriterOptions.DEFAULTS.withBatchRows(10), listener)) {
                for (int i = 0; i < 15; i++) w.append(TraceEvent.note(i, i, "n" + i));
                for (TraceEvent e : TraceSamples.everyKindFull(15)) w.append(e);
            }
        }
        assertEquals(List.of("seq", "ts_ns", "kind", "text"), columns.getFirst(), "a batch of notes: the columns notes fill");
        assertTrue(columns.getLast().containsAll(List.of("type", "ctx_id", "payload", "text")),
                "the writer's vectors still work after the empty ones were kept: " + columns.getLast());
    }

    /** A listener that shows each batch to {@code look} and closes it. */
    private static BatchListener closingAfter(BufferAllocator allocator, BiConsumer<VectorSchemaRoot, BatchSpan> look) {
        return new BatchListener() {
            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public void written(VectorSchemaRoot batch, BatchSpan span) {
                try (batch) {
                    look.accept(batch, span);
                }
            }
        };
    }

    /** Every cell of the batch as text, bytes by value. */
    private static String cells(VectorSchemaRoot batch) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < batch.getRowCount(); i++) {
            for (FieldVector v : batch.getFieldVectors()) {
                Object value = v.getObject(i);
                out.append(value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value)).append('\t');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
