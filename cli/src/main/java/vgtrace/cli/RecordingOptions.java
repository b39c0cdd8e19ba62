package vgtrace.cli;

import picocli.CommandLine.Option;

/** The options both capture routes share about the trace they write and their recording queue. */
final class RecordingOptions {

    @Option(names = "--force", description = "Replace TRACE if it exists.")
    boolean force;

    @Option(names = "--queue-rows", paramLabel = "N", defaultValue = "65536",
            description = "Rows the recording queue holds before it drops (and counts) rows (default: ${DEFAULT-VALUE}).")
    int queueRows;

    /** @throws UserInputException (exit 2) for a queue too small to record anything */
    int checkedQueueRows() {
        if (queueRows < 16) throw new UserInputException(ExitCode.USAGE, "--queue-rows must be at least 16");
        return queueRows;
    }
}
