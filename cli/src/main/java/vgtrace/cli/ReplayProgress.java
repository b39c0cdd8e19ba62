package vgtrace.cli;

import vgtrace.replay.Completion;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.Step;

import java.io.PrintWriter;

/** Progress of a long replay on stderr: commands done of the total and rate, every few seconds. */
final class ReplayProgress implements ReplayListener, AutoCloseable {

    private final long total;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long intervalNs;
    private final long startNs = System.nanoTime();
    private long lastPrintNs = startNs;
    private long done;
    private boolean printed;

    ReplayProgress(long total, PrintWriter err) {
        this.total = total;
        this.err = err;
        this.intervalNs = terminal ? 250_000_000L : 5_000_000_000L;
    }

    @Override
    public void completed(Step step, Completion completion, long tsNs) {
        if ((++done & 0x3ff) != 0) return;
        long now = System.nanoTime();
        if (now - lastPrintNs < intervalNs) return;
        lastPrintNs = now;
        printed = true;
        err.print(String.format("%sreplay: %,d of %,d commands (%,.0f/s)%s", terminal ? "\r" : "", done, total,
                done / ((now - startNs) / 1e9), terminal ? "" : "\n"));
        err.flush();
    }

    @Override
    public void close() {
        if (printed && terminal) {
            err.println();
            err.flush();
        }
    }
}
