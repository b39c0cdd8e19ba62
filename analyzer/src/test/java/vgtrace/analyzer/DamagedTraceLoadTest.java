package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A damaged trace (bytes overwritten anywhere, or cut short) either loads, with no more rows than
 * the original, or fails with an IOException, the one-line error the CLI prints: the loader's first
 * pass reads the same untrusted batches as DuckDB does, and must not fail any other way.
 */
class DamagedTraceLoadTest {

    @Test
    void damagedTracesLoadOrFailCleanly(@TempDir Path dir) throws Exception {
        Path original = GeneratedTraces.write(dir, SyntheticTrace.real(3_000, 21), WriterOptions.DEFAULTS.withBatchRows(200));
        byte[] bytes = Files.readAllBytes(original);
        long rows;
        try (TraceDatabase db = TraceDatabase.open(original, LoadOptions.IN_MEMORY)) {
            rows = db.rows();
        }
        Random random = new Random(7);
        int loaded = 0, refused = 0;
        for (int trial = 0; trial < 100; trial++) {
            byte[] damaged = trial % 5 == 0
                    ? Arrays.copyOf(bytes, random.nextInt(bytes.length))
                    : bytes.clone();
            if (trial % 5 != 0) {
                for (int k = 1 + random.nextInt(8); k > 0; k--) damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("damaged-" + trial + ".arrows"), damaged);
            try (TraceDatabase db = TraceDatabase.open(file, LoadOptions.IN_MEMORY)) {
                assertTrue(db.rows() <= rows, "trial " + trial + ": more rows than the original");
                db.count("SELECT count(*) FROM fences");
                db.count("SELECT count(*) FROM commands WHERE response_seq IS NOT NULL");
                loaded++;
            } catch (IOException expected) {
                refused++;
            } catch (Exception e) {
                fail("trial " + trial + ": " + e, e);
            }
            Files.delete(file);
        }
        assertTrue(loaded > 0 && refused > 0, "both outcomes occur: " + loaded + " loaded, " + refused + " refused");
    }
}
