package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer process killed with SIGKILL mid-stream leaves a readable trace of its flushed batches. */
class KilledWriterTest {

    @TempDir
    Path dir;

    @Test
    void everyAnnouncedBatchReadsBackAndTruncationIsReported() throws Exception {
        Path file = dir.resolve("killed.arrows");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), TornWriterMain.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long announced = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (int batches = 0; batches < 5; batches++) {
                String line = out.readLine();
                assertNotNull(line, "the writer died before announcing 5 batches");
                announced = Long.parseLong(line.substring("flushed ".length()));
            }
            writer.destroyForcibly();
            writer.waitFor();
        } finally {
            writer.destroyForcibly();
        }
        assertEquals(137, writer.exitValue(), "killed by SIGKILL");

        try (TraceReader r = TraceReader.open(file)) {
            List<TraceEvent> rows = TraceSamples.readAll(r);
            assertTrue(rows.size() >= announced, rows.size() + " rows read, " + announced + " announced");
            for (int i = 0; i < rows.size(); i++) assertEquals(i, rows.get(i).seq(), "rows are the prefix");
            assertTrue(r.truncation().isPresent(), "a killed writer wrote no end marker");
            Truncation t = r.truncation().get();
            assertEquals(rows.size(), t.rowsRead());
            assertEquals(rows.size() - 1, t.lastCompleteSeq());
        }
    }
}
