package vgtrace.analyzer;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link TraceDatabase} opens a trace.
 *
 * @param payload        load the {@code payload} column too (wire bytes; large, and slow to load)
 * @param cacheFromBytes keep a DuckDB file beside traces at least this large ({@code TRACE.duckdb})
 *                       and reuse it while the trace's size and mtime are unchanged; smaller traces
 *                       load into memory every time ({@link Long#MAX_VALUE}: never cache)
 * @param progress       receives one line per step of a long load
 */
public record LoadOptions(boolean payload, long cacheFromBytes, Consumer<String> progress) {

    /**
     * Traces below this load in about a second: a cache file would only litter. (64 MiB before
     * compression: a compressed header-only import of 64 MiB holds 6M rows and took 9 s a query.)
     */
    public static final long CACHE_FROM_BYTES = 4L << 20;
    /** No payload, cache for traces of 4 MiB and more, quiet. */
    public static final LoadOptions DEFAULTS = new LoadOptions(false, CACHE_FROM_BYTES, message -> { });
    /** In memory, no payload, quiet. */
    public static final LoadOptions IN_MEMORY = DEFAULTS.withCacheFromBytes(Long.MAX_VALUE);

    public LoadOptions {
        Objects.requireNonNull(progress, "progress");
        if (cacheFromBytes < 0) throw new IllegalArgumentException("cacheFromBytes must be >= 0: " + cacheFromBytes);
    }

    public LoadOptions withPayload(boolean load) {
        return new LoadOptions(load, cacheFromBytes, progress);
    }

    public LoadOptions withCacheFromBytes(long bytes) {
        return new LoadOptions(payload, bytes, progress);
    }

    public LoadOptions withProgress(Consumer<String> to) {
        return new LoadOptions(payload, cacheFromBytes, to);
    }
}
