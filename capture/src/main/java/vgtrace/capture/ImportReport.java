package vgtrace.capture;

import java.util.List;

/**
 * What an importer did with its input: counted, not thrown (a log with a few bad lines still
 * imports). {@code malformedExamples} holds the first few malformed lines as "line N: reason".
 */
public record ImportReport(
        long lines,
        long rows,
        long skippedLines,
        long malformedLines,
        List<String> malformedExamples,
        long unpairedResponses,
        long unansweredCommands,
        long mergedProbeEvents) {

    public static final int MAX_EXAMPLES = 5;

    public ImportReport {
        malformedExamples = List.copyOf(malformedExamples);
    }

    /** One-line summary for the CLI. */
    public String summary() {
        return String.format("%,d lines: %,d rows, %,d other lines skipped, %,d malformed, %,d responses unpaired, "
                        + "%,d commands unanswered%s", lines, rows, skippedLines, malformedLines, unpairedResponses,
                unansweredCommands, mergedProbeEvents > 0 ? String.format(", %,d probe events merged", mergedProbeEvents) : "");
    }
}
