package vgtrace.core.bench;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceCompression;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trace file throughput: writes N header-like rows (fenced SUBMIT_3D commands and their responses,
 * no payload) to a temporary file, then reads them back row by row and batch by batch.
 */
public final class TraceBench {

    /**
     * @param rows            rows written and read
     * @param fileBytes       size of the trace file
     * @param writeRowsPerSec rows appended per second, close included
     * @param readRowsPerSec  rows per second through {@link TraceReader#next()}
     * @param batchRowsPerSec rows per second through {@link TraceReader#arrowReader}, values not touched
     */
    public record Result(long rows, long fileBytes, double writeRowsPerSec, double readRowsPerSec,
                         double batchRowsPerSec) {
    }

    private TraceBench() {
    }

    /** Runs the bench in a temporary file under {@code dir} written with {@code compression}, deleted afterwards. */
    public static Result run(long rows, Path dir, TraceCompression compression) throws IOException {
        Path file = Files.createTempFile(dir, "vgtrace-bench", ".arrows");
        try {
            Files.delete(file);
            double write = perSecond(rows, () -> write(file, rows, compression));
            long size = Files.size(file);
            double read = perSecond(rows, () -> checkCount(rows, read(file)));
            double batches = perSecond(rows, () -> checkCount(rows, readBatches(file)));
            return new Result(rows, size, write, read, batches);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void write(Path file, long rows, TraceCompression compression) throws IOException {
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("generator"),
                WriterOptions.DEFAULTS.withCompression(compression).withBackground(true))) {
            CtrlHeader response = CtrlHeader.of(CtrlType.RESP_OK_NODATA);
            for (long seq = 0; seq < rows; seq++) {
                long ts = seq * 1_000;
                if ((seq & 1) == 0) {
                    CtrlHeader h = CtrlHeader.fenced(CtrlType.SUBMIT_3D, seq, 2, (int) (seq & 3));
                    w.append(TraceEvent.command(seq, ts, 0, h, MessageFields.NONE, null));
                } else {
                    w.append(TraceEvent.response(seq, ts, 0, seq - 1, response, MessageFields.NONE, null,
                            Pairing.CAPTURE));
                }
            }
        }
    }

    private static long read(Path file) throws IOException {
        long n = 0;
        try (TraceReader r = TraceReader.open(file)) {
            while (r.hasNext()) {
                if (r.next().seq() >= 0) n++;
            }
        }
        return n;
    }

    private static long readBatches(Path file) throws IOException {
        long n = 0;
        BufferAllocator root = TraceMemory.root();
        try (TraceReader r = TraceReader.open(file); ArrowReader batches = r.arrowReader(root)) {
            while (batches.loadNextBatch()) n += batches.getVectorSchemaRoot().getRowCount();
        }
        return n;
    }

    private static void checkCount(long expected, long actual) {
        if (expected != actual) throw new IllegalStateException("read " + actual + " rows, wrote " + expected);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static double perSecond(long rows, Step step) throws IOException {
        long start = System.nanoTime();
        step.run();
        return rows * 1e9 / (System.nanoTime() - start);
    }

    /** Prints the figures for {@code args[0]} rows (default 10M) in {@code args[1]} (default the temp dir). */
    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        for (TraceCompression c : TraceCompression.values()) {
            Result r = run(rows, dir, c);
            System.out.printf("%s: rows %,d, file %,d bytes (%.1f B/row)%n", c, r.rows(), r.fileBytes(),
                    (double) r.fileBytes() / r.rows());
            System.out.printf("write %,.0f rows/s, read (events) %,.0f rows/s, read (batches) %,.0f rows/s%n",
                    r.writeRowsPerSec(), r.readRowsPerSec(), r.batchRowsPerSec());
        }
    }
}
