package vgtrace.cli;

import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * A sink wrapper that shows how a long job advances on stderr: rows written and rate, refreshed in
 * place on a terminal, a line every few seconds otherwise (CI logs).
 */
final class Progress implements TraceSink, AutoCloseable {
    private final String job;
    private final TraceSink downstream;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long intervalNs;
    private final long startNs = System.nanoTime();
    private long lastPrintNs = startNs;
    private long rows;
    private boolean printed;

    Progress(String job, TraceSink downstream, PrintWriter err) {
        this.job = job;
        this.downstream = downstream;
        this.err = err;
        this.intervalNs = terminal ? 250_000_000L : 5_000_000_000L;
    }

    @Override
    public void append(TraceEvent event) throws IOException {
        downstream.append(event);
        if ((++rows & 0xfff) == 0) maybePrint();
    }

    private void maybePrint() {
        long now = System.nanoTime();
        if (now - lastPrintNs < intervalNs) return;
        lastPrintNs = now;
        printed = true;
        err.print(String.format("%s%s: %,d rows (%,.0f rows/s)%s", terminal ? "\r" : "", job, rows,
                rows / ((now - startNs) / 1e9), terminal ? "" : "\n"));
        err.flush();
    }

    long rows() {
        return rows;
    }

    double seconds() {
        return (System.nanoTime() - startNs) / 1e9;
    }

    /** Ends the progress line, if one was drawn in place. */
    @Override
    public void close() {
        if (printed && terminal) {
            err.println();
            err.flush();
        }
    }
}
