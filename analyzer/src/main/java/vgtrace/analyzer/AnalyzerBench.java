package vgtrace.analyzer;

import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scale benchmark: generates a synthetic trace (by default shaped like a long real session, ids
 * reused thousands of times), then times loading it until queryable with each SQL module's build
 * time, each view ({@code count(*)} and a representative aggregate) and peak RSS. Goals: load <= 10
 * s, each module and view <= 2 s, RSS <= 4 GB. Prints figures; asserts nothing (not part of the unit
 * suite, which checks that every module has an aggregate here).
 */
public final class AnalyzerBench {

    /** A representative aggregate per view: what a user asks of it. */
    static final Map<String, String> AGGREGATES = new LinkedHashMap<>();

    static {
        AGGREGATES.put("messages", "SELECT kind, type_name, count(*) FROM messages GROUP BY ALL");
        AGGREGATES.put("commands", "SELECT type_name, avg(latency_ns), count(*) FILTER (is_error) FROM commands GROUP BY ALL");
        AGGREGATES.put("fences", "SELECT timeline, max(latency_ns), count(*) FILTER (retired_early) FROM fences GROUP BY ALL");
        AGGREGATES.put("signals", "SELECT timeline, count(*), max(gap_ns) FROM signals GROUP BY ALL");
        AGGREGATES.put("rings", "SELECT * FROM rings");
        AGGREGATES.put("resources", "SELECT kind, sum(bytes_transferred), count(*) FILTER (alive_at_end) FROM resources GROUP BY ALL");
        AGGREGATES.put("blobs", "SELECT mem_type, count(*) FILTER (alive_at_end), avg(lifetime_ns) FROM blobs GROUP BY ALL");
        AGGREGATES.put("contexts", "SELECT * FROM contexts");
        AGGREGATES.put("errors", "SELECT error, command, count(*) FROM errors GROUP BY ALL");
        AGGREGATES.put("frames", "SELECT source, avg(interval_ns) FROM frames GROUP BY ALL");
        AGGREGATES.put("type_stats", "SELECT * FROM type_stats");
        AGGREGATES.put("timeline", "SELECT * FROM timeline");
    }

    private final PrintStream out;

    public AnalyzerBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path dir = Files.createTempDirectory("vgtrace-bench");
        new AnalyzerBench(System.out).run(SyntheticTrace.real(messages, 1), dir);
    }

    /** Runs the benchmark with a trace generated from {@code spec}, written in {@code dir}. */
    public void run(SyntheticTrace spec, Path dir) throws IOException, SQLException {
        Path trace = dir.resolve("bench-" + spec.shape().name().toLowerCase() + "-" + spec.messages() + ".arrows");
        long t0 = System.nanoTime();
        long written;
        try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("generator"),
                WriterOptions.DEFAULTS.withOverwrite(true))) {
            written = new TraceGenerator(spec, w).run();
        }
        long size = Files.size(trace);
        out.printf("generate  %,d messages (%s): %.2f s, %,d rows, %,d MB (%.0f bytes/row)%n", spec.messages(),
                spec.shape(), secs(t0), written, size >> 20, (double) size / written);

        Path cache = TraceCache.fileFor(trace);
        Files.deleteIfExists(cache);
        long t1 = System.nanoTime();
        LoadOptions timed = LoadOptions.DEFAULTS.withProgress(m -> out.printf("  %6.2f s  %s%n", secs(t1), m));
        try (TraceDatabase db = TraceDatabase.open(trace, timed)) {
            out.printf("first open (load + build cache) %,d rows: %.2f s, cache %,d MB, peak RSS %s%n", db.rows(),
                    secs(t1), Files.size(cache) >> 20, peakRss());
        }
        long t2 = System.nanoTime();
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.DEFAULTS)) {
            out.printf("reopen from cache: %.2f s%n", secs(t2));
            timeViews(db);
        }
        out.printf("peak RSS after cached views %s%n", peakRss());
        long t3 = System.nanoTime();
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.IN_MEMORY)) {
            out.printf("in-memory open (no cache): %.2f s%n", secs(t3));
            timeViews(db);
        }
        out.printf("peak RSS after in-memory %s%n", peakRss());
        writeWithCache(spec, dir);
    }

    /** The same trace written again with its cache built as it is written ({@link LiveCache}). */
    private void writeWithCache(SyntheticTrace spec, Path dir) throws IOException {
        Path trace = dir.resolve("bench-live-" + spec.messages() + ".arrows");
        long t0 = System.nanoTime();
        LoadOptions timed = LoadOptions.DEFAULTS.withProgress(m -> out.printf("  %6.2f s  %s%n", secs(t0), m));
        try (LiveCache cache = LiveCache.start(trace, timed, true)) {
            try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("generator"),
                    WriterOptions.DEFAULTS.withOverwrite(true).withBackground(true), cache)) {
                new TraceGenerator(spec, w).run();
            }
            double written = secs(t0);
            long t1 = System.nanoTime();
            boolean built = cache.commit(trace);
            out.printf("written with its cache: %.2f s, queryable %.2f s after the trace's end (%s), peak RSS %s%n", written,
                    secs(t1), built ? "cache built" : "no cache", peakRss());
        }
        long t2 = System.nanoTime();
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.DEFAULTS)) {
            out.printf("first open of it: %.2f s (%s), %,d commands%n", secs(t2), db.fromCache() ? "from its cache" : "loaded",
                    db.count("SELECT count(*) FROM commands"));
        } catch (SQLException e) {
            throw new IOException(trace + ": " + DuckDb.oneLine(e), e);
        }
    }

    private void timeViews(TraceDatabase db) throws SQLException {
        for (String view : SqlModules.MODULES) {
            long a = System.nanoTime();
            long n = db.count("SELECT count(*) FROM " + view);
            double count = secs(a);
            long b = System.nanoTime();
            int rows = drain(db, AGGREGATES.get(view));
            out.printf("  view %-10s count %,12d in %.2f s; aggregate (%d rows) in %.2f s%n", view, n, count, rows,
                    secs(b));
        }
    }

    private static int drain(TraceDatabase db, String sql) throws SQLException {
        int n = 0;
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) n++;
        }
        return n;
    }

    /** Peak resident set size from /proc/self/status (VmHWM), or "unknown". */
    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double secs(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
