package vgtrace.capture.proxy;

import vgtrace.core.os.UnixSocket;
import vgtrace.core.trace.BatchListener;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One capture from start to end: the trace file, the recorder thread and the proxy, opened together
 * and closed in the right order (proxy, then recorder, which flushes and closes the file).
 */
public final class CaptureSession implements AutoCloseable {

    /**
     * @param listen    where the VMM connects (created 0600)
     * @param output    the trace file (created 0600)
     * @param overwrite replace {@code output} if it exists
     * @param queueRows capacity of the recording queue, in rows
     * @param backend   how the back-end was reached, for the metadata
     */
    /** @param listener sees each batch written (the query cache built while capturing), or null */
    public record Options(Path listen, Path output, boolean overwrite, int queueRows, String backend, BatchListener listener) {
        public static final int DEFAULT_QUEUE_ROWS = 65536;

        public Options(Path listen, Path output, boolean overwrite, int queueRows, String backend) {
            this(listen, output, overwrite, queueRows, backend, null);
        }
    }

    /**
     * How the trace is cut into batches: a crash or SIGKILL loses the batch being filled, so batches
     * end at 1 MiB of payload (a full-screen transfer is a batch of its own) or 200 ms after their
     * first row, rather than the writer's 8 MiB and 1 s.
     */
    static final WriterOptions BATCHES = WriterOptions.DEFAULTS.withBatchBytes(1L << 20).withMaxBatchAge(Duration.ofMillis(200));

    private final TraceWriter writer;
    private final Recorder recorder;
    private final VhostUserProxy proxy;

    private CaptureSession(TraceWriter writer, Recorder recorder, VhostUserProxy proxy) {
        this.writer = writer;
        this.recorder = recorder;
        this.proxy = proxy;
    }

    /** Creates the trace and starts listening; {@code backend} is connected to the real back-end. */
    public static CaptureSession open(Options o, UnixSocket backend) throws IOException {
        long anchor = Instant.now().toEpochMilli() * 1_000_000 - System.nanoTime();
        TraceMetadata meta = TraceMetadata.of("capture").with("backend", o.backend()).with("clock", "CLOCK_MONOTONIC")
                .with("clock_anchor_realtime_ns", Long.toString(anchor)).with("vmm", "vhost-user front-end");
        TraceWriter writer = TraceWriter.create(o.output(), meta, BATCHES.withOverwrite(o.overwrite()), o.listener());
        Recorder recorder = new Recorder(RowWriter.of(writer), o.queueRows());
        try {
            return new CaptureSession(writer, recorder, VhostUserProxy.create(o.listen(), backend, recorder));
        } catch (IOException | RuntimeException e) {
            recorder.close();
            Files.deleteIfExists(o.output()); // nothing was captured: leave nothing behind
            throw e;
        }
    }

    /** Forwards and records until the VMM leaves, the back-end dies or {@link #stop()} is called. */
    public CaptureResult run() {
        return proxy.run();
    }

    /** Ends {@link #run()} soon; safe from any thread. */
    public void stop() {
        proxy.stop();
    }

    public CaptureCounters counters() {
        return proxy.counters();
    }

    public RecorderStats recorderStats() {
        return recorder.stats();
    }

    public Path tracePath() {
        return writer.path();
    }

    /** Closes the sockets, then writes the queued rows and closes the trace. */
    @Override
    public void close() throws IOException {
        try {
            proxy.close();
        } finally {
            recorder.close();
        }
    }
}
