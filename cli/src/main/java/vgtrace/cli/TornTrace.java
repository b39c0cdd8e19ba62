package vgtrace.cli;

import vgtrace.core.trace.Truncation;
import vgtrace.replay.engine.ReplayPlan;

import java.nio.file.Path;
import java.util.Optional;

/** What replay and diff say about a torn trace (one whose writer died): which part of it they used. */
final class TornTrace {

    private TornTrace() {
    }

    /** A line naming the part of {@code trace} in {@code plan}, when the trace is torn. */
    static Optional<String> notice(Path trace, ReplayPlan plan) {
        return plan.truncation().map(t -> "torn: %s ends early (%s); using its %,d commands in %s"
                .formatted(trace, why(trace, t), plan.steps().size(), rows(t)));
    }

    /** The user error for a torn trace whose complete part holds no command. */
    static UserInputException empty(Path trace, Truncation t) {
        return new UserInputException("no commands to replay in %s: it is torn (%s) and its %s hold none; "
                .formatted(trace, why(trace, t), rows(t)) + "the writer died before its first batch of commands reached the file");
    }

    /** The reader's message without the path it starts with. */
    private static String why(Path trace, Truncation t) {
        String prefix = trace + ": ";
        return t.message().startsWith(prefix) ? t.message().substring(prefix.length()) : t.message();
    }

    private static String rows(Truncation t) {
        return t.rowsRead() == 0 ? "complete batches (none)"
                : "%,d rows of complete batches (up to seq %d)".formatted(t.rowsRead(), t.lastCompleteSeq());
    }
}
