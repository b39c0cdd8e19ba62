package vgtrace.cli;

import picocli.CommandLine.Option;
import vgtrace.analyzer.LoadOptions;
import vgtrace.analyzer.TraceDatabase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Consumer;

/** Options of the commands that open a trace in DuckDB (query, report, export). */
final class TraceDatabaseOptions {

    /** Traces at least this large get progress lines on stderr while they load. */
    private static final long CHATTY_BYTES = LoadOptions.CACHE_FROM_BYTES;

    @Option(names = "--no-cache", description = "Load the trace into memory; do not use or write TRACE.duckdb beside it (written for traces of 4 MiB and more).")
    boolean noCache;

    @Option(names = "--payload", description = "Also load the payload column (exact wire bytes); large traces load slower.")
    boolean payload;

    TraceDatabase open(Path trace, PrintWriter err) throws IOException {
        LoadOptions options = LoadOptions.DEFAULTS.withPayload(payload)
                .withCacheFromBytes(noCache ? Long.MAX_VALUE : LoadOptions.CACHE_FROM_BYTES)
                .withProgress(progress(trace, err));
        TraceDatabase db = TraceDatabase.open(trace, options);
        if (db.tornBytes() > 0) {
            err.printf("vgtrace: %s is torn: %,d bytes after the last complete batch were not loaded%n", trace,
                    db.tornBytes());
        }
        return db;
    }

    /** Progress lines on stderr for a trace large enough to take a while; silence otherwise. */
    static Consumer<String> progress(Path trace, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(trace) || Files.size(trace) < CHATTY_BYTES) return m -> { };
        return m -> {
            err.println("vgtrace: " + m);
            err.flush();
        };
    }

    /** A DuckDB error as one line for the user. */
    static UserInputException sqlError(int exitCode, SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return new UserInputException(exitCode, "SQL: " + (nl < 0 ? m : m.substring(0, nl)).strip());
    }

    /** Fails with a clear message when {@code file}'s directory does not exist. */
    static void checkParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException("output directory " + parent + " does not exist");
        }
    }
}
