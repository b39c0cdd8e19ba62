package vgtrace.cli;

import vgtrace.replay.engine.Step;
import vgtrace.replay.reduce.Ddmin;
import vgtrace.replay.reduce.TraceRows;

import java.io.PrintWriter;

/** The reduction's progress on stderr: step, candidates tried, current size; in place on a terminal. */
final class ReduceProgress implements Ddmin.Progress, AutoCloseable {

    private final int total;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private boolean printed;

    ReduceProgress(int total, PrintWriter err) {
        this.total = total;
        this.err = err;
    }

    @Override
    public void update(int step, int tried, int size) {
        printed = true;
        err.print(String.format("%sreduce: step %d, %d candidates tried, %,d of %,d commands%s", terminal ? "\r" : "",
                step, tried, size, total, terminal ? "" : "\n"));
        err.flush();
    }

    /** A command of the trace as replay reports print it. */
    static String text(TraceRows rows, long seq) {
        return Step.describe(rows.commands().get(seq).payload());
    }

    @Override
    public void close() {
        if (printed && terminal) {
            err.println();
            err.flush();
        }
    }
}
