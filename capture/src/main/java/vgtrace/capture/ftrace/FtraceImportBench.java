package vgtrace.capture.ftrace;

import vgtrace.capture.ImportReport;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceSink;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures ftrace import speed. The synthetic log (fenced submits and their responses) times the
 * parse and pairing path, rows dropped; the real-shaped log ({@link RealGuestLog}) times what
 * {@code vgtrace import ftrace} does, writing the trace file as the command writes it.
 */
public final class FtraceImportBench {

    /** @param traceBytes the trace file's size; 0 when the rows were dropped */
    public record Figures(long lines, long rows, long bytes, long traceBytes, double seconds) {
        public double linesPerSecond() {
            return lines / seconds;
        }
    }

    private FtraceImportBench() {
    }

    /** Writes a synthetic log of {@code lines} lines into {@code dir}, imports it, deletes it. */
    public static Figures run(long lines, Path dir) throws IOException {
        Path log = Files.createTempFile(dir, "vgtrace-bench-", ".ftrace");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
                for (long i = 0; i < lines / 2; i++) {
                    long ts = 1_000_000 + i * 20;
                    int ctx = 1 + (int) (i % 3);
                    out.write(String.format(
                            "          vgwork-95      [000] .....  %d.%06d: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x3 fence_id=%d ctx_id=%d num_free=1000 seqno=%d%n"
                                    + "     kworker/0:1-20      [001] d..1.  %d.%06d: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x3 fence_id=%d ctx_id=%d num_free=1023 seqno=%d%n",
                            ts / 1_000_000, ts % 1_000_000, i + 1, ctx, i, (ts + 10) / 1_000_000, (ts + 10) % 1_000_000,
                            i + 1, ctx, i).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return importTimed(log, null);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Writes a real-shaped log of {@code eventLines} event lines to {@code log}, then imports it into a
     * trace file in {@code dir} as {@code vgtrace import ftrace} does; the log stays, the trace goes.
     */
    public static Figures runReal(long eventLines, Path log, Path dir) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            RealGuestLog.bundled().write(out, eventLines);
        }
        Path trace = Files.createTempFile(dir, "vgtrace-bench-", ".arrows");
        try {
            return importTimed(log, trace);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** Imports {@code log} into {@code trace} (closed before the clock stops), or into no file when null. */
    private static Figures importTimed(Path log, Path trace) throws IOException {
        long start = System.nanoTime();
        ImportReport report;
        try (InputStream in = Files.newInputStream(log);
             TraceWriter writer = trace == null ? null
                     : TraceWriter.create(trace, TraceMetadata.of("ftrace"), WriterOptions.DEFAULTS.withOverwrite(true).withBackground(true))) {
            TraceSink sink = writer != null ? writer : e -> { };
            report = new FtraceImporter(false).importFrom(in, log.toString(), sink);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(report.lines(), report.rows(), Files.size(log), trace == null ? 0 : Files.size(trace), seconds);
    }
}
