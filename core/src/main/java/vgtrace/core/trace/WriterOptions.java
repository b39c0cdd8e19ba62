package vgtrace.core.trace;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link TraceWriter} batches and creates its file. A batch is written when it holds
 * {@code batchRows} rows, or {@code batchBytes} of payload and text, or its first row is older than
 * {@code maxBatchAge} on {@code nanoClock}.
 *
 * @param batchRows   rows per batch at most (default 65536: a reader's and DuckDB's cost per batch
 *                    made a 10M-row trace load in 11.3 s with 8192-row batches, 8.3 s with 65536)
 * @param batchBytes  payload and text bytes that end a batch (default 8 MiB)
 * @param maxBatchAge age of a batch's first row that ends it (default 1 s)
 * @param overwrite   replace an existing file (default false: refuse)
 * @param nanoClock   monotonic nanoseconds for batch age (default {@link System#nanoTime})
 * @param compression how batch bodies are compressed (default ZSTD: docs/trace-format.md, Compression)
 * @param background  compress and write each full batch on a thread of its own while the next one
 *                    fills (default false: in the caller's thread, so a full batch is on disk when
 *                    {@code append} returns); for bulk writers, as importers
 */
public record WriterOptions(int batchRows, long batchBytes, Duration maxBatchAge, boolean overwrite,
                            LongSupplier nanoClock, TraceCompression compression, boolean background) {

    public static final WriterOptions DEFAULTS = new WriterOptions(65536, 8L << 20, Duration.ofSeconds(1), false,
            System::nanoTime, TraceCompression.ZSTD, false);

    public WriterOptions {
        if (batchRows < 1) throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        if (batchBytes < 1) throw new IllegalArgumentException("batchBytes must be positive: " + batchBytes);
        Objects.requireNonNull(maxBatchAge, "maxBatchAge");
        if (maxBatchAge.isNegative()) throw new IllegalArgumentException("maxBatchAge is negative: " + maxBatchAge);
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(compression, "compression");
    }

    public WriterOptions withBatchRows(int rows) {
        return new WriterOptions(rows, batchBytes, maxBatchAge, overwrite, nanoClock, compression, background);
    }

    public WriterOptions withBatchBytes(long bytes) {
        return new WriterOptions(batchRows, bytes, maxBatchAge, overwrite, nanoClock, compression, background);
    }

    public WriterOptions withMaxBatchAge(Duration age) {
        return new WriterOptions(batchRows, batchBytes, age, overwrite, nanoClock, compression, background);
    }

    public WriterOptions withOverwrite(boolean replace) {
        return new WriterOptions(batchRows, batchBytes, maxBatchAge, replace, nanoClock, compression, background);
    }

    public WriterOptions withNanoClock(LongSupplier clock) {
        return new WriterOptions(batchRows, batchBytes, maxBatchAge, overwrite, clock, compression, background);
    }

    public WriterOptions withCompression(TraceCompression c) {
        return new WriterOptions(batchRows, batchBytes, maxBatchAge, overwrite, nanoClock, c, background);
    }

    public WriterOptions withBackground(boolean b) {
        return new WriterOptions(batchRows, batchBytes, maxBatchAge, overwrite, nanoClock, compression, b);
    }
}
