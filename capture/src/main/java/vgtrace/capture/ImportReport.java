package vgtrace.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * What an importer did with its input: counted, not thrown (a log with a few bad lines still
 * imports). {@code malformedExamples} holds the first few malformed lines as "line N: reason";
 * {@code warnings} are what the user should know about the rows (one line each).
 */
public record ImportReport(
        long lines,
        long rows,
        long skippedLines,
        long malformedLines,
        List<String> malformedExamples,
        long unpairedResponses,
        long unansweredCommands,
        long mergedProbeEvents,
        List<String> warnings) {

    public static final int MAX_EXAMPLES = 5;

    public ImportReport {
        malformedExamples = List.copyOf(malformedExamples);
        warnings = List.copyOf(warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An import report by field name; what is not set is 0 (or no examples). */
    public static final class Builder {
        private long lines, rows, skippedLines, malformedLines, unpairedResponses, unansweredCommands, mergedProbeEvents;
        private List<String> malformedExamples = List.of();
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        public Builder lines(long v) {
            lines = v;
            return this;
        }

        public Builder rows(long v) {
            rows = v;
            return this;
        }

        public Builder skippedLines(long v) {
            skippedLines = v;
            return this;
        }

        public Builder malformedLines(long v) {
            malformedLines = v;
            return this;
        }

        public Builder malformedExamples(List<String> v) {
            malformedExamples = v;
            return this;
        }

        public Builder unpairedResponses(long v) {
            unpairedResponses = v;
            return this;
        }

        public Builder unansweredCommands(long v) {
            unansweredCommands = v;
            return this;
        }

        public Builder mergedProbeEvents(long v) {
            mergedProbeEvents = v;
            return this;
        }

        public Builder warning(String v) {
            warnings.add(v);
            return this;
        }

        public ImportReport build() {
            return new ImportReport(lines, rows, skippedLines, malformedLines, malformedExamples, unpairedResponses,
                    unansweredCommands, mergedProbeEvents, warnings);
        }
    }

    /** One-line summary for the CLI. */
    public String summary() {
        return String.format("%,d lines: %,d rows, %,d other lines skipped, %,d malformed, %,d responses unpaired, "
                        + "%,d commands unanswered%s", lines, rows, skippedLines, malformedLines, unpairedResponses,
                unansweredCommands, mergedProbeEvents > 0 ? String.format(", %,d probe events merged", mergedProbeEvents) : "");
    }
}
