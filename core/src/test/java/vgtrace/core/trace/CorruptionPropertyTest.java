package vgtrace.core.trace;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any damage to a real small trace yields complete rows (the prefix, for a cut) or a TraceFileException. */
class CorruptionPropertyTest {

    private static Path dir;
    private static byte[] original;
    private static List<TraceEvent> originalRows;

    @BeforeContainer
    static void writeTrace() throws IOException {
        dir = Files.createTempDirectory("vgtrace-corrupt");
        Path good = dir.resolve("good.arrows");
        originalRows = TraceSamples.write(good, 3);
        original = Files.readAllBytes(good);
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }

    enum Damage { CUT, FLIP, OVERWRITE }

    @Property(tries = 400)
    void damageYieldsCompleteRowsOrATraceFileException(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                                       @ForAll int noise, @ForAll Damage damage) throws IOException {
        int at = where % original.length;
        byte[] bytes = switch (damage) {
            case CUT -> Arrays.copyOf(original, at);
            case FLIP -> flip(at, noise);
            case OVERWRITE -> overwrite(at, noise);
        };
        Path file = dir.resolve("damaged.arrows");
        Files.write(file, bytes);
        try (TraceReader r = TraceReader.open(file)) {
            List<TraceEvent> rows = TraceSamples.readAll(r);
            if (damage == Damage.CUT) {
                TraceSamples.assertSameRows(originalRows.subList(0, rows.size()), rows);
                assertTrue(r.truncation().isPresent(), "a cut stream has no end marker");
            }
        } catch (TraceFileException e) {
            assertEquals(1, e.getMessage().lines().count(), "one-line message: " + e.getMessage());
            assertFalse(e.getMessage().matches(".*\\w(Exception|Error)\\b.*"), "no Java exception name: " + e.getMessage());
        }
        assertEquals(0, TraceMemory.root().getAllocatedMemory(), "nothing leaks on any path");
    }

    @Property(tries = 300)
    void batchesWithoutPayloadOfADamagedTraceLoadOrFailWithATraceFileException(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll int noise) throws IOException {
        Path file = dir.resolve("damaged-batches.arrows");
        Files.write(file, overwrite(where % original.length, noise));
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("corrupt batches", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); ArrowReader batches = r.arrowReader(a, span -> { }, false)) {
            while (batches.loadNextBatch()) {
                FieldVector payload = batches.getVectorSchemaRoot().getVector(TraceColumn.PAYLOAD.columnName());
                assertEquals(payload.getValueCount(), payload.getNullCount(), "the skipped payload reads as null");
            }
        } catch (TraceFileException e) {
            assertEquals(1, e.getMessage().lines().count(), "one-line message: " + e.getMessage());
            assertFalse(e.getMessage().matches(".*\\w(Exception|Error)\\b.*"), "no Java exception name: " + e.getMessage());
        }
        assertEquals(0, TraceMemory.root().getAllocatedMemory(), "nothing leaks on any path");
    }

    private static byte[] flip(int at, int mask) {
        byte[] copy = original.clone();
        copy[at] ^= (byte) (mask == 0 ? 1 : mask | 1);
        return copy;
    }

    private static byte[] overwrite(int at, int seed) {
        byte[] copy = original.clone();
        Random random = new Random(seed);
        for (int i = at; i < Math.min(copy.length, at + 16); i++) copy[i] = (byte) random.nextInt();
        return copy;
    }
}
