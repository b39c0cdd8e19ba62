package vgtrace.analyzer;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link TraceDatabase} opens a trace.
 *
 * @param payload  load the {@code payload} column too (wire bytes; large, and slow to load: it
 *                 roughly doubles the load time of a 10M-message trace)
 * @param cache    keep a DuckDB file beside the trace ({@code TRACE.duckdb}) and reuse it while the
 *                 trace's size and mtime are unchanged; off: load into memory every time
 * @param progress receives one line per step of a long load
 */
public record LoadOptions(boolean payload, boolean cache, Consumer<String> progress) {

    /** No payload, cached, quiet. */
    public static final LoadOptions DEFAULTS = new LoadOptions(false, true, message -> { });
    /** In memory, no payload, quiet: for small traces and tests. */
    public static final LoadOptions IN_MEMORY = new LoadOptions(false, false, message -> { });

    public LoadOptions {
        Objects.requireNonNull(progress, "progress");
    }

    public LoadOptions withPayload(boolean load) {
        return new LoadOptions(load, cache, progress);
    }

    public LoadOptions withCache(boolean use) {
        return new LoadOptions(payload, use, progress);
    }

    public LoadOptions withProgress(Consumer<String> to) {
        return new LoadOptions(payload, cache, to);
    }
}
