package vgtrace.cli;

import vgtrace.capture.proxy.CaptureSession;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A line on stderr every second while a capture runs: rows and rows/s, trace MB, messages/s. */
final class CaptureProgress implements AutoCloseable {

    private final CaptureSession session;
    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private long lastRows, lastMessages, lastNs = System.nanoTime();

    private CaptureProgress(CaptureSession session, PrintWriter err) {
        this.session = session;
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("vgtrace-progress").unstarted(r));
    }

    static CaptureProgress start(CaptureSession session, PrintWriter err) {
        CaptureProgress p = new CaptureProgress(session, err);
        p.timer.scheduleAtFixedRate(p::print, 1, 1, TimeUnit.SECONDS);
        return p;
    }

    private void print() {
        long now = System.nanoTime();
        var stats = session.recorderStats();
        var c = session.counters().snapshot();
        long messages = c.commands() + c.responses();
        double dt = Math.max(1e-9, (now - lastNs) / 1e9);
        long bytes;
        try {
            bytes = Files.size(session.tracePath());
        } catch (java.io.IOException e) {
            bytes = 0;
        }
        err.printf("capture: %,d rows (%,.0f rows/s), %.1f MB, %,.0f messages/s, %,d lost%n", stats.rowsWritten(),
                (stats.rowsWritten() - lastRows) / dt, bytes / 1e6, (messages - lastMessages) / dt, stats.rowsLost());
        err.flush();
        lastRows = stats.rowsWritten();
        lastMessages = messages;
        lastNs = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
