package vgtrace.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A line on stderr every second while a capture runs: rows and rows/s, trace MB, messages/s. */
final class CaptureProgress implements AutoCloseable {

    /** What a capture has done so far: rows written and lost, messages seen, where the trace is. */
    record Status(long rowsWritten, long rowsLost, long messages, Path trace) {
    }

    private final Supplier<Status> source;
    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private long lastRows, lastMessages, lastNs = System.nanoTime();

    private CaptureProgress(Supplier<Status> source, PrintWriter err) {
        this.source = source;
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("vgtrace-progress").unstarted(r));
    }

    static CaptureProgress start(Supplier<Status> source, PrintWriter err) {
        CaptureProgress p = new CaptureProgress(source, err);
        p.timer.scheduleAtFixedRate(p::print, 1, 1, TimeUnit.SECONDS);
        return p;
    }

    private void print() {
        long now = System.nanoTime();
        Status st = source.get();
        long messages = st.messages();
        double dt = Math.max(1e-9, (now - lastNs) / 1e9);
        long bytes;
        try {
            bytes = Files.size(st.trace());
        } catch (java.io.IOException e) {
            bytes = 0;
        }
        err.printf("capture: %,d rows (%,.0f rows/s), %.1f MB, %,.0f messages/s, %,d lost%n", st.rowsWritten(),
                (st.rowsWritten() - lastRows) / dt, bytes / 1e6, (messages - lastMessages) / dt, st.rowsLost());
        err.flush();
        lastRows = st.rowsWritten();
        lastMessages = messages;
        lastNs = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
