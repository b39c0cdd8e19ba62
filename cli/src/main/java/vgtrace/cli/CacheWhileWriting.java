package vgtrace.cli;

import picocli.CommandLine.Option;
import vgtrace.analyzer.LiveCache;
import vgtrace.analyzer.LoadOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The option of the commands that write a trace about building its query cache (TRACE.duckdb) as they write. */
final class CacheWhileWriting {

    @Option(names = "--no-cache", description = "Do not build the trace's query cache (TRACE.duckdb, for traces of 4 MiB and more) "
            + "while writing it; the first query or UI open builds it instead.")
    boolean noCache;

    /** The cache to hand the writer of {@code trace}, or null (asked not to, or none can be written: said on {@code err}). */
    LiveCache start(Path trace, PrintWriter err) {
        if (noCache) return null;
        try {
            return LiveCache.start(trace, LoadOptions.DEFAULTS.withProgress(m -> {
                err.println("vgtrace: " + m);
                err.flush();
            }));
        } catch (IOException e) {
            err.println("vgtrace: no query cache while writing (" + e.getMessage() + "): the first query will build it");
            return null;
        }
    }

    /** Finishes {@code cache}, if any, for {@code trace} as written and in place. */
    static void commit(LiveCache cache, Path trace) throws IOException {
        if (cache != null) cache.commit(trace);
    }
}
