package vgtrace.capture.ftrace;

import vgtrace.capture.ImportReport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures ftrace import speed on a generated Linux 6.12-style log of fenced submits and their
 * responses (the parse and pairing path, rows handed to a counting sink).
 */
public final class FtraceImportBench {

    public record Figures(long lines, long rows, long bytes, double seconds) {
        public double linesPerSecond() {
            return lines / seconds;
        }
    }

    private FtraceImportBench() {
    }

    /** Writes a log of {@code lines} lines into {@code dir}, imports it, deletes it. */
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
            long bytes = Files.size(log);
            long[] rows = {0};
            long start = System.nanoTime();
            ImportReport report;
            try (InputStream in = Files.newInputStream(log)) {
                report = new FtraceImporter(false).importFrom(in, log.toString(), e -> rows[0]++);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Figures(report.lines(), rows[0], bytes, seconds);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
