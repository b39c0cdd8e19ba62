package vgtrace.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** query, export and report on a generated trace, and their one-line failures. */
class AnalyzerCommandsTest {

    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void generate() {
        trace = CliRun.generated(dir, "gen.arrows", 4000, 3);
    }

    @Test
    void queryPrintsCsvTableAndJson() {
        CliRun csv = CliRun.of("query", trace.toString(), "SELECT kind, count(*) AS n FROM messages GROUP BY kind ORDER BY kind",
                "--format", "csv");
        assertEquals(0, csv.exitCode(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("kind,n", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COMMAND,")));
        CliRun table = CliRun.of("query", trace.toString(), "--view", "rings");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("timeline      ctx_id  ring_idx  fences"), table.out());
        assertTrue(table.out().contains("(12 rows)"), "3 contexts x 4 rings");
        CliRun json = CliRun.of("query", trace.toString(), "SELECT 1 AS one, 'a\"b' AS s", "--format", "json");
        assertEquals("[\n{\"one\":1,\"s\":\"a\\\"b\"}\n]\n", json.out());
        assertTrue(Files.notExists(dir.resolve("gen.arrows.duckdb")), "a small trace gets no cache file");
    }

    @Test
    void generateLeavesATraceQueryableFromItsCache() throws Exception {
        Path big = dir.resolve("big.arrows");
        CliRun gen = CliRun.of("generate", "--shape", "real", "-n", "150000", "-o", big.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        assertTrue(Files.size(big) >= 4 << 20, "large enough to be cached: " + Files.size(big));
        assertTrue(Files.isRegularFile(dir.resolve("big.arrows.duckdb")), gen.err());
        String sql = "SELECT type_name, count(*), sum(latency_ns), (SELECT count(*) FROM fences) FROM commands GROUP BY ALL ORDER BY ALL";
        CliRun cached = CliRun.of("query", big.toString(), sql, "--format", "csv");
        assertEquals(0, cached.exitCode(), cached.err());
        assertTrue(cached.err().contains("using cache"), "the first query loads nothing:\n" + cached.err());
        CliRun loaded = CliRun.of("query", big.toString(), sql, "--format", "csv", "--no-cache");
        assertEquals(loaded.out(), cached.out(), "the same answers as a fresh load");
        Path none = dir.resolve("none.arrows");
        assertEquals(0, CliRun.of("generate", "--shape", "real", "-n", "150000", "-o", none.toString(), "--no-cache").exitCode());
        assertTrue(Files.notExists(dir.resolve("none.arrows.duckdb")), "--no-cache writes none");
    }

    @Test
    void badSqlIsOneLineAndUsageExit() {
        CliRun r = CliRun.of("query", trace.toString(), "SELEC nonsense");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("vgtrace: SQL: Parser Error"), r.err());
    }

    @Test
    void unknownViewAndMissingTraceAreOneLine() {
        CliRun view = CliRun.of("query", trace.toString(), "--view", "nope");
        assertEquals(ExitCode.USAGE, view.exitCode());
        assertTrue(view.err().contains("unknown view 'nope'"));
        CliRun missing = CliRun.of("query", dir.resolve("missing.arrows").toString(), "--view", "rings");
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void exportPerfettoAndParquet() throws Exception {
        Path json = dir.resolve("t.json");
        CliRun r = CliRun.of("export", trace.toString(), "--format", "perfetto", "-o", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(json);
        assertTrue(text.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["));
        assertTrue(text.contains("\"thread_name\"") && text.contains("\"ph\":\"X\""));
        Path parquet = dir.resolve("fences.parquet");
        CliRun p = CliRun.of("export", trace.toString(), "--format", "parquet", "--view", "fences", "-o", parquet.toString());
        assertEquals(0, p.exitCode(), p.err());
        assertTrue(Files.size(parquet) > 0);
        CliRun bad = CliRun.of("export", trace.toString(), "--format", "xml", "-o", dir.resolve("x").toString());
        assertEquals(ExitCode.USAGE, bad.exitCode());
    }

    @Test
    void reportWritesPageAndCharts() {
        Path out = dir.resolve("report");
        CliRun r = CliRun.of("report", trace.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(out.resolve("index.html")));
        assertTrue(Files.exists(out.resolve("fence-latency.png")));
        assertTrue(Files.exists(out.resolve("queue-depth.png")));
    }
}
