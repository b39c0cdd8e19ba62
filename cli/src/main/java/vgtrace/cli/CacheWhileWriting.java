package vgtrace.cli;

import picocli.CommandLine.Option;
import vgtrace.analyzer.LiveCache;
import vgtrace.analyzer.LoadOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The option of the commands that write a trace about building its query cache (TRACE.duckdb) as
 * they write, so that the trace is queryable when the command ends (docs/sql.md, Scale). Each command
 * picks the default: on where it pays (captures, whose writer mostly waits on the guest, and
 * {@code generate}), off for imports (on two cores the same work, and the import itself slower).
 */
final class CacheWhileWriting {

    @Option(names = "--cache", negatable = true, description = "Build (or with --no-cache, do not build) the trace's query cache "
            + "(TRACE.duckdb, for traces of 4 MiB and more) while writing it, so that the first query need not load the trace "
            + "(default: on for capture and generate, off for import).")
    Boolean cache;

    /**
     * The cache to hand the writer of {@code trace}, or null (not asked for, or none can be written:
     * said on {@code err}).
     *
     * @param byDefault whether the command builds it unless told
     * @param capture   the writer records a live source: a store that falls behind is given up, never waited for
     */
    LiveCache start(Path trace, PrintWriter err, boolean byDefault, boolean capture) {
        if (!(cache != null ? cache : byDefault)) return null;
        try {
            return LiveCache.start(trace, LoadOptions.DEFAULTS.withProgress(m -> {
                err.println("vgtrace: " + m);
                err.flush();
            }), !capture);
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
