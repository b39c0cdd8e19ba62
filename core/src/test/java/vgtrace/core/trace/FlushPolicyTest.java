package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When batches reach the file: by rows, by bytes, by age (on an injected clock). */
class FlushPolicyTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final WriterOptions options = WriterOptions.DEFAULTS.withBatchRows(4).withBatchBytes(100)
            .withMaxBatchAge(Duration.ofMillis(500)).withNanoClock(clock::get);

    @Test
    void aBatchIsWrittenWhenItHoldsBatchRows() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("rows.arrows"), TraceMetadata.of("t"), options)) {
            for (int i = 0; i < 3; i++) w.append(TraceEvent.note(i, 0, "n"));
            assertEquals(0, w.rowsWritten());
            assertEquals(0, rowsOnDisk(w.path()));
            w.append(TraceEvent.note(3, 0, "n"));
            assertEquals(4, w.rowsWritten());
            assertEquals(4, rowsOnDisk(w.path()), "the batch reached the OS, readable while the writer is open");
        }
    }

    @Test
    void aBatchIsWrittenWhenItsPayloadReachesBatchBytes() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("bytes.arrows"), TraceMetadata.of("t"), options)) {
            w.append(TraceEvent.note(0, 0, "x".repeat(60)));
            assertEquals(0, w.rowsWritten());
            w.append(TraceEvent.note(1, 0, "y".repeat(40)));
            assertEquals(2, w.rowsWritten(), "60 + 40 bytes of text reach batchBytes");
        }
    }

    @Test
    void aBatchIsWrittenOnAppendWhenItsFirstRowIsOld() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("age.arrows"), TraceMetadata.of("t"), options)) {
            clock.set(1_000_000_000L);
            w.append(TraceEvent.note(0, 0, "a"));
            clock.addAndGet(499_999_999L);
            w.append(TraceEvent.note(1, 0, "b"));
            assertEquals(0, w.rowsWritten(), "not yet maxBatchAge old");
            clock.addAndGet(1);
            w.append(TraceEvent.note(2, 0, "c"));
            assertEquals(3, w.rowsWritten());
        }
    }

    @Test
    void aTimerFlushesAQuietWritersOldBatch() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("timer.arrows"), TraceMetadata.of("t"), options)) {
            assertFalse(w.flushIfOlderThan(10_000_000_000L), "nothing to flush");
            clock.set(100);
            w.append(TraceEvent.note(0, 0, "a"));
            assertFalse(w.flushIfOlderThan(100 + 499_999_999L));
            assertEquals(0, w.rowsWritten());
            assertTrue(w.flushIfOlderThan(100 + 500_000_000L));
            assertEquals(1, w.rowsWritten());
            assertEquals(1, rowsOnDisk(w.path()));
        }
    }

    @Test
    void closeWritesTheLastBatchAndTheEndMarker() throws IOException {
        Path file = dir.resolve("close.arrows");
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("t"), options)) {
            for (int i = 0; i < 6; i++) w.append(TraceEvent.note(i, 0, "n"));
            try (TraceReader r = TraceReader.open(file)) {
                assertEquals(4, TraceSamples.readAll(r).size());
                assertTrue(r.truncation().isPresent(), "an open writer's file has no end marker yet");
                assertEquals(3, r.truncation().get().lastCompleteSeq());
            }
        }
        try (TraceReader r = TraceReader.open(file)) {
            assertEquals(6, TraceSamples.readAll(r).size());
            assertTrue(r.truncation().isEmpty());
        }
    }

    private static long rowsOnDisk(Path file) throws IOException {
        try (TraceReader r = TraceReader.open(file)) {
            long n = TraceSamples.readAll(r).size();
            assertTrue(r.truncation().isPresent(), "no end marker while the writer is open");
            assertEquals(n, r.truncation().get().rowsRead());
            return n;
        }
    }
}
