package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer whose batches are compressed and written on its own thread. */
class BackgroundWriterTest {

    @TempDir
    Path dir;

    @Test
    void itWritesTheRowsTheCallersThreadWould() throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) rows.addAll(TraceSamples.everyKindFull(rows.size()));
        Path inline = write("inline.arrows", rows, false);
        Path background = write("background.arrows", rows, true);
        try (TraceReader a = TraceReader.open(inline); TraceReader b = TraceReader.open(background)) {
            TraceSamples.assertSameRows(TraceSamples.readAll(a), TraceSamples.readAll(b));
            assertTrue(b.truncation().isEmpty(), "closed with its end marker");
        }
    }

    @Test
    void flushWaitsUntilTheBatchIsInTheFile() throws IOException {
        Path file = dir.resolve("flush.arrows");
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("t"),
                WriterOptions.DEFAULTS.withBatchRows(10).withBackground(true))) {
            for (int i = 0; i < 25; i++) w.append(TraceEvent.note(i, 0, "n"));
            w.flush();
            assertEquals(25, w.rowsWritten());
            try (TraceReader r = TraceReader.open(file)) {
                assertEquals(25, TraceSamples.readAll(r).size(), "readable while the writer is open");
            }
        }
    }

    @Test
    void aFailedWriteReachesTheCallerAndTheBatchesBeforeItStay() throws Exception {
        // a real file system that refuses to grow past 2.5 MiB (EFBIG, as ENOSPC) under the writer's thread
        Path trace = dir.resolve("full.arrows");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String run = "trap '' XFSZ; ulimit -f 2560; exec '%s' --add-opens=java.base/java.nio=ALL-UNNAMED "
                + "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp '%s' %s '%s'";
        Process p = new ProcessBuilder("bash", "-c", run.formatted(java, System.getProperty("java.class.path"),
                FullDiskWriterMain.class.getName(), trace)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String[] out = new String(p.getInputStream().readAllBytes()).strip().split(" ", 3);
        assertEquals(0, p.waitFor(), String.join(" ", out));
        long written = Long.parseLong(out[0]);
        assertEquals("0", out[1], "close after the failure freed every buffer");
        assertTrue(out[2].startsWith(trace + ": cannot write trace") && out[2].contains("File too large"),
                "a one-line error naming the file and the cause: " + out[2]);
        try (TraceReader r = TraceReader.open(trace)) {
            List<TraceEvent> rows = TraceSamples.readAll(r);
            assertTrue(written >= 100, "some batches fit: " + written);
            assertEquals(written, rows.size(), "every batch counted written reads back");
            for (int i = 0; i < rows.size(); i++) assertEquals(i, rows.get(i).seq());
            assertTrue(r.truncation().isPresent(), "a torn file: no end marker");
        }
    }

    private Path write(String name, List<TraceEvent> rows, boolean background) throws IOException {
        Path file = dir.resolve(name);
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("t"),
                WriterOptions.DEFAULTS.withBatchRows(97).withBackground(background))) {
            for (TraceEvent e : rows) w.append(e);
        }
        return file;
    }
}
