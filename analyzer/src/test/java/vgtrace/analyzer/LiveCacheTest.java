package vgtrace.analyzer;

import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.BatchSpan;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cache built while the trace is written holds what a first open of the finished trace would: every
 * view, row for row, whether each batch was stored at once (so most responses came after their
 * command's row was stored and had to be corrected) or held as the default holds it.
 */
class LiveCacheTest {

    private static final LoadOptions ALWAYS = LoadOptions.DEFAULTS.withCacheFromBytes(0);
    private static final List<String> TABLES = Stream.concat(Stream.of("messages_raw", "_rows_paired"), SqlModules.MODULES.stream()).toList();

    @TempDir
    static Path dir;

    static Stream<Arguments> traces() throws IOException {
        // Every bundled trace with each batch stored at once; generated ones held as well, so that most
        // of their responses come before their batch is stored.
        Stream<Arguments> samples = SampleTracesTest.samples().map(t -> Arguments.of(t, 0, 0, true));
        Stream<Arguments> generated = Stream.of(SyntheticTrace.real(30_000, 3), SyntheticTrace.of(20_000, 9)).flatMap(spec -> {
            try {
                Path t = GeneratedTraces.write(dir, spec, WriterOptions.DEFAULTS);
                return Stream.of(Arguments.of(t, 0, 0, false), Arguments.of(t, 1000, 4, true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Stream.concat(samples, generated);
    }

    @ParameterizedTest(name = "{0} hold {1} rows / {2} batches")
    @MethodSource("traces")
    void sameTablesAsAFirstOpen(Path trace, int holdRows, int holdBatches, boolean background) throws IOException, SQLException {
        Path copy = dir.resolve("live-" + holdRows + "-" + trace.getFileName());
        List<String> progress = new ArrayList<>();
        assertTrue(rewrite(trace, copy, LiveCache.start(copy, ALWAYS.withProgress(progress::add), true, holdRows, holdBatches), background),
                copy + ": committed: " + progress);
        try (TraceDatabase live = TraceDatabase.open(copy, ALWAYS);
             TraceDatabase loaded = TraceDatabase.open(copy, LoadOptions.IN_MEMORY)) {
            assertTrue(live.fromCache(), copy + ": the cache written with the trace is current: " + progress);
            assertEquals(loaded.rows(), live.rows());
            assertEquals(Sql.rows(loaded, "DESCRIBE _rows_paired"), Sql.rows(live, "DESCRIBE _rows_paired"), copy + ": columns and types");
            String stored = "SELECT column_name, column_type FROM (DESCRIBE _rows) ORDER BY column_name";
            assertEquals(Sql.rows(loaded, stored), Sql.rows(live, stored), copy + ": the columns stored");
            for (String table : TABLES) {
                assertSameRows(Sql.rows(loaded, "SELECT * FROM " + table + " ORDER BY ALL"), Sql.rows(live, "SELECT * FROM " + table + " ORDER BY ALL"),
                        copy + ": " + table);
            }
            assertEquals(Sql.rows(loaded, "SELECT * FROM _batches ORDER BY ALL"), Sql.rows(live, "SELECT * FROM _batches ORDER BY ALL"),
                    copy + ": where each batch starts");
            if (holdRows == 0 && loaded.count("SELECT count(*) FROM commands WHERE response_seq IS NOT NULL") > 1000) {
                assertTrue(progress.stream().anyMatch(p -> p.contains("correcting")), copy + ": late responses corrected: " + progress);
            }
        }
        assertFalse(Files.exists(TraceCache.buildingFile(TraceCache.fileFor(copy.toAbsolutePath()))), "no file left half-built");
    }

    /** Equal lists, or the first row that differs. */
    private static void assertSameRows(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ", row " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": rows");
    }

    @Test
    void aWriterThatFailsLeavesNoCache() throws IOException {
        Path trace = SampleTracesTest.samples().findFirst().orElseThrow();
        Path copy = dir.resolve("abandoned.arrows");
        LiveCache cache = LiveCache.start(copy, ALWAYS, true, 0, 0);
        try (cache; TraceReader in = TraceReader.open(trace);
             TraceWriter out = TraceWriter.create(copy, in.metadata(), WriterOptions.DEFAULTS.withBatchRows(50).withOverwrite(true), cache)) {
            while (in.hasNext()) out.append(in.next());
            // no commit: as when the writer throws
        }
        assertFalse(Files.exists(TraceCache.fileFor(copy.toAbsolutePath())));
        assertFalse(Files.exists(TraceCache.buildingFile(TraceCache.fileFor(copy.toAbsolutePath()))));
    }

    @Test
    void aBatchTheStoreCannotTakeCostsTheCacheNotTheWriter() throws IOException, SQLException {
        Path trace = SampleTracesTest.samples().findFirst().orElseThrow();
        Path copy = dir.resolve("broken.arrows");
        List<String> progress = new ArrayList<>();
        long written = 0;
        LiveCache cache = LiveCache.start(copy, ALWAYS.withProgress(progress::add), true, 0, 0);
        try (cache) {
            try (TraceReader in = TraceReader.open(trace);
                 TraceWriter out = TraceWriter.create(copy, in.metadata(), WriterOptions.DEFAULTS.withBatchRows(50).withOverwrite(true), cache)) {
                for (; in.hasNext(); written++) out.append(in.next());
                // a batch whose seq column is text: what no writer hands over, but the store must survive
                VarCharVector seq = new VarCharVector(TraceColumn.SEQ.columnName(), cache.allocator());
                seq.allocateNew(1);
                seq.set(0, "x".getBytes(StandardCharsets.US_ASCII));
                seq.setValueCount(1);
                cache.written(VectorSchemaRoot.of(seq), new BatchSpan(0, Long.MAX_VALUE, Long.MAX_VALUE));
            }
            assertFalse(cache.commit(copy), "no cache");
        }
        assertEquals(1, progress.size(), "one line: " + progress);
        assertTrue(progress.getFirst().startsWith("no query store for ") && progress.getFirst().endsWith("the first open will build it"),
                progress.getFirst());
        assertFalse(Files.exists(TraceCache.fileFor(copy.toAbsolutePath())));
        assertFalse(Files.exists(TraceCache.buildingFile(TraceCache.fileFor(copy.toAbsolutePath()))));
        try (TraceDatabase db = TraceDatabase.open(copy, ALWAYS)) {
            assertEquals(written, db.rows(), "the trace itself is whole");
        }
    }

    @Test
    void aTraceTooSmallToCacheGetsNone() throws IOException {
        Path trace = SampleTracesTest.samples().findFirst().orElseThrow();
        Path copy = dir.resolve("small.arrows");
        assertFalse(rewriteWith(trace, copy, LiveCache.start(copy, LoadOptions.DEFAULTS, true)), "below 4 MiB: loaded in memory at once");
        assertFalse(Files.exists(TraceCache.fileFor(copy.toAbsolutePath())));
    }

    private static boolean rewrite(Path from, Path to, LiveCache cache, boolean background) throws IOException {
        try (cache) {
            try (TraceReader in = TraceReader.open(from);
                 TraceWriter out = TraceWriter.create(to, in.metadata(),
                         WriterOptions.DEFAULTS.withBatchRows(97).withOverwrite(true).withBackground(background), cache)) {
                while (in.hasNext()) out.append(in.next());
            }
            return cache.commit(to);
        }
    }

    private static boolean rewriteWith(Path from, Path to, LiveCache cache) throws IOException {
        try (cache) {
            try (TraceReader in = TraceReader.open(from);
                 TraceWriter out = TraceWriter.create(to, in.metadata(), WriterOptions.DEFAULTS.withOverwrite(true), cache)) {
                while (in.hasNext()) {
                    TraceEvent e = in.next();
                    out.append(e);
                }
            }
            return cache.commit(to);
        }
    }
}
