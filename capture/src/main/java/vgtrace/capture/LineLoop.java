package vgtrace.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one line loop of the importers: reads bounded lines ({@link LineSource}), hands each to the
 * importer, and counts what became of it. A line cut at the length limit is malformed without being
 * handed over.
 */
public final class LineLoop {

    /** What an importer made of one line. */
    public sealed interface Outcome permits Used, NotOurs, Malformed { }

    /** The line gave rows, or state for rows to come. */
    public record Used() implements Outcome { }

    /** Not a line of the importer's events: counted as skipped. */
    public record NotOurs() implements Outcome { }

    /** One of its events, but unreadable: {@code reason} says why. */
    public record Malformed(String reason) implements Outcome { }

    public static final Outcome USED = new Used(), NOT_OURS = new NotOurs();

    /** One line's handling; {@code lineNumber} is 1-based; {@code line} is valid during the call only. */
    @FunctionalInterface
    public interface Handler {
        Outcome line(AsciiLine line, long lineNumber) throws IOException;
    }

    private LineLoop() {
    }

    /**
     * Runs {@code handler} over every line of {@code log}; returns a report with its line counts
     * filled in, for the importer to add its rows and pairing figures to.
     *
     * @throws ImportException at the first malformed line when {@code strict}
     */
    public static ImportReport.Builder run(InputStream log, String inputName, boolean strict, String malformedWhat,
                                           Handler handler) throws IOException {
        MalformedLines malformed = new MalformedLines(strict, malformedWhat);
        LineSource lines = new LineSource(log);
        long skipped = 0;
        for (AsciiLine line; (line = lines.next()) != null; ) {
            Outcome o = lines.lastLineWasCut()
                    ? new Malformed("line longer than " + LineSource.DEFAULT_MAX_LINE + " bytes")
                    : handler.line(line, lines.lineNumber());
            switch (o) {
                case Used _ -> { }
                case NotOurs _ -> skipped++;
                case Malformed m -> malformed.add(inputName + ":" + lines.lineNumber() + ": " + m.reason());
            }
        }
        return ImportReport.builder().lines(lines.lineNumber()).skippedLines(skipped)
                .malformedLines(malformed.count()).malformedExamples(malformed.examples());
    }
}
