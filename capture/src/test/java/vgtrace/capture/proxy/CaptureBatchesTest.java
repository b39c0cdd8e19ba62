package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.MemoryDedup;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a capture killed before it closed its trace loses: at most a small, young batch. */
class CaptureBatchesTest {

    @TempDir
    Path dir;

    @Test
    void aKilledCaptureLosesLessThanOneMebibyteOfRows() throws IOException {
        Path trace = dir.resolve("t.arrows");
        MemoryDedup dedup = new MemoryDedup();
        try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("capture"), CaptureSession.BATCHES)) {
            for (int i = 0; i < 20; i++) {
                byte[] pixels = new byte[512 << 10];
                Arrays.fill(pixels, (byte) i);
                w.append(dedup.memoryRow(i, i, 0, 1, 0x100000L * i, pixels));
            }
            assertTrue(rowsInTornCopy(trace) >= 18, "the torn file holds all but the last MiB");
        }
    }

    @Test
    void aQuietCaptureWritesItsRowsWithinAFifthOfASecond() throws IOException {
        Path trace = dir.resolve("t.arrows");
        AtomicLong now = new AtomicLong();
        try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("capture"), CaptureSession.BATCHES.withNanoClock(now::get))) {
            w.append(new MemoryDedup().memoryRow(0, 0, 0, 1, 0x1000, new byte[64]));
            now.set(200_000_000L);
            assertTrue(w.flushIfOlderThan(now.get()), "a 200 ms old batch is written on the recorder's tick");
            assertEquals(1, rowsInTornCopy(trace));
        }
    }

    /** Rows a reader finds in a copy of the file as it is now (what a crash would leave). */
    private long rowsInTornCopy(Path trace) throws IOException {
        Path copy = Files.copy(trace, dir.resolve("copy-" + System.nanoTime() + ".arrows"));
        long rows = 0;
        try (TraceReader r = TraceReader.open(copy)) {
            while (r.hasNext()) {
                r.next();
                rows++;
            }
        }
        return rows;
    }
}
